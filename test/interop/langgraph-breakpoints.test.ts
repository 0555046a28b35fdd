/**
 * Static breakpoints on graphs LangGraph.js 1.7.3 runs here: the stop it leaves in the file reads as
 * "stopped before" the next node (core/interop/langgraph/breakpoint.ts), for interruptBefore and
 * interruptAfter alike, and no longer once the run continued, finished, failed or waits on an interrupt.
 */
import { Annotation, END, interrupt, START, StateGraph } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import type Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { tempDir } from "./helpers.ts";

const State = Annotation.Root({ log: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) });

function builder(ask = false) {
  return new StateGraph(State)
    .addNode("draft", () => ({ log: ["draft"] }))
    .addNode("publish", () => (ask ? { log: [String(interrupt("ok?"))] } : { log: ["publish"] }))
    .addNode("tail", () => ({ log: ["tail"] }))
    .addEdge(START, "draft")
    .addEdge("draft", "publish")
    .addEdge("publish", "tail")
    .addEdge("tail", END);
}

describe("LangGraph.js breakpoint stops read from the file", () => {
  let temp: ReturnType<typeof tempDir>;
  let file: string;
  let saver: SqliteSaver;
  beforeEach(() => {
    temp = tempDir();
    file = join(temp.dir, "bp.sqlite");
    saver = SqliteSaver.fromConnString(file);
  });
  afterEach(() => {
    (saver as unknown as { db: Database.Database }).db.close();
    temp.cleanup();
  });

  async function stops(threadId: string): Promise<Array<{ step: number; next: string[]; breakpoint: unknown }>> {
    const source = await LangGraphSource.open(file);
    const row = (await source.listThreads()).find((thread) => thread.threadId === threadId)!;
    const views = await source.listCheckpointViews(row);
    await source.close();
    return views.map((view) => ({ step: view.step, next: view.next, breakpoint: view.breakpoint }));
  }

  for (const options of [{ interruptBefore: ["publish" as const] }, { interruptAfter: ["draft" as const] }]) {
    it(`${JSON.stringify(options)}: the head is stopped before publish, and nothing is once Continue ran it`, async () => {
      const graph = builder().compile({ checkpointer: saver, ...options });
      const config = { configurable: { thread_id: "t" } };
      await graph.invoke({ log: ["in"] }, config);
      const before = await stops("t");
      const head = before.find((view) => view.next.includes("publish"))!;
      expect(head.breakpoint).toEqual({ when: "before", nodes: ["publish"] });
      expect(before.filter((view) => view.breakpoint !== null)).toHaveLength(1);
      await graph.invoke(null, config);
      const after = await stops("t");
      expect(after.every((view) => view.breakpoint === null)).toBe(true);
      const state = await graph.getState(config);
      expect(state.values.log).toEqual(["in", "draft", "publish", "tail"]);
    });
  }

  it("a finished run and a run waiting on interrupt() show no breakpoint", async () => {
    await builder().compile({ checkpointer: saver }).invoke({ log: ["in"] }, { configurable: { thread_id: "done" } });
    await builder(true).compile({ checkpointer: saver }).invoke({ log: ["in"] }, { configurable: { thread_id: "ask" } });
    expect((await stops("done")).every((view) => view.breakpoint === null)).toBe(true);
    const ask = await stops("ask");
    expect(ask.some((view) => view.next.includes("publish"))).toBe(true);
    expect(ask.every((view) => view.breakpoint === null)).toBe(true);
  });
});
