/**
 * The big-file generator (bench/generate-big.ts) writes rows LangGraph.js reads as its own: a small file
 * (50 threads plus a short long-thread) is read back through @langchain/langgraph-checkpoint-sqlite's
 * SqliteSaver.list and the graph's getStateHistory, and each sampled thread has the template run's shape
 * with its own ids, timestamps and topic. The Chronograph half reads its file back through Chronograph's
 * own SqliteSaver.
 */
import { HumanMessage } from "@langchain/core/messages";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { langGraphTemplate, writeLangGraphFile, type Template } from "../bench/generate-big.ts";
import { taskRecipes } from "../bench/langgraph-task-ids.ts";
import { chronographTemplate, writeChronographFile } from "../bench/generate-chronograph.ts";
import { SqliteSaver as ChronographSaver } from "../core/storage/sqlite/index.ts";
import { clockSeqField } from "../core/interop/ids.ts";
import { LangGraphSource } from "../core/interop/langgraph/source.ts";
import { agentGraph } from "./interop/langgraph-graphs.ts";
import { tempDir } from "./interop/helpers.ts";

let temp: ReturnType<typeof tempDir>;
let template: Template;
let saver: SqliteSaver;
/** A run LangGraph.js itself wrote (thread "real", the template's two tool calls), to compare generated threads with. */
let realFile: string;

beforeAll(async () => {
  temp = tempDir("chronograph-bench-generator-");
  template = await langGraphTemplate(2);
  const file = join(temp.dir, "big.sqlite");
  const generated = writeLangGraphFile(file, template, { threads: 50, long: 3 * template.checkpoints.length + 2 });
  expect(generated.checkpoints).toBe(50 * template.checkpoints.length + 3 * template.checkpoints.length + 2);
  saver = SqliteSaver.fromConnString(file);
  realFile = join(temp.dir, "real.sqlite");
  await agentGraph(SqliteSaver.fromConnString(realFile)).invoke({ messages: [new HumanMessage({ id: "human-0", content: "Collect pages about real things." })], budget: 2 }, { configurable: { thread_id: "real" }, recursionLimit: 20 });
}, 60_000);
afterAll(() => temp?.cleanup());

async function listed(threadId: string): Promise<CheckpointTuple[]> {
  const tuples: CheckpointTuple[] = [];
  for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) tuples.push(tuple);
  return tuples;
}

describe("bench/generate-big.ts (langgraph-js)", () => {
  it.each(["thread-0", "thread-17", "thread-49"])("%s reads back through LangGraph.js's SqliteSaver.list with the template's shape", async (threadId) => {
    const tuples = await listed(threadId);
    const newestFirst = [...template.checkpoints].reverse();
    expect(tuples).toHaveLength(newestFirst.length);
    tuples.forEach((tuple, i) => {
      const row = newestFirst[i]!;
      const templateCheckpoint = JSON.parse(row.checkpoint) as { channel_values: Record<string, unknown> };
      expect(tuple.metadata?.step).toBe(row.step);
      expect(Object.keys(tuple.checkpoint.channel_values).sort()).toEqual(Object.keys(templateCheckpoint.channel_values).sort());
      expect(tuple.pendingWrites?.length ?? 0).toBe(template.writes.filter((write) => write.checkpointId === row.id).length);
      expect(tuple.checkpoint.id).toBe(tuple.config.configurable?.checkpoint_id);
      expect(tuple.checkpoint.id).not.toBe(row.id);
      // Newest first: ids and timestamps are time-ordered, and each checkpoint's parent is the next one listed.
      if (i + 1 < tuples.length) {
        expect(tuple.checkpoint.id > tuples[i + 1]!.checkpoint.id).toBe(true);
        expect(Date.parse(tuple.checkpoint.ts)).toBeGreaterThan(Date.parse(tuples[i + 1]!.checkpoint.ts));
        expect(tuple.parentConfig?.configurable?.checkpoint_id).toBe(tuples[i + 1]!.checkpoint.id);
      } else {
        expect(tuple.parentConfig).toBeUndefined();
      }
    });
  });

  it("writes checkpoint ids in LangGraph.js's pattern: UUIDv6 whose clock sequence comes from the step, as in a file LangGraph.js wrote", async () => {
    const clockSeq = (id: string) => id.split("-")[3];
    const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-6[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const real: CheckpointTuple[] = [];
    for await (const tuple of SqliteSaver.fromConnString(realFile).list({ configurable: { thread_id: "real" } })) real.push(tuple);
    const realSeq = new Map(real.map((tuple) => [tuple.metadata!.step, clockSeq(tuple.checkpoint.id)]));
    expect(realSeq.size).toBeGreaterThan(3);
    // The real file agrees with clockSeqField, so the generated ids below are checked against LangGraph.js itself.
    for (const [step, seq] of realSeq) expect(seq).toBe(clockSeqField(step, "js").toString(16).padStart(4, "0"));
    for (const threadId of ["thread-3", "long-thread"]) {
      const tuples = await listed(threadId);
      for (const tuple of tuples) {
        expect(tuple.checkpoint.id).toMatch(shape);
        expect(clockSeq(tuple.checkpoint.id)).toBe(clockSeqField(tuple.metadata!.step, "js").toString(16).padStart(4, "0"));
        if (realSeq.has(tuple.metadata!.step)) expect(clockSeq(tuple.checkpoint.id)).toBe(realSeq.get(tuple.metadata!.step));
      }
      expect(new Set(tuples.map((tuple) => clockSeq(tuple.checkpoint.id))).size).toBeGreaterThan(3);
    }
  });

  it("gives each thread its own values, as LangGraph.js's getStateHistory shows them", async () => {
    const graph = agentGraph(saver);
    for (const n of [3, 42]) {
      const history = [];
      for await (const snapshot of graph.getStateHistory({ configurable: { thread_id: `thread-${n}` } })) history.push(snapshot);
      expect(history).toHaveLength(template.checkpoints.length);
      const final = history[0]!.values as { messages: HumanMessage[]; toolCalls: number };
      expect(final.messages[0]!.content).toBe(`Collect pages about topic ${n}.`);
      expect(final.toolCalls).toBe(2);
      expect(history[0]!.next).toEqual([]);
    }
  });

  it.each(["thread-3", "long-thread"])("%s: every write belongs to a task LangGraph.js's getStateHistory plans, as in a run LangGraph.js wrote", async (threadId) => {
    const shape = async (graphSaver: SqliteSaver, thread: string) => {
      const tuples = new Map<string, CheckpointTuple>();
      for await (const tuple of graphSaver.list({ configurable: { thread_id: thread } })) tuples.set(tuple.checkpoint.id, tuple);
      const rows: { step: number; tasks: [string, boolean][]; orphans: number }[] = [];
      for await (const snapshot of agentGraph(graphSaver).getStateHistory({ configurable: { thread_id: thread } })) {
        const tuple = tuples.get(snapshot.config.configurable!.checkpoint_id as string)!;
        const taskIds = new Set(snapshot.tasks.map((task) => task.id));
        // A write whose task id no planned task has is an orphan (what the old generator wrote).
        const orphans = (tuple.pendingWrites ?? []).filter(([taskId]) => !taskIds.has(taskId)).length;
        rows.push({ step: snapshot.metadata!.step, tasks: snapshot.tasks.map((task) => [task.name, task.result !== undefined]), orphans });
      }
      return rows.reverse();
    };
    const real = await shape(SqliteSaver.fromConnString(realFile), "real");
    const generated = await shape(saver, threadId);
    expect(real.some((row) => row.tasks.some(([, done]) => done))).toBe(true);
    expect(generated.every((row) => row.orphans === 0)).toBe(true);
    // The long thread is the run again and again (its last run cut short), steps continuing.
    generated.forEach((row, i) => {
      const expected = real[i % real.length]!;
      expect(row.tasks).toEqual(expected.tasks);
      expect(row.step).toBe(expected.step + Math.floor(i / real.length) * real.length);
    });
  });

  it("refuses a template write whose task id no LangGraph.js task path explains, naming it", () => {
    const stranger = "12345678-1234-5678-9abc-123456789abc";
    const writes = [...template.writes, { ...template.writes[0]!, taskId: stranger }];
    expect(() => taskRecipes(template.checkpoints, writes)).toThrow(`template task id ${stranger} (checkpoint ${template.checkpoints[0]!.id}, step -1) matches no LangGraph.js task path`);
  });

  it("lets the debugger infer the same graph from a generated thread as from a run LangGraph.js wrote", async () => {
    const edges = async (path: string, threadId: string) => {
      const source = await LangGraphSource.open(path);
      try {
        return (await source.getGraph({ threadId, namespace: "" })).edges.map((edge) => `${edge.from} -> ${edge.to} (${edge.kind})`).sort();
      } finally {
        await source.close();
      }
    };
    const real = await edges(realFile, "real");
    expect(real).toContain("agent -> tools (conditional)");
    expect(await edges(join(temp.dir, "big.sqlite"), "thread-3")).toEqual(real);
    expect(await edges(join(temp.dir, "big.sqlite"), "long-thread")).toEqual(real);
  });

  it("writes the long thread as runs one after another, steps continuing and exactly the checkpoints asked for", async () => {
    const tuples = await listed("long-thread");
    expect(tuples).toHaveLength(3 * template.checkpoints.length + 2);
    const steps = tuples.map((tuple) => tuple.metadata!.step).reverse();
    for (let i = 1; i < steps.length; i += 1) expect(steps[i]).toBe(steps[i - 1]! + 1);
    const ids = tuples.map((tuple) => tuple.checkpoint.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(tuples.at(-1)!.parentConfig).toBeUndefined();
  });
});

describe("bench/generate-big.ts (chronograph)", () => {
  it("writes threads Chronograph's SqliteSaver reads back with the template run's steps, each with its own topic and ids", async () => {
    const calls = await chronographTemplate(2);
    const puts = calls.flatMap((call) => (call.kind === "put" ? [call.record] : []));
    const file = join(temp.dir, "big-chronograph.sqlite");
    const generated = await writeChronographFile(file, calls, { threads: 20, long: 2 * puts.length + 1 });
    // thread-7 and thread-17 stop one step short (as does the long thread, one checkpoint into a run).
    expect(generated.checkpoints).toBe(20 * puts.length - 2 + 2 * puts.length + 1);
    const store = ChronographSaver.open(file, { readonly: true });
    try {
      const statuses = new Map((await store.listThreads()).map((thread) => [thread.threadId, thread.status]));
      expect([...statuses].filter(([, status]) => status === "pending").map(([id]) => id).sort()).toEqual(["long-thread", "thread-17", "thread-7"]);
      expect((await store.list("thread-7")).map((tuple) => tuple.record.step)).toEqual(puts.slice(0, -1).map((record) => record.step).reverse());
      // The graph is stored as the engine stores it, so the debugger draws it instead of inferring it.
      const head = (await store.getTuple("thread-0"))!;
      expect((await store.loadGraph(head.record.graph!.hash))?.name).toBe("agent-loop");
      for (const n of [0, 19]) {
        const tuples = await store.list(`thread-${n}`);
        expect(tuples.map((tuple) => tuple.record.step)).toEqual(puts.map((record) => record.step).reverse());
        const messages = tuples[0]!.values.messages as { content: string }[];
        expect(messages[0]!.content).toBe(`Collect pages about topic ${n}.`);
        expect(tuples[0]!.values.toolCalls).toBe(2);
        const ids = tuples.map((tuple) => tuple.record.checkpointId);
        expect(ids.every((id) => !puts.some((record) => record.checkpointId === id))).toBe(true);
        expect([...ids].sort().reverse()).toEqual(ids);
        // The engine's own id layout (core/checkpoint/ids.ts): UUIDv7, its time prefix the checkpoint's creation millisecond.
        for (const tuple of tuples) {
          expect(tuple.record.checkpointId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          expect(parseInt(tuple.record.checkpointId.replace("-", "").slice(0, 12), 16)).toBe(tuple.record.createdAt);
        }
      }
      const long = await store.list("long-thread");
      expect(long).toHaveLength(2 * puts.length + 1);
      const steps = long.map((tuple) => tuple.record.step).reverse();
      for (let i = 1; i < steps.length; i += 1) expect(steps[i]).toBe(steps[i - 1]! + 1);
    } finally {
      await store.close();
    }
  });
});
