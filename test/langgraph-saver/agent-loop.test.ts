/**
 * The same LangGraph.js agent run (tool calls, an interrupt, resumes with Command, an updateState
 * fork, a Send fan-out, a subgraph) on ChronographSaver and on LangGraph's own SqliteSaver: every
 * getStateHistory entry must agree on values, next, tasks, metadata and parent, ids and times aside.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { Command, type StateSnapshot } from "@langchain/langgraph";
import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";
import { agentGraph } from "./agent-graph.ts";

const folder = mkdtempSync(join(tmpdir(), "chronograph-agent-loop-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

type Durability = "sync" | "async" | "exit";

/** Run the whole scenario on one thread; returns the thread's history, newest first. */
async function run(checkpointer: BaseCheckpointSaver, threadId: string, durability: Durability) {
  const graph = agentGraph(checkpointer);
  const config = { configurable: { thread_id: threadId }, durability };
  await graph.invoke({ messages: [new HumanMessage({ id: "h1", content: "Find me pets." })] }, config);
  await graph.invoke(new Command({ resume: { approved: true } }), config);
  await graph.invoke(new Command({ resume: { approved: true } }), config);
  const history: StateSnapshot[] = [];
  for await (const snapshot of graph.getStateHistory({ configurable: { thread_id: threadId } })) history.push(snapshot);
  // Fork: back to the first approval and answer as the model instead.
  const firstApproval = history.filter((snapshot) => snapshot.next.includes("approve")).at(-1)!;
  const forked = await graph.updateState(firstApproval.config, { messages: [new HumanMessage({ id: "h2", content: "Never mind." })] }, "model");
  await graph.invoke(null, { ...forked, durability });
  const all: StateSnapshot[] = [];
  for await (const snapshot of graph.getStateHistory({ configurable: { thread_id: threadId } })) all.push(snapshot);
  const tuples: CheckpointTuple[] = [];
  for await (const tuple of checkpointer.list({ configurable: { thread_id: threadId } })) tuples.push(tuple);
  return { history: all, tuples, state: await graph.getState({ configurable: { thread_id: threadId } }, { subgraphs: true }) };
}

const message = (m: BaseMessage) => ({ type: m.getType(), content: m.content, tool_calls: (m as { tool_calls?: unknown }).tool_calls ?? [], tool_call_id: (m as { tool_call_id?: string }).tool_call_id });

function values(value: Record<string, unknown>) {
  return { ...value, messages: ((value.messages as BaseMessage[] | undefined) ?? []).map(message) };
}

/** Ids become their position in the history (checkpoint ids differ between savers by design). */
function summarize(history: StateSnapshot[]) {
  const ids = history.map((snapshot) => snapshot.config.configurable?.checkpoint_id as string);
  const position = (id: unknown) => (typeof id === "string" ? ids.indexOf(id) : null);
  return history.map((snapshot) => {
    const { parents, ...metadata } = (snapshot.metadata ?? {}) as Record<string, unknown>;
    return {
      values: values(snapshot.values as Record<string, unknown>),
      next: snapshot.next,
      tasks: snapshot.tasks.map((task) => ({ name: task.name, interrupts: task.interrupts.map((entry) => entry.value), error: task.error })),
      metadata: { ...metadata, parents: Object.fromEntries(Object.entries((parents ?? {}) as Record<string, string>).map(([ns, id]) => [ns.split(":")[0], position(id)])) },
      parent: position(snapshot.parentConfig?.configurable?.checkpoint_id),
    };
  });
}

/**
 * Every checkpoint of the thread in every namespace (subgraphs included), by namespace (task ids
 * stripped), metadata and versioned values. SqliteSaver also returns channels that never got a version
 * (a reducer's default); LangGraph restores those from the graph, and ChronographSaver, like LangGraph's
 * blob-keyed savers, stores only versions.
 */
function byNamespace(tuples: CheckpointTuple[]) {
  const versioned = (tuple: CheckpointTuple) =>
    Object.fromEntries(
      Object.entries(tuple.checkpoint.channel_values)
        .filter(([channel]) => channel in tuple.checkpoint.channel_versions)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  return tuples
    .map((tuple) => ({ ns: String(tuple.config.configurable?.checkpoint_ns ?? "").split(":")[0], source: tuple.metadata?.source, step: tuple.metadata?.step, values: values(versioned(tuple)), writes: tuple.pendingWrites?.length }))
    // ToolNode's messages get random uuids; the subgraph's raw input keeps them.
    .map((entry) => JSON.stringify(entry).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>"))
    .sort();
}

describe("ChronographSaver in a LangGraph.js agent loop", () => {
  it.each<Durability>(["sync", "async", "exit"])("agrees with LangGraph's SqliteSaver on every history entry (durability %s)", async (durability) => {
    const theirs = SqliteSaver.fromConnString(join(folder, `sqlite-${durability}.db`));
    const ours = ChronographSaver.open(join(folder, `chronograph-${durability}.db`));
    const expected = await run(theirs, "agent", durability);
    const actual = await run(ours, "agent", durability);
    expect(actual.history.length).toBe(expected.history.length);
    expect(expected.history.length).toBeGreaterThan(durability === "exit" ? 3 : 10);
    expect(summarize(actual.history)).toEqual(summarize(expected.history));
    expect(byNamespace(actual.tuples)).toEqual(byNamespace(expected.tuples));
    expect(values(actual.state.values)).toEqual(values(expected.state.values));
    expect((actual.state.values as { summary: string }).summary).toBe("3 messages, 0 notes");
    await ours.close();
  });
});
