/**
 * "Why did this node run?" and "what will re-run?" on real histories: a Chronograph database written by
 * the engine (a fan-in, a loop through a conditional edge, Send tasks) and LangGraph.js fixture files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotation, END as LG_END, Send as LGSend, START as LG_START, StateGraph as LGStateGraph } from "@langchain/langgraph";
import { SqliteSaver as LGSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckpointEntry } from "../../core/api/types.ts";
import { ChronographSource } from "../../core/debugger/chronograph-source.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { ancestry, explainTask } from "../../core/debugger/why-ran.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { append, END, lastValue, Send, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/langgraph-js");

let dir: string;
let service: DebuggerService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-why-"));
  const saver = SqliteSaver.open(join(dir, "runs.db"));
  // plan -> a, b -> join -> merge; merge loops back to plan once (conditional edge), then finish sends two work tasks.
  const graph = new StateGraph({ name: "fan", channels: { rounds: lastValue(0), log: append() } })
    .addNode("plan", (s) => ({ rounds: (s.rounds as number) + 1 }))
    .addNode("a", () => ({ log: ["a"] }))
    .addNode("b", () => ({ log: ["b"] }))
    .addNode("merge", () => ({ log: ["merged"] }))
    .addNode("finish", () => ({ log: ["finish"] }))
    .addNode("work", () => ({ log: ["work"] }))
    .addEdge(START, "plan")
    .addEdge("plan", "a")
    .addEdge("plan", "b")
    .addEdge(["a", "b"], "merge")
    .addConditionalEdges("merge", (s) => ((s.rounds as number) < 2 ? "plan" : "finish"), ["plan", "finish"])
    .addConditionalEdges("finish", () => [new Send("work", { n: 1 }), new Send("work", { n: 2 })])
    .addEdge("work", END)
    .compile({ checkpointer: saver });
  await graph.invoke({ rounds: 0 }, { threadId: "fan" });
  await saver.close();
  service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 60_000 });
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The checkpoints written by exactly these nodes, oldest first. */
function writtenBy(timeline: CheckpointEntry[], ...writers: string[]): CheckpointEntry[] {
  return timeline.filter((entry) => entry.writers.join(",") === [...writers].sort().join(",")).reverse();
}

describe("explainTask on a Chronograph database written by the engine", () => {
  it("names the fan-in's barrier channel and both sources that filled it", async () => {
    await service.openDatabase({ path: join(dir, "runs.db") });
    const timeline = await service.getTimeline({ threadId: "fan" });
    const [afterAB] = writtenBy(timeline, "a", "b");
    const why = await service.explainTask({ threadId: "fan", checkpointId: afterAB!.checkpointId, node: "merge" });
    expect(why.scheduled).toBe(true);
    expect(why.lastRanAtStep).toBeNull();
    const join_ = why.triggers.find((trigger) => trigger.channel.startsWith("__join:"));
    expect(join_).toMatchObject({ changedAtCheckpointId: afterAB!.checkpointId, changedAtStep: afterAB!.step, changedBy: ["a", "b"] });
    expect(why.triggers.find((trigger) => trigger.channel === "log")?.changedBy).toEqual(["a", "b"]);
    expect(why.scheduledBy).toEqual([
      { from: "a", edge: "join" },
      { from: "b", edge: "join" },
    ]);
  });

  it("for a node run again through a conditional edge, lists only what changed since its last run", async () => {
    await service.openDatabase({ path: join(dir, "runs.db") });
    const timeline = await service.getTimeline({ threadId: "fan" });
    const [firstPlan] = writtenBy(timeline, "plan");
    const [firstMerge] = writtenBy(timeline, "merge");
    const why = await service.explainTask({ threadId: "fan", checkpointId: firstMerge!.checkpointId, node: "plan" });
    expect(why.scheduled).toBe(true);
    expect(why.lastRanAtStep).toBe(firstPlan!.step);
    expect(why.lastRanCheckpointId).toBe(firstPlan!.checkpointId);
    // rounds was written by plan itself: not news. log was last bumped by merge.
    expect(why.triggers.map((trigger) => trigger.channel)).not.toContain("rounds");
    expect(why.triggers.find((trigger) => trigger.channel === "log")).toMatchObject({ changedBy: ["merge"], changedAtStep: firstMerge!.step });
    expect(why.scheduledBy).toEqual([{ from: "merge", edge: "conditional" }]);
  });

  it("names the Send tasks and the node whose step sent them", async () => {
    await service.openDatabase({ path: join(dir, "runs.db") });
    const timeline = await service.getTimeline({ threadId: "fan" });
    const [afterFinish] = writtenBy(timeline, "finish");
    const why = await service.explainTask({ threadId: "fan", checkpointId: afterFinish!.checkpointId, node: "work" });
    expect(why.sends).toEqual([
      { taskId: "work#0", sentBy: ["finish"], sentAtStep: afterFinish!.step },
      { taskId: "work#1", sentBy: ["finish"], sentAtStep: afterFinish!.step },
    ]);
    expect(why.scheduledBy).toEqual([{ from: "finish", edge: "send" }]);
  });

  it("stopping the walk back early gives the same answer as reading the whole history, for every node at every checkpoint", async () => {
    await service.openDatabase({ path: join(dir, "runs.db") });
    const source = await ChronographSource.open(join(dir, "runs.db"));
    try {
      const thread = { threadId: "fan", namespace: "" };
      const edges = (await service.getGraph({ threadId: "fan" })).edges;
      for (const entry of await service.getTimeline({ threadId: "fan" })) {
        const full = await ancestry(source, thread, entry.checkpointId);
        for (const node of ["plan", "a", "b", "merge", "finish", "work"]) {
          const early = await service.explainTask({ threadId: "fan", checkpointId: entry.checkpointId, node });
          expect(early).toEqual(explainTask(node, full, entry.next.includes(node), edges));
        }
      }
    } finally {
      await source.close();
    }
  });

  it("refuses an unknown checkpoint with a coded error naming it", async () => {
    await service.openDatabase({ path: join(dir, "runs.db") });
    await expect(service.explainTask({ threadId: "fan", checkpointId: "nope", node: "plan" })).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND", message: expect.stringContaining('"nope"') });
  });
});

describe("explainTask on LangGraph.js files", () => {
  it("fan-in: merge was triggered by its join channel, filled by the three fetchers", async () => {
    await service.openDatabase({ path: join(FIXTURES, "parallel-fanout.sqlite") });
    const timeline = await service.getTimeline({ threadId: "fanout-news-fails-once" });
    const [afterFetch] = writtenBy(timeline, "fetch_news", "fetch_stocks", "fetch_weather");
    const why = await service.explainTask({ threadId: "fanout-news-fails-once", checkpointId: afterFetch!.checkpointId, node: "merge" });
    expect(why.triggers).toEqual([
      { channel: "join:fetch_weather+fetch_news+fetch_stocks:merge", version: "4", changedAtCheckpointId: afterFetch!.checkpointId, changedAtStep: 2, changedBy: ["fetch_news", "fetch_stocks", "fetch_weather"] },
    ]);
    expect(why.lastRanAtStep).toBeNull();
  });

  it("stopping the walk back early gives the same answer as reading the whole history", async () => {
    for (const [file, threadId] of [["agent-loop.sqlite", "agent-research"], ["parallel-fanout.sqlite", "fanout-news-fails-once"], ["hitl-interrupt.sqlite", null]] as const) {
      const path = join(FIXTURES, file);
      await service.openDatabase({ path });
      const source = await LangGraphSource.open(path);
      try {
        const id = threadId ?? (await service.listThreads({})).rows[0]!.threadId;
        const thread = { threadId: id, namespace: "" };
        const graph = await service.getGraph({ threadId: id });
        const nodes = graph.nodes.filter((node) => node.kind === "node").map((node) => node.id);
        for (const entry of await service.getTimeline({ threadId: id })) {
          const full = await ancestry(source, thread, entry.checkpointId);
          for (const node of nodes) {
            expect(await service.explainTask({ threadId: id, checkpointId: entry.checkpointId, node })).toEqual(explainTask(node, full, entry.next.includes(node), graph.edges));
          }
        }
      } finally {
        await source.close();
      }
    }
  });

  it("conditional edge: tools was triggered by branch:to:tools, written by agent, and ran before", async () => {
    await service.openDatabase({ path: join(FIXTURES, "agent-loop.sqlite") });
    const timeline = await service.getTimeline({ threadId: "agent-research" });
    const toolsNext = timeline.filter((entry) => entry.next.includes("tools")).reverse();
    expect(toolsNext.length).toBeGreaterThan(1);
    const second = toolsNext[1]!;
    const why = await service.explainTask({ threadId: "agent-research", checkpointId: second.checkpointId, node: "tools" });
    expect(why.triggers).toHaveLength(1);
    expect(why.triggers[0]).toMatchObject({ channel: "branch:to:tools", changedAtCheckpointId: second.checkpointId, changedAtStep: second.step, changedBy: ["agent"] });
    expect(why.lastRanAtStep).not.toBeNull();
    expect(why.lastRanAtStep!).toBeLessThan(second.step);
  });
});

describe("explainTask on a Send fan-out run by LangGraph.js", () => {
  it("names the push tasks and the node whose step sent them", async () => {
    const file = join(dir, "sends.sqlite");
    const State = Annotation.Root({ items: Annotation<string[]>, results: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) });
    const graph = new LGStateGraph(State)
      .addNode("fan", () => ({}))
      .addNode("work", (arg: { item: string }) => ({ results: [`did ${arg.item}`] }))
      .addEdge(LG_START, "fan")
      .addConditionalEdges("fan", (state) => state.items.map((item) => new LGSend("work", { item })))
      .addEdge("work", LG_END)
      .compile({ checkpointer: LGSaver.fromConnString(file) });
    await graph.invoke({ items: ["one", "two"] }, { configurable: { thread_id: "sends" } });

    await service.openDatabase({ path: file });
    const timeline = await service.getTimeline({ threadId: "sends" });
    const [afterFan] = writtenBy(timeline, "fan");
    const why = await service.explainTask({ threadId: "sends", checkpointId: afterFan!.checkpointId, node: "work" });
    expect(why.sends).toHaveLength(2);
    for (const send of why.sends) expect(send).toMatchObject({ sentBy: ["fan"], sentAtStep: afterFan!.step });
    expect(why.scheduledBy).toEqual([{ from: "fan", edge: "send" }]);
  });
});

describe("previewRun", () => {
  it("after a failed fan-out, a replay keeps the finished fetchers' writes and re-runs the one that failed; a fork re-runs all", async () => {
    await service.openDatabase({ path: join(FIXTURES, "parallel-fanout.sqlite") });
    const timeline = await service.getTimeline({ threadId: "fanout-news-fails-unresumed" });
    const [afterPlan] = writtenBy(timeline, "plan");
    const replay = await service.previewRun({ threadId: "fanout-news-fails-unresumed", checkpointId: afterPlan!.checkpointId, mode: "replay" });
    expect(replay.willRun.map((task) => task.node)).toEqual(["fetch_news"]);
    expect(replay.kept.map((task) => task.node).sort()).toEqual(["fetch_stocks", "fetch_weather"]);
    const fork = await service.previewRun({ threadId: "fanout-news-fails-unresumed", checkpointId: afterPlan!.checkpointId, mode: "fork" });
    expect(fork.willRun.map((task) => task.node).sort()).toEqual(["fetch_news", "fetch_stocks", "fetch_weather"]);
    expect(fork.kept).toEqual([]);
  });

  it("from a final checkpoint nothing runs", async () => {
    await service.openDatabase({ path: join(dir, "runs.db") });
    const [head] = await service.getTimeline({ threadId: "fan" });
    expect(await service.previewRun({ threadId: "fan", checkpointId: head!.checkpointId, mode: "replay" })).toMatchObject({ willRun: [], kept: [], waiting: [] });
  });
});
