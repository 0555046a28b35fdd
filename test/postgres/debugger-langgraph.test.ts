/**
 * Oracle tests for the debugger on LangGraph's own PostgresSaver tables: graphs run here by LangGraph.js
 * against the test server (subgraphs with an interrupt, Send fan-out, forks of forks, several interrupts,
 * LangChain messages, a failing node), then every namespace the debugger reads from the postgres:// URL
 * is compared with LangGraph.js's getStateHistory and getState, and `inspect --json` with the same views.
 */
import { Annotation, Command, END, interrupt, Send, START, StateGraph } from "@langchain/langgraph";
import type { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import type { CheckpointView } from "../../core/api/types.ts";
import { openHistorySource } from "../../core/debugger/sources.ts";
import type { PostgresRows } from "../../core/interop/postgres/history.ts";
import { PostgresLangGraphSource } from "../../core/interop/postgres/source.ts";
import { detectPostgres } from "../../core/storage/postgres/langgraph-reads.ts";
import { compactMessage, isMessageClass, roleOfClass } from "../../core/interop/serde/messages.ts";
import { main } from "../../electron/cli/main.ts";
import { agentGraph, essayGraph, fanoutGraph, newFaults, ticketGraph } from "../interop/langgraph-graphs.ts";
import { ours, theirs, type Runnable, type Snapshot } from "../interop/langgraph-history-shapes.ts";
import { langGraphSchema } from "./debugger-langgraph-schema.ts";

/**
 * LangGraph.js's PostgresSaver stores a value only for channels with a version: a reducer channel never
 * written (its graph-code default, e.g. `[]` or `0`) is not in the tables, and getState fills it from the
 * code. The reader shows what is stored, so those channels are left out of LangGraph's side here.
 */
async function storedOnly(saver: PostgresSaver, snapshot: Snapshot): Promise<Snapshot> {
  const tuple = await saver.getTuple(snapshot.config as never);
  const versions = tuple!.checkpoint.channel_versions;
  const values = Object.fromEntries(Object.entries(snapshot.values as Record<string, unknown>).filter(([channel]) => channel in versions));
  return { ...snapshot, values };
}

/**
 * JSON round trip; LangChain messages (LangGraph.js's `lc: 1` constructor records) are put in the shown
 * form the reader documents for them (docs/langgraph-format.md, section 10).
 */
const plain = (value: unknown) =>
  JSON.parse(JSON.stringify(value), (_key, item: unknown) => {
    const record = item as { lc?: number; type?: string; id?: string[]; kwargs?: Record<string, unknown> } | null;
    if (record?.lc === 1 && record.type === "constructor" && Array.isArray(record.id) && isMessageClass(record.id.at(-1)!)) return compactMessage(roleOfClass(record.id.at(-1)!), record.kwargs ?? {});
    return item;
  }) as unknown;

/**
 * JSONB keeps no key order, so the order of parallel tasks (LangGraph.js takes it from the graph code's
 * node order) is not in the tables: tasks and next are compared as sets, sorted.
 */
const unordered = <T extends { next: string[]; tasks: Array<{ id: string }> }>(item: T): T => ({
  ...item,
  next: [...item.next].sort(),
  tasks: [...item.tasks].sort((a, b) => (a.id < b.id ? -1 : 1)),
});

async function expectSameHistory(saver: PostgresSaver, graph: Runnable, source: HistorySource, threadId: string): Promise<number> {
  const rows = (await source.listThreads()).filter((row) => row.threadId === threadId);
  for (const row of rows) {
    const expected: ReturnType<typeof theirs>[] = [];
    for await (const snapshot of graph.getStateHistory({ configurable: { thread_id: threadId, checkpoint_ns: row.namespace } })) expected.push(theirs(await storedOnly(saver, snapshot)));
    const views = await source.listCheckpointViews(row);
    expect(plain({ namespace: row.namespace, history: views.map(ours).map(unordered) })).toEqual(plain({ namespace: row.namespace, history: expected.map(unordered) }));
  }
  const head = await graph.getState({ configurable: { thread_id: threadId } });
  const top = rows.find((row) => row.namespace === "")!;
  expect(top.headCheckpointId).toBe(head.config.configurable?.checkpoint_id);
  return rows.length;
}

describe("the debugger reads LangGraph's PostgresSaver tables as LangGraph.js does", () => {
  let saver: PostgresSaver;
  let url: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ saver, url, cleanup } = await langGraphSchema("lg"));
  });
  afterAll(() => cleanup());

  it("nested subgraphs with an interrupt, before and after the resume", async () => {
    const State = Annotation.Root({ notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }), answer: Annotation<string> });
    const deep = new StateGraph(State).addNode("ask", () => ({ answer: interrupt({ question: "deep?" }) as string, notes: ["asked"] })).addEdge(START, "ask").addEdge("ask", END).compile();
    const research = new StateGraph(State)
      .addNode("plan", () => ({ notes: ["planned"] }))
      .addNode("deep", deep)
      .addEdge(START, "plan").addEdge("plan", "deep").addEdge("deep", END).compile();
    const graph = new StateGraph(State).addNode("research", research).addNode("finish", (state) => ({ notes: [`done: ${state.notes.length}`] }))
      .addEdge(START, "research").addEdge("research", "finish").addEdge("finish", END)
      .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "nested" } };
    await graph.invoke({ notes: ["start"] }, config);
    const source = await openHistorySource(url);
    try {
      expect(source.kind).toBe("langgraph-js");
      expect(await expectSameHistory(saver, graph, source, "nested")).toBe(3);
      const rows = (await source.listThreads()).filter((row) => row.threadId === "nested");
      expect(rows.every((row) => row.status === "interrupted")).toBe(true);
      await graph.invoke(new Command({ resume: "yes" }), config);
      expect(await source.changeToken()).not.toBe("");
      await expectSameHistory(saver, graph, source, "nested");
      expect((await source.listThreads()).find((row) => row.threadId === "nested" && row.namespace === "")!.status).toBe("done");
    } finally {
      await source.close();
    }
  });

  it("Send fan-out, a failing parallel node, and LangChain messages", async () => {
    const State = Annotation.Root({ items: Annotation<string[]>, results: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) });
    const sends = new StateGraph(State)
      .addNode("fan", () => ({}))
      .addNode("work", (arg: { item: string }) => ({ results: [`did ${arg.item}`] }))
      .addEdge(START, "fan")
      .addConditionalEdges("fan", (state) => state.items.map((item) => new Send("work", { item })))
      .addEdge("work", END)
      .compile({ checkpointer: saver });
    await sends.invoke({ items: ["a", "b", "c"] }, { configurable: { thread_id: "sends" } });
    const faults = newFaults();
    faults.failNext.add("fetch_news");
    const fanout = fanoutGraph(saver as never, faults);
    await expect(fanout.invoke({ city: " Oslo " }, { configurable: { thread_id: "fails" } })).rejects.toThrow(/malformed JSON/);
    const agent = agentGraph(saver as never);
    await agent.invoke({ messages: [{ role: "user", content: "find it" }], budget: 2 }, { configurable: { thread_id: "agent" } });
    const source = await openHistorySource(url);
    try {
      await expectSameHistory(saver, sends as never, source, "sends");
      await expectSameHistory(saver, fanout as never, source, "fails");
      await expectSameHistory(saver, agent as never, source, "agent");
      expect((await source.listThreads()).find((row) => row.threadId === "fails")!.status).toBe("error");
    } finally {
      await source.close();
    }
  });

  it("forks of forks and several interrupts, and inspect --json prints the same views", async () => {
    const graph = ticketGraph(saver as never);
    const config = { configurable: { thread_id: "ticket" } };
    await graph.invoke({ request: "refund" }, config);
    await graph.invoke(new Command({ resume: { approved: false, comment: "shorter" } }), config);
    const history: Snapshot[] = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot as never);
    const fork = await graph.updateState(history.at(-3)!.config, { request: "refund twice" });
    const forkOfFork = await graph.updateState(fork, { request: "refund thrice" });
    await graph.invoke(null, forkOfFork);
    const source = await openHistorySource(url);
    try {
      await expectSameHistory(saver, graph as never, source, "ticket");
      const row = (await source.listThreads()).find((item) => item.threadId === "ticket")!;
      expect(row.branchCount).toBeGreaterThanOrEqual(2);
      const lines: string[] = [];
      const errors: string[] = [];
      const code = await main(["inspect", url, "--json", "--thread", "ticket"], { out: (line) => lines.push(line), err: (line) => errors.push(line) });
      expect({ code, errors }).toEqual({ code: 0, errors: [] });
      const printed = JSON.parse(lines.join("\n")) as { kind: string; threads: Array<{ threadId: string; namespace: string; checkpoints: CheckpointView[] }> };
      expect(printed.kind).toBe("langgraph-js");
      expect(printed.threads.map((thread) => thread.threadId)).toEqual(["ticket"]);
      expect(printed.threads[0]!.checkpoints).toEqual(plain(await source.listCheckpointViews({ threadId: "ticket", namespace: "" })));
    } finally {
      await source.close();
    }
  });
  it("a fork whose update reuses a version another branch stored shows that branch's value, as LangGraph.js does, with a warning", async () => {
    const graph = essayGraph(saver as never);
    const config = { configurable: { thread_id: "collide" } };
    await graph.invoke({ title: "Versions" }, config);
    let afterOutline: Snapshot | undefined;
    for await (const snapshot of graph.getStateHistory(config)) if ((snapshot as Snapshot).next.join() === "write") afterOutline = snapshot as Snapshot;
    const fork = await graph.updateState(afterOutline!.config, { body: "my own body" }, "write");
    const theirsAtFork = await graph.getState(fork);
    const source = await openHistorySource(url);
    try {
      await expectSameHistory(saver, graph as never, source, "collide");
      const view = await source.getCheckpoint({ threadId: "collide", namespace: "" }, fork.configurable!.checkpoint_id as string);
      expect(view.values.body).toBe((theirsAtFork.values as { body: string }).body);
      expect(view.values.body).not.toBe("my own body");
      expect(view.warnings?.join("\n")).toMatch(/Channel "body" of checkpoint .* had already stored; .*issue #1812/);
      const mainLine = (await source.listCheckpointViews({ threadId: "collide", namespace: "" })).filter((item) => item.checkpointId !== view.checkpointId);
      expect(mainLine.every((item) => !item.warnings?.some((warning) => warning.includes("#1812")))).toBe(true);
    } finally {
      await source.close();
    }
  });
  it("reads the same in pages of two rows as in one page: threads, checkpoints, blobs and writes cross page boundaries", async () => {
    const found = await detectPostgres(url, { pageSize: 2 });
    const reader = found.reader;
    const pages: Record<string, number> = {};
    const counted = <T>(name: string, iterable: AsyncIterable<T>): AsyncIterable<T> => ({
      async *[Symbol.asyncIterator]() {
        for await (const page of iterable) {
          pages[name] = (pages[name] ?? 0) + 1;
          yield page;
        }
      },
    });
    const rows: PostgresRows = {
      where: reader.where,
      namespaces: () => counted("namespaces", reader.namespaces()),
      checkpoints: (thread, ns) => counted("checkpoints", reader.checkpoints(thread, ns)),
      blobs: (thread, ns) => counted("blobs", reader.blobs(thread, ns)),
      writes: (thread, ns) => counted("writes", reader.writes(thread, ns)),
      changeToken: () => reader.changeToken(),
      close: () => reader.close(),
    };
    const paged = await PostgresLangGraphSource.open(rows);
    const whole = await openHistorySource(url);
    try {
      const threads = await whole.listThreads();
      expect(threads.length).toBeGreaterThan(4);
      expect(await paged.listThreads()).toEqual(threads);
      for (const row of threads) expect(await paged.listCheckpointViews(row)).toEqual(await whole.listCheckpointViews(row));
      expect(pages.namespaces).toBeGreaterThanOrEqual(Math.ceil(threads.length / 2));
      for (const name of ["checkpoints", "blobs", "writes"]) expect(pages[name], name).toBeGreaterThan(threads.length);
    } finally {
      await paged.close();
      await whole.close();
    }
  });
  it("reads on connections where every transaction is READ ONLY: a write through them is refused", async () => {
    const { reader, schema } = await detectPostgres(url);
    try {
      expect(await reader.readOnly(async (client) => (await client.query("SHOW transaction_read_only")).rows)).toEqual([{ transaction_read_only: "on" }]);
      await expect(reader.readOnly((client) => client.query(`DELETE FROM "${schema}".checkpoint_migrations`))).rejects.toMatchObject({ code: "READ_ONLY" });
    } finally {
      await reader.close();
    }
  });
});
