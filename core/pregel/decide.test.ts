import { describe, expect, it } from "vitest";
import { append } from "../channels/append.ts";
import { lastValue } from "../channels/last-value.ts";
import { Send } from "../graph/command.ts";
import { END, START } from "../graph/constants.ts";
import { StateGraph } from "../graph/state-graph.ts";
import type { GraphSpec } from "../graph/types.ts";
import { applyWrites, orderFinished, staticBreakpoint, type FinishedTask } from "./decide.ts";
import { nextTasks, planAfter, planNext } from "./plan.ts";

function specOf(build: (graph: StateGraph<{ log: string[]; mode: string }>) => StateGraph<{ log: string[]; mode: string }>, interrupts: { before?: string[]; after?: string[] } = {}): GraphSpec {
  const graph = build(new StateGraph({ name: "spec", channels: { log: append<string>(), mode: lastValue("x") } }));
  const compiled = graph.compile({ interruptBefore: interrupts.before, interruptAfter: interrupts.after });
  return (compiled as unknown as { spec: GraphSpec }).spec;
}

const noop = () => ({});
const finished = (node: string, update: Record<string, unknown> | null, id = node): FinishedTask => ({ task: { id, node }, result: { update, goto: [] } });

describe("applyWrites", () => {
  const spec = specOf((g) => g.addNode("a", noop).addNode("b", noop).addEdge(START, "a").addEdge(START, "b").addEdge("a", END).addEdge("b", END));

  it("applies a step's writes in node-name order whatever order the tasks finished in", () => {
    const tasks = [{ id: "b", node: "b" }, { id: "a", node: "a" }];
    const one = applyWrites(spec, { values: {}, versions: {} }, orderFinished([finished("b", { log: ["b"] }), finished("a", { log: ["a"] })], tasks), "c1", "t");
    const two = applyWrites(spec, { values: {}, versions: {} }, orderFinished([finished("a", { log: ["a"] }), finished("b", { log: ["b"] })], tasks), "c1", "t");
    expect(one.values.log).toEqual(["a", "b"]);
    expect(two.values).toEqual(one.values);
  });

  it("bumps only written channels and stores an append channel as a delta on its previous version", () => {
    const before = { values: { log: ["x"], mode: "m" }, versions: { log: "c0", mode: "c0" } };
    const applied = applyWrites(spec, before, [finished("a", { log: ["y"] })], "c1", "t");
    expect(applied.versions).toEqual({ log: "c1", mode: "c0" });
    expect(applied.blobs).toEqual([{ channel: "log", kind: "append", base: "c0", items: ["y"], fromWrites: true }]);
    expect(applied.writes).toEqual({ a: { log: ["y"] } });
  });

  it("names the node and the channel for a write to a channel the graph does not have", () => {
    expect(() => applyWrites(spec, { values: {}, versions: {} }, [finished("a", { nope: 1 })], "c1", "t")).toThrow(/Node "a" wrote to channel "nope"/);
  });

  it("names the node and the channel for a value JSON cannot store", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => applyWrites(spec, { values: {}, versions: {} }, [finished("a", { mode: cyclic })], "c1", "t")).toThrow(/node "a" to channel "mode".*cycle/);
    expect(() => applyWrites(spec, { values: {}, versions: {} }, [finished("b", { mode: () => 1 })], "c1", "t")).toThrow(/node "b" to channel "mode".*function/);
  });

  it("records several runs of one node (Send) as a list of updates", () => {
    const tasks = [{ id: "a#0", node: "a" }, { id: "a#1", node: "a" }];
    const applied = applyWrites(spec, { values: {}, versions: {} }, orderFinished([finished("a", { log: ["2"] }, "a#1"), finished("a", { log: ["1"] }, "a#0")], tasks), "c1", "t");
    expect(applied.writes).toEqual({ a: [{ log: ["1"] }, { log: ["2"] }] });
    expect(applied.values.log).toEqual(["1", "2"]);
  });
});

describe("nextTasks", () => {
  it("follows fixed edges, runs a node triggered twice once, and fires a join only when all sources finished", async () => {
    const spec = specOf((g) =>
      g.addNode("a", noop).addNode("b", noop).addNode("c", noop).addNode("d", noop)
        .addEdge(START, "a").addEdge("a", "b").addEdge("a", "c").addEdge(["b", "c"], "d").addEdge("d", END),
    );
    expect((await nextTasks(spec, {}, [{ node: "a", goto: [] }])).tasks.map((task) => task.node)).toEqual(["b", "c"]);
    const halfway = await nextTasks(spec, {}, [{ node: "b", goto: [] }]);
    expect(halfway.tasks).toEqual([]);
    const channel = spec.joins[0]!.channel;
    const done = await nextTasks(spec, { [channel]: halfway.barriers[channel] }, [{ node: "c", goto: [] }]);
    expect(done.tasks.map((task) => task.node)).toEqual(["d"]);
  });

  it("routes with the router's answer through a targets map, and makes one task per Send", async () => {
    const spec = specOf((g) =>
      g.addNode("plan", noop).addNode("work", noop).addNode("sum", noop)
        .addEdge(START, "plan")
        .addConditionalEdges("plan", (s) => (s.mode === "fan" ? [Send("work", { i: 1 }), Send("work", { i: 2 })] : "finish"), { finish: "sum", work: "work" })
        .addEdge("work", "sum").addEdge("sum", END),
    );
    const fan = await nextTasks(spec, { mode: "fan" }, [{ node: "plan", goto: [] }]);
    expect(fan.tasks).toEqual([{ id: "work#0", node: "work", send: { arg: { i: 1 } } }, { id: "work#1", node: "work", send: { arg: { i: 2 } } }]);
    const mapped = await nextTasks(spec, { mode: "other" }, [{ node: "plan", goto: [] }]);
    expect(mapped.tasks.map((task) => task.node)).toEqual(["sum"]);
  });

  it("names the unknown destination a router or Command asked for", async () => {
    const spec = specOf((g) => g.addNode("a", noop).addEdge(START, "a").addConditionalEdges("a", () => "ghost"));
    await expect(nextTasks(spec, {}, [{ node: "a", goto: [] }])).rejects.toThrow(/unknown node "ghost"/);
  });

  it("plans without a promise when no finished node has a router, Command destinations and Sends included", async () => {
    const spec = specOf((g) =>
      g.addNode("a", noop).addNode("b", noop).addNode("c", noop).addEdge(START, "a").addEdge("a", "b").addConditionalEdges("b", () => "c").addEdge("c", END),
    );
    const fixed = planNext(spec, {}, [{ node: "a", goto: ["c", Send("c", { i: 1 })] }]);
    expect(fixed).not.toBeInstanceOf(Promise);
    expect(fixed).toEqual(await nextTasks(spec, {}, [{ node: "a", goto: ["c", Send("c", { i: 1 })] }]));
    expect((fixed as Awaited<typeof fixed>).tasks).toEqual([{ id: "b", node: "b" }, { id: "c", node: "c" }, { id: "c#0", node: "c", send: { arg: { i: 1 } } }]);
    const routed = planNext(spec, {}, [{ node: "b", goto: [] }]);
    expect(routed).toBeInstanceOf(Promise);
    expect((await routed).tasks).toEqual([{ id: "c", node: "c" }]);
    expect(() => planNext(spec, {}, [{ node: "a", goto: ["ghost"] }])).toThrow(/After node "a", graph "spec" was asked to go to unknown node "ghost"/);
  });
});

describe("staticBreakpoint", () => {
  const spec = specOf((g) => g.addNode("a", noop).addNode("b", noop).addEdge(START, "a").addEdge("a", "b").addEdge("b", END), { before: ["b"], after: ["a"] });

  it("stops after a node that just ran, before a node about to run, and not otherwise", () => {
    expect(staticBreakpoint(spec, ["a"], [{ id: "b", node: "b" }])).toEqual({ when: "after", nodes: ["a"] });
    expect(staticBreakpoint(spec, [], [{ id: "b", node: "b" }])).toEqual({ when: "before", nodes: ["b"] });
    expect(staticBreakpoint(spec, ["b"], [])).toBeNull();
  });
});

describe("planAfter", () => {
  const spec = specOf((g) =>
    g
      .addNode("a", noop)
      .addNode("b", noop)
      .addNode("c", noop)
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("a", "c")
      .addConditionalEdges("b", (state) => (state.mode === "again" ? "a" : "c"), ["a", "c"])
      .addEdge("c", END),
  );
  const joined = specOf((g) => g.addNode("a", noop).addNode("b", noop).addNode("c", noop).addEdge(START, "a").addEdge(START, "b").addEdge(["a", "b"], "c").addEdge("c", END));
  const done = (node: string, goto: FinishedTask["result"]["goto"] = []): FinishedTask => ({ task: { id: node, node }, result: { update: null, goto } });

  it("plans what nextTasks plans: fixed edges, END, routers, Command destinations, joins, and goto alone when edges are not followed", async () => {
    const cases: Array<[GraphSpec, Record<string, unknown>, FinishedTask[], boolean]> = [
      [spec, {}, [done(START)], true],
      [spec, {}, [done("a")], true],
      [spec, {}, [done("c")], true],
      [spec, { mode: "again" }, [done("b")], true],
      [spec, {}, [done("a", ["c", Send("b", { i: 1 })])], true],
      [spec, {}, [done("a", ["c"])], false],
      [spec, {}, [done("a"), done("c")], true],
      [joined, {}, [done("a")], true],
      [joined, {}, [done("a"), done("b")], true],
    ];
    for (const [graph, values, finishedTasks, followEdges] of cases) {
      const expected = await nextTasks(graph, values, finishedTasks.map(({ task, result }) => ({ node: task.node, goto: result.goto, followEdges })));
      expect(await planAfter(graph, values, finishedTasks, followEdges)).toEqual(expected);
    }
    expect((await planAfter(spec, {}, [done("a")], true)).tasks).toEqual([{ id: "b", node: "b" }, { id: "c", node: "c" }]);
    expect((await planAfter(spec, {}, [done("c")], true)).tasks).toEqual([]);
    expect((await planAfter(joined, {}, [done("a"), done("b")], true)).tasks).toEqual([{ id: "c", node: "c" }]);
  });
});
