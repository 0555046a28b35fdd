/**
 * Differential, beyond the fixtures: graphs run here by LangGraph.js itself (nested subgraphs with an
 * interrupt, Send fan-out, Command goto, a delta channel), then the reader's answer for every namespace
 * is compared with LangGraph's own getStateHistory for it.
 */
import { Annotation, Command, DeltaChannel, END, Send, START, StateGraph } from "@langchain/langgraph";
import { LastValue } from "@langchain/langgraph/channels";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import type Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { tempDir } from "./helpers.ts";
import { nestedInterruptGraph } from "./langgraph-graphs.ts";
import { ours, theirs, type Runnable } from "./langgraph-history-shapes.ts";

async function expectSameHistory(graph: Runnable, file: string, threadId: string): Promise<number> {
  const source = await LangGraphSource.open(file);
  const rows = (await source.listThreads()).filter((row) => row.threadId === threadId);
  for (const row of rows) {
    const expected: ReturnType<typeof theirs>[] = [];
    for await (const snapshot of graph.getStateHistory({ configurable: { thread_id: threadId, checkpoint_ns: row.namespace } })) expected.push(theirs(snapshot));
    const views = await source.listCheckpointViews(row);
    expect({ namespace: row.namespace, history: views.map(ours) }).toEqual({ namespace: row.namespace, history: expected });
  }
  await source.close();
  return rows.length;
}

const closeSaver = (saver: SqliteSaver) => (saver as unknown as { db: Database.Database }).db.close();

describe("the reader agrees with LangGraph.js on graphs it runs here", () => {
  let temp: ReturnType<typeof tempDir>;
  let file: string;
  let saver: SqliteSaver;
  beforeEach(() => {
    temp = tempDir();
    file = join(temp.dir, "live.sqlite");
    saver = SqliteSaver.fromConnString(file);
  });
  afterEach(() => {
    closeSaver(saver);
    temp.cleanup();
  });

  it("nested subgraphs with an interrupt at the deepest level, before and after the resume", async () => {
    const graph = nestedInterruptGraph(saver);
    const config = { configurable: { thread_id: "nested" } };
    await graph.invoke({ notes: ["start"] }, config);
    expect(await expectSameHistory(graph, file, "nested")).toBe(3);
    const source = await LangGraphSource.open(file);
    const rows = await source.listThreads();
    expect(rows.map((row) => row.namespace.replace(/:[0-9a-f-]{36}/g, ":<task>")).sort()).toEqual(["", "research:<task>", "research:<task>|deep:<task>"]);
    expect(rows.every((row) => row.status === "interrupted")).toBe(true);
    await source.close();
    await graph.invoke(new Command({ resume: "yes" }), config);
    await expectSameHistory(graph, file, "nested");
  });

  it("Send fan-out and Command goto from a node", async () => {
    const State = Annotation.Root({ items: Annotation<string[]>, results: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }), route: Annotation<string> });
    const graph = new StateGraph(State)
      .addNode("fan", () => ({ route: "fanned" }))
      .addNode("work", (arg: { item: string }) => ({ results: [`did ${arg.item}`] }))
      .addNode("decide", () => new Command({ goto: "collect", update: { route: "decided" } }), { ends: ["collect"] })
      .addNode("collect", (state) => ({ route: `${state.route}+collected(${state.results.length})` }))
      .addEdge(START, "fan")
      .addConditionalEdges("fan", (state) => state.items.map((item) => new Send("work", { item })))
      .addEdge("work", "decide")
      .addEdge("collect", END)
      .compile({ checkpointer: saver });
    await graph.invoke({ items: ["a", "b", "c"] }, { configurable: { thread_id: "fanout" } });
    await expectSameHistory(graph, file, "fanout");
    const source = await LangGraphSource.open(file);
    const entries = await source.listCheckpoints({ threadId: "fanout", namespace: "" });
    expect(entries.some((entry) => entry.writers.join() === "work" && entry.next.join() === "decide")).toBe(true);
    const graphView = await source.getGraph({ threadId: "fanout", namespace: "" });
    // A Command(goto) is a dynamic route: LangGraph.js writes it with a value, like a conditional edge.
    expect(graphView.edges).toEqual(expect.arrayContaining([{ from: "fan", to: "work", kind: "conditional" }, { from: "decide", to: "collect", kind: "conditional" }]));
    await source.close();
  });

  it("a delta channel's values are rebuilt from snapshots and ancestor writes", async () => {
    // A state made of raw channels (how a DeltaChannel is declared); the typings only know Annotation.
    interface Builder {
      addNode(...args: unknown[]): Builder;
      addEdge(...args: unknown[]): Builder;
      addConditionalEdges(...args: unknown[]): Builder;
      compile(options: unknown): Runnable & { invoke(input: unknown, config: unknown): Promise<unknown> };
    }
    const Untyped = StateGraph as unknown as new (state: unknown) => Builder;
    const graph = new Untyped({
      items: new DeltaChannel<string[], string[]>((state, writes) => [...state, ...writes.flat()], { snapshotFrequency: 3 }),
      topic: new LastValue<string>(),
    })
      .addNode("a", (state: { items: string[] }) => ({ items: [`a-${state.items.length}`] }))
      .addNode("b", (state: { items: string[] }) => ({ items: [`b-${state.items.length}`], topic: `t${state.items.length}` }))
      .addEdge(START, "a").addEdge("a", "b").addConditionalEdges("b", (state: { items: string[] }) => (state.items.length < 9 ? "a" : END))
      .compile({ checkpointer: saver });
    await graph.invoke({ topic: "x", items: ["seed"] }, { configurable: { thread_id: "delta" } });
    await expectSameHistory(graph, file, "delta");
    const source = await LangGraphSource.open(file);
    const views = await source.listCheckpointViews({ threadId: "delta", namespace: "" });
    const rebuilt = views.filter((view) => view.warnings?.some((warning) => /Delta channel "items" .* reconstructed/.test(warning)));
    expect(rebuilt.length).toBeGreaterThan(3);
    await source.close();
  });
});
