/**
 * The `.expected.json` oracle of a LangGraph.js fixture, written from LangGraph.js's own answers right
 * after the run: SqliteSaver.list (ids, parents, metadata, versions, pending writes, timestamps),
 * getStateHistory (next, tasks with ids, errors, interrupts and results, values) and getState (the head).
 * Values are shown as Chronograph shows them: LangChain messages as `{"$message": role, ...}`, errors as
 * `{name, message}`; everything else as plain JSON.
 */
import { BaseMessage } from "@langchain/core/messages";
import type { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";

interface Snapshot {
  config: { configurable?: Record<string, unknown> };
  next: string[];
  tasks: Array<{ id: string; name: string; path?: unknown; error?: unknown; interrupts: Array<{ id?: string; value?: unknown }>; result?: unknown }>;
  values: unknown;
}

/** What the oracle needs of a compiled graph. */
export interface StateReader {
  getStateHistory(config: { configurable: Record<string, unknown> }): AsyncIterable<Snapshot>;
  getState(config: { configurable: Record<string, unknown> }): Promise<Snapshot>;
}

/** A value as the reader shows it (see docs/langgraph-format.md, section 10 on messages). */
export function shown(value: unknown): unknown {
  if (value instanceof BaseMessage) return message(value);
  if (value instanceof Error) return { message: value.message, name: value.name };
  if (Array.isArray(value)) return value.map(shown);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined).map(([key, field]) => [key, shown(field)]));
  }
  return value;
}

function message(value: BaseMessage): Record<string, unknown> {
  const fields = value as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { $message: value.getType(), content: value.content };
  if (value.id != null) out.id = value.id;
  if (typeof value.name === "string" && value.name !== "") out.name = value.name;
  const calls = fields.tool_calls as Array<{ id?: string; name: string; args: unknown }> | undefined;
  if (calls && calls.length > 0) out.tool_calls = calls.map((call) => ({ id: call.id, name: call.name, args: call.args }));
  if (fields.tool_call_id !== undefined) out.tool_call_id = fields.tool_call_id;
  return out;
}

const taskOf = (task: Snapshot["tasks"][number]) => ({
  id: task.id,
  name: task.name,
  path: task.path,
  error: task.error ? (shown(task.error) as { name: string; message: string }) : null,
  interrupts: task.interrupts.map((item) => ({ id: item.id, value: shown(item.value) })),
  has_result: task.result !== undefined,
});

/**
 * The oracle of one thread's root namespace. `updatedAs` names the node each updateState checkpoint was
 * written as (LangGraph.js 1.x no longer records it in the metadata).
 */
export async function threadOracle(graph: StateReader, saver: SqliteSaver, threadId: string, updatedAs: ReadonlyMap<string, string>) {
  const configurable = { thread_id: threadId, checkpoint_ns: "" };
  const snapshots: Snapshot[] = [];
  for await (const snapshot of graph.getStateHistory({ configurable })) snapshots.push(snapshot);
  const tuples = new Map<string, Awaited<ReturnType<SqliteSaver["getTuple"]>>>();
  for await (const tuple of saver.list({ configurable })) tuples.set(tuple.checkpoint.id, tuple);
  const byId = new Map(snapshots.map((snapshot) => [snapshot.config.configurable!.checkpoint_id as string, snapshot]));

  const checkpoints = snapshots.map((snapshot) => {
    const id = snapshot.config.configurable!.checkpoint_id as string;
    const tuple = tuples.get(id)!;
    const metadata = tuple.metadata as { source: string; step: number };
    const parentId = (tuple.parentConfig?.configurable?.checkpoint_id as string | undefined) ?? null;
    const parent = parentId === null ? undefined : byId.get(parentId);
    const writers =
      metadata.source === "input" ? ["__input__"]
      : metadata.source === "update" ? [updatedAs.get(id)!]
      : metadata.source === "fork" || !parent ? []
      : [...new Set(parent.tasks.filter((task) => task.result !== undefined).map((task) => task.name))].sort();
    return {
      checkpoint_id: id,
      parent_checkpoint_id: parentId,
      step: metadata.step,
      source: metadata.source,
      metadata: shown(tuple.metadata),
      created_at: tuple.checkpoint.ts,
      checkpoint_version: tuple.checkpoint.v,
      writers,
      next: snapshot.next,
      tasks: snapshot.tasks.map(taskOf),
      pending_writes: (tuple.pendingWrites ?? []).map(([taskId, channel, value]) => ({ task_id: taskId, channel, value: shown(value) })),
      channel_versions: tuple.checkpoint.channel_versions,
      versions_seen: tuple.checkpoint.versions_seen,
      values: shown(snapshot.values),
    };
  });

  const ids = new Set(checkpoints.map((checkpoint) => checkpoint.checkpoint_id));
  const children = new Map<string, string[]>();
  for (const checkpoint of checkpoints) {
    if (checkpoint.parent_checkpoint_id !== null) children.set(checkpoint.parent_checkpoint_id, [...(children.get(checkpoint.parent_checkpoint_id) ?? []), checkpoint.checkpoint_id]);
  }
  const head = await graph.getState({ configurable });
  return {
    thread_id: threadId,
    checkpoint_ns: "",
    checkpoint_count: checkpoints.length,
    latest_checkpoint_id: checkpoints[0]!.checkpoint_id,
    roots: checkpoints.filter((c) => c.parent_checkpoint_id === null || !ids.has(c.parent_checkpoint_id)).map((c) => c.checkpoint_id),
    leaves: checkpoints.filter((c) => !children.has(c.checkpoint_id)).map((c) => c.checkpoint_id),
    branch_points: [...children].filter(([, kids]) => kids.length > 1).map(([id, kids]) => ({ checkpoint_id: id, children: kids })),
    checkpoints,
    head: { checkpoint_id: head.config.configurable!.checkpoint_id as string, next: head.next, tasks: head.tasks.map(taskOf), values: shown(head.values) },
  };
}

export type NamespaceOracle = Awaited<ReturnType<typeof threadOracle>>;

/** The whole file's oracle from its threads' oracles. */
export function fileOracle(namespaces: NamespaceOracle[], scenario: Record<string, unknown>) {
  const sorted = [...namespaces].sort((a, b) => a.thread_id.localeCompare(b.thread_id));
  const nodes = new Set<string>();
  for (const ns of sorted) for (const checkpoint of ns.checkpoints) for (const task of checkpoint.tasks) if (task.name !== "__start__") nodes.add(task.name);
  return {
    generated_by: "scripts/generate-langgraph-fixtures.ts",
    thread_ids: sorted.map((ns) => ns.thread_id),
    checkpoint_counts: Object.fromEntries(sorted.map((ns) => [ns.thread_id, { "": ns.checkpoint_count }])),
    graph_nodes: [...nodes],
    scenario,
    namespaces: sorted,
  };
}
