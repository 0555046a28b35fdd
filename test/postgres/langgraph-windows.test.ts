/**
 * A LangGraph timeline on PostgreSQL is shown from its skeleton with only the window's rows decoded
 * (core/interop/postgres/timeline.ts), and the thread list's rows come from each namespace's head. Differential,
 * on tables LangGraph.js's own PostgresSaver wrote (nested subgraphs waiting on an interrupt and resumed,
 * Send fan-out, a failing parallel node, LangChain messages, forks of forks with updates, a 2,000-checkpoint
 * thread with an interrupt and run ids): every window equals the slice of the timeline read whole, run
 * marks included; the newest rows of a run equal the whole read's; a skeleton outlives other threads'
 * changes and is extended by its own thread's new rows; every page of the thread list equals the one built from whole histories.
 */
import { Annotation, Command, END, interrupt, Send, START, StateGraph } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import type { ThreadKey } from "../../core/api/types.ts";
import { openHistorySource } from "../../core/debugger/sources.ts";
import { pageOf, rollUp } from "../../core/debugger/thread-list.ts";
import { TimelineCache } from "../../core/debugger/timeline-cache.ts";
import { inspectDatabase } from "../../core/interop/inspect.ts";
import { HistoryViews } from "../../core/interop/langgraph/views.ts";
import type { PostgresLangGraphSource } from "../../core/interop/postgres/source.ts";
import { LangGraphPgReader } from "../../core/storage/postgres/langgraph-reads.ts";
import { agentGraph, fanoutGraph, newFaults, nestedInterruptGraph, ticketGraph } from "../interop/langgraph-graphs.ts";
import { wholeReadsOnly } from "../support/whole-reads.ts";
import { langGraphSchema, type LangGraphSchema } from "./debugger-langgraph-schema.ts";
import { sql } from "./server.ts";

const LONG = 2_000;
let db: LangGraphSchema;
let source: HistorySource;

/** tick → tick → … until `count` reaches LONG, waiting for an answer once at LONG / 2: one checkpoint per step. */
function longGraph(saver: unknown) {
  const State = Annotation.Root({ count: Annotation<number>({ reducer: (_, b) => b, default: () => 0 }), answer: Annotation<string> });
  return new StateGraph(State)
    .addNode("tick", (state) => (state.count === LONG / 2 && state.answer === undefined ? { answer: interrupt("carry on?") as string, count: state.count + 1 } : { count: state.count + 1 }))
    .addEdge(START, "tick")
    .addConditionalEdges("tick", (state) => (state.count < LONG ? "tick" : END), ["tick", END])
    .compile({ checkpointer: saver as never });
}

beforeAll(async () => {
  db = await langGraphSchema("lg_windows");
  const saver = db.saver as never;
  await nestedInterruptGraph(saver).invoke({ notes: ["start"] }, { configurable: { thread_id: "nested-wait" } });
  await nestedInterruptGraph(saver).invoke({ notes: ["start"] }, { configurable: { thread_id: "nested-done" } });
  await nestedInterruptGraph(saver).invoke(new Command({ resume: "yes" }), { configurable: { thread_id: "nested-done" } });
  const SendState = Annotation.Root({ items: Annotation<string[]>, results: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) });
  await new StateGraph(SendState)
    .addNode("fan", () => ({}))
    .addNode("work", (arg: { item: string }) => ({ results: [`did ${arg.item}`] }))
    .addEdge(START, "fan")
    .addConditionalEdges("fan", (state) => state.items.map((item) => new Send("work", { item })))
    .addEdge("work", END)
    .compile({ checkpointer: saver })
    .invoke({ items: ["a", "b", "c"] }, { configurable: { thread_id: "sends" } });
  const faults = newFaults();
  faults.failNext.add("fetch_news");
  await fanoutGraph(saver, faults).invoke({ city: " Oslo " }, { configurable: { thread_id: "fails" } }).catch(() => undefined);
  await agentGraph(saver).invoke({ messages: [{ role: "user", content: "find it" }], budget: 3 }, { configurable: { thread_id: "agent" } });
  const ticket = ticketGraph(saver);
  const config = { configurable: { thread_id: "ticket" } };
  await ticket.invoke({ request: "refund" }, config);
  await ticket.invoke(new Command({ resume: { approved: false, comment: "shorter" } }), config);
  const history: Array<{ config: never }> = [];
  for await (const snapshot of ticket.getStateHistory(config)) history.push(snapshot as never);
  const fork = await ticket.updateState(history.at(-3)!.config, { request: "refund twice" });
  const forkOfFork = await ticket.updateState(fork, { request: "refund thrice" }, "draft");
  await ticket.invoke(null, forkOfFork);
  const long = longGraph(saver);
  await long.invoke({ count: 0 }, { configurable: { thread_id: "long" }, recursionLimit: LONG * 2 });
  await long.invoke(new Command({ resume: "yes" }), { configurable: { thread_id: "long" }, recursionLimit: LONG * 2 });
  // Run ids, as LangGraph Platform records them: a new run every 300 checkpoints of the long thread, and on the agent's.
  await sql(`UPDATE "${db.schema}".checkpoints c SET metadata = c.metadata || jsonb_build_object('run_id', 'run-' || (r.n / 300))
    FROM (SELECT thread_id, checkpoint_ns, checkpoint_id, row_number() OVER (PARTITION BY thread_id ORDER BY checkpoint_id) AS n FROM "${db.schema}".checkpoints WHERE thread_id IN ('long', 'agent')) r
    WHERE (c.thread_id, c.checkpoint_ns, c.checkpoint_id) = (r.thread_id, r.checkpoint_ns, r.checkpoint_id)`);
  source = await openHistorySource(db.url);
}, 300_000);

afterAll(async () => {
  await source?.close();
  await db?.cleanup();
});

async function keys(): Promise<ThreadKey[]> {
  return source.threadKeys!();
}

describe("LangGraph timelines on PostgreSQL from the skeleton", () => {
  it("every window equals the slice of the timeline read whole, run marks included", async () => {
    let windows = 0;
    let marked = 0;
    for (const key of await keys()) {
      const full = await new TimelineCache(wholeReadsOnly(source)).window(key, { offset: 0, limit: 100_000, shape: true }, false);
      marked += full.entries.filter((entry) => entry.run !== undefined).length;
      const rows = (await source.listCheckpoints(key)).map(({ writers: _writers, durationMs: _duration, ...rest }) => rest);
      expect(await source.listSkeleton!(key), `${key.threadId}|${key.namespace}`).toEqual(rows);
      const light = new TimelineCache(source);
      // Every offset of the short threads; the long one by screens, and one row around its interrupt.
      const limits = full.total > 200 ? [200, 333] : [1, 2, 7, 50];
      for (const limit of limits) {
        for (let offset = 0; offset < full.total; offset += limit) {
          const window = await light.window(key, { offset, limit, shape: offset === 0 }, false);
          expect(window.total).toBe(full.total);
          expect(window.entries, `${key.threadId}|${key.namespace} at ${offset}`).toEqual(full.entries.slice(window.offset, window.offset + limit));
          if (offset === 0) expect(window.shape).toEqual(full.shape);
          windows += 1;
        }
      }
      const waiting = full.entries.find((entry) => entry.interrupted.length > 0);
      if (waiting) {
        const around = await light.window(key, { around: waiting.checkpointId, limit: 1 }, false);
        expect(around.entries).toEqual([waiting]);
      }
    }
    expect(windows).toBeGreaterThan(100);
    expect(marked).toBeGreaterThan(LONG);
  }, 300_000);

  it("a checkpoint in full (click to state) and its versions equal the whole read's, decoding it with its parent and children", async () => {
    const expected: Array<{ key: ThreadKey; id: string; view: unknown; versions: unknown }> = [];
    for (const key of await keys()) {
      const views = await (source as PostgresLangGraphSource).views(key);
      const ordered = [...views.history.ordered].reverse();
      const picked = ordered.length > 200 ? ordered.filter((_, index) => index % 97 === 0 || index < 3) : ordered;
      for (const checkpoint of picked) expected.push({ key, id: checkpoint.id, view: views.view(checkpoint), versions: views.versions(checkpoint) });
    }
    const fresh = await openHistorySource(db.url);
    const whole = vi.spyOn(LangGraphPgReader.prototype, "checkpoints");
    try {
      for (const { key, id, view, versions } of expected) {
        expect(await fresh.getCheckpoint(key, id), `${key.threadId}|${key.namespace} ${id}`).toEqual(view);
        expect(await fresh.getVersions!(key, id), `${key.threadId}|${key.namespace} ${id}`).toEqual(versions);
      }
      expect(whole).not.toHaveBeenCalled();
      await expect(fresh.getCheckpoint({ threadId: "long", namespace: "" }, "no-such-checkpoint")).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND" });
    } finally {
      whole.mockRestore();
      await fresh.close();
    }
    expect(expected.length).toBeGreaterThan(50);
  }, 120_000);

  it("the graph drawn from the skeleton equals the one drawn from the whole history", async () => {
    for (const key of await keys()) expect(await source.getGraph(key), `${key.threadId}|${key.namespace}`).toEqual((await (source as PostgresLangGraphSource).views(key)).graphView());
  });

  it("a run's newest rows equal the whole read's, and a missing thread is THREAD_NOT_FOUND naming it", async () => {
    for (const key of await keys()) {
      const whole = await source.listCheckpoints(key);
      for (const limit of [1, 16, 64]) expect(await source.listCheckpointsPage!(key, { limit }), `${key.threadId} ${limit}`).toEqual(whole.slice(0, limit));
    }
    await expect(source.listSkeleton!({ threadId: "nobody", namespace: "" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND", message: expect.stringContaining('"nobody"') });
    await expect(source.listCheckpointsPage!({ threadId: "nobody", namespace: "" }, { limit: 5 })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND" });
  }, 120_000);

  it("the long thread's first screen decodes only its rows, never the whole thread", async () => {
    const fresh = await openHistorySource(db.url);
    const whole = vi.spyOn(LangGraphPgReader.prototype, "checkpoints");
    const window = vi.spyOn(LangGraphPgReader.prototype, "windowRows");
    try {
      const screen = await new TimelineCache(fresh).window({ threadId: "long", namespace: "" }, { offset: 0, limit: 200, shape: true }, false);
      expect(screen.total).toBeGreaterThan(LONG);
      expect(whole).not.toHaveBeenCalled();
      const decoded = window.mock.calls.reduce((sum, call) => sum + call[2].length, 0);
      // The rows with an interrupt or error write (for the run marks: one here) and the screen.
      expect(decoded).toBeLessThanOrEqual(200 + 1);
    } finally {
      whole.mockRestore();
      window.mockRestore();
      await fresh.close();
    }
  }, 60_000);

  it("inspect pages through every thread by ids and prints what the whole read prints; the long thread a page at a time", async () => {
    const whole: Array<{ threadId: string; namespace: string; checkpoints: unknown[] }> = [];
    for (const key of await keys()) {
      const views = await (source as PostgresLangGraphSource).views(key);
      whole.push({ ...key, checkpoints: [...views.history.ordered].reverse().map((checkpoint) => views.view(checkpoint)) });
    }
    const fresh = await openHistorySource(db.url);
    expect(fresh.listCheckpointIds && fresh.listCheckpointViewsByIds).toBeTruthy();
    try {
      expect((await inspectDatabase(fresh)).threads).toEqual(whole);
      for (const values of ["changed", "none"] as const) {
        expect(await inspectDatabase(fresh, { values }), values).toEqual(await inspectDatabase(wholeReadsOnly(source), { values }));
      }
      const reads = vi.spyOn(LangGraphPgReader.prototype, "checkpoints");
      const window = vi.spyOn(LangGraphPgReader.prototype, "windowRows");
      const long = await inspectDatabase(fresh, { threadId: "long", values: "changed" });
      expect(long).toEqual(await inspectDatabase(wholeReadsOnly(source), { threadId: "long", values: "changed" }));
      expect(long.threads[0]!.checkpoints.length).toBeGreaterThan(LONG);
      // Never the whole thread: a page of 100 with its parents and children per read.
      expect(reads).not.toHaveBeenCalled();
      expect(Math.max(...window.mock.calls.map((call) => call[2].length))).toBeLessThanOrEqual(300);
      reads.mockRestore();
      window.mockRestore();
      expect(await inspectDatabase(fresh, { threadId: "long", limit: 3 })).toEqual({ kind: fresh.kind, threads: [{ ...whole.find((t) => t.threadId === "long")!, checkpoints: whole.find((t) => t.threadId === "long")!.checkpoints.slice(0, 3) }] });
      await expect(fresh.listCheckpointIds!({ threadId: "nobody", namespace: "" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND", message: expect.stringContaining('"nobody"') });
    } finally {
      vi.restoreAllMocks();
      await fresh.close();
    }
  }, 300_000);

  it("keeps a skeleton while other threads change, and extends it with its own thread's new rows", async () => {
    const fresh = await openHistorySource(db.url);
    const reads = vi.spyOn(LangGraphPgReader.prototype, "skeletonRows");
    const extensions = vi.spyOn(LangGraphPgReader.prototype, "skeletonRowsAfter");
    const skeletonOf = async (key: ThreadKey) => (await fresh.listCheckpoints(key)).map(({ writers: _writers, durationMs: _duration, ...rest }) => rest);
    const key = { threadId: "long", namespace: "" };
    try {
      const first = await fresh.listSkeleton!(key);
      expect(reads).toHaveBeenCalledTimes(1);
      const ticket = ticketGraph(db.saver as never);
      const other = { configurable: { thread_id: "other" } };
      await ticket.invoke({ request: "another" }, other);
      expect(await fresh.listSkeleton!(key)).toEqual(first);
      expect(reads).toHaveBeenCalledTimes(1);
      expect(extensions).not.toHaveBeenCalled();
      await longGraph(db.saver).updateState({ configurable: { thread_id: "long" } }, { count: 7 });
      const after = await fresh.listSkeleton!(key);
      expect(reads).toHaveBeenCalledTimes(1);
      expect(extensions).toHaveBeenCalledTimes(1);
      expect(after.length).toBe(first.length + 1);
      expect(after).toEqual(await skeletonOf(key));
      // A resume writes against the checkpoint that waited, then adds rows: the held skeleton takes both.
      const waiting = { threadId: "other", namespace: "" };
      await fresh.listSkeleton!(waiting);
      await ticket.invoke(new Command({ resume: { approved: true, comment: "" } }), other);
      const resumed = await fresh.listSkeleton!(waiting);
      expect(reads).toHaveBeenCalledTimes(2);
      expect(extensions).toHaveBeenCalledTimes(2);
      expect(resumed).toEqual(await skeletonOf(waiting));
      expect(await fresh.listCheckpointsPage!(waiting, { limit: 3 })).toEqual((await fresh.listCheckpoints(waiting)).slice(0, 3));
    } finally {
      reads.mockRestore();
      extensions.mockRestore();
      await fresh.close();
    }
  }, 60_000);
});

describe("the thread list on PostgreSQL from each namespace's head", () => {
  it("every page equals the one built from whole histories, and a page decodes two checkpoints per namespace", async () => {
    const all = rollUp(await source.listThreads());
    for (const query of [{ limit: 3 }, { offset: 3, limit: 4 }, { query: "nested" }, { status: ["interrupted" as const] }, { status: ["error" as const, "done" as const], limit: 2 }]) {
      const fallback = pageOf(all, query);
      const page = await source.pageThreads!(query);
      expect({ rows: page.rows, total: page.total }, JSON.stringify(query)).toEqual({ rows: fallback.rows, total: fallback.total });
    }
    const threadRow = vi.spyOn(HistoryViews.prototype, "threadRow");
    try {
      const page = await source.pageThreads!({ limit: 200 });
      expect(page.rows.find((row) => row.threadId === "long")!.checkpointCount).toBeGreaterThan(LONG);
      const sizes = threadRow.mock.contexts.map((views) => (views as HistoryViews).history.ordered.length);
      expect(sizes.length).toBeGreaterThan(page.rows.length);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    } finally {
      threadRow.mockRestore();
    }
  });
});
