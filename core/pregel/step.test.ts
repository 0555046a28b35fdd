import { describe, expect, it } from "vitest";
import { append } from "../channels/append.ts";
import { lastValue } from "../channels/last-value.ts";
import type { CheckpointRecord } from "../checkpoint/types.ts";
import { END, START } from "../graph/constants.ts";
import { StateGraph } from "../graph/state-graph.ts";
import type { GraphSpec } from "../graph/types.ts";
import { applyUpdate, planStep } from "./step.ts";

type S = { log: string[]; mode: string };
const noop = () => ({});
const graph = { name: "g", hash: "h1" };

function specOf(interruptBefore: string[] = []): GraphSpec {
  const built = new StateGraph<S>({ name: "g", channels: { log: append<string>(), mode: lastValue("x") } })
    .addNode("a", noop)
    .addNode("b", noop)
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", END);
  return (built.compile({ interruptBefore }) as unknown as { spec: GraphSpec }).spec;
}

const baseRecord: CheckpointRecord = {
  threadId: "t",
  checkpointId: "c1",
  parentId: "c0",
  step: 0,
  source: "loop",
  createdAt: 0,
  versions: { log: "c0", mode: "c0" },
  tasks: [{ id: "b", node: "b" }],
  writes: { a: { log: ["a"] } },
  breakpoint: null,
  graph,
};
const base = { record: baseRecord, values: { log: ["a"], mode: "m" } };

describe("applyUpdate", () => {
  it("writes the values as the node on top of the base: a child update checkpoint, through the reducers", async () => {
    const { record, blobs, values } = await applyUpdate({ spec: specOf(), graph, base, values: { log: ["edited"], mode: "n" }, asNode: "a" });
    expect(record).toMatchObject({ threadId: "t", parentId: "c1", step: 1, source: "update", writes: { a: { log: ["edited"], mode: "n" } }, breakpoint: null, graph });
    expect(values).toEqual({ log: ["a", "edited"], mode: "n" });
    expect(record.versions).toEqual({ log: record.checkpointId, mode: record.checkpointId });
    expect(blobs).toContainEqual({ channel: "log", kind: "append", base: "c0", items: ["edited"], fromWrites: true });
  });

  it("plans what follows the node written as, and leaves unwritten channels on their old version", async () => {
    const { record } = await applyUpdate({ spec: specOf(), graph, base, values: { mode: "n" }, asNode: "b" });
    expect(record.tasks).toEqual([]);
    expect(record.versions.log).toBe("c0");
    const asA = await applyUpdate({ spec: specOf(), graph, base, values: { mode: "n" }, asNode: "a" });
    expect(asA.record.tasks).toEqual([{ id: "b", node: "b" }]);
  });

  it("never stops an update at a breakpoint, while a loop step onto the same node does", async () => {
    const spec = specOf(["b"]);
    expect((await applyUpdate({ spec, graph, base, values: { mode: "n" }, asNode: "a" })).record.breakpoint).toBeNull();
    const finished = [{ task: { id: "a", node: "a" }, result: { update: { mode: "n" }, goto: [] } }];
    const step = await planStep({ spec, graph, base, source: "loop", finished, plannedTasks: [{ id: "a", node: "a" }] });
    expect(step.record.breakpoint).toEqual({ when: "before", nodes: ["b"] });
  });

  it("names the node and channel when the values name a channel the graph does not have", async () => {
    await expect(applyUpdate({ spec: specOf(), graph, base, values: { nope: 1 }, asNode: "a" })).rejects.toThrow(/Node "a" wrote to channel "nope"/);
  });
});
