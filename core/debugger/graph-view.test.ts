import { describe, expect, it } from "vitest";
import type { CheckpointEntry } from "../api/types.ts";
import { append, END, lastValue, START, StateGraph } from "../index.ts";
import { inferGraphView, toGraphView } from "./graph-view.ts";

describe("toGraphView", () => {
  it("draws START, every node and END, with fixed, join and conditional edges", () => {
    const graph = new StateGraph<{ n: number; log: string[] }>({ name: "shapes", channels: { n: lastValue(0), log: append<string>() } })
      .addNode("a", () => ({}))
      .addNode("b", () => ({}))
      .addNode("c", () => ({}))
      .addEdge(START, "a")
      .addEdge(START, "b")
      .addEdge(["a", "b"], "c")
      .addConditionalEdges("c", (s) => (s.n > 1 ? END : "a"), ["a", END])
      .compile();
    const view = toGraphView(graph.describe(), "code");
    expect(view.nodes.map((node) => `${node.kind}:${node.id}`)).toEqual([`start:${START}`, "node:a", "node:b", "node:c", `end:${END}`]);
    expect(view.edges).toEqual([
      { from: START, to: "a", kind: "fixed" },
      { from: START, to: "b", kind: "fixed" },
      { from: "a", to: "c", kind: "join" },
      { from: "b", to: "c", kind: "join" },
      { from: "c", to: "a", kind: "conditional" },
      { from: "c", to: END, kind: "conditional" },
    ]);
    expect(view.origin).toBe("code");
  });
});

describe("inferGraphView", () => {
  const entry = (step: number, source: CheckpointEntry["source"], writers: string[], next: string[]): CheckpointEntry => ({
    checkpointId: `c${step}`,
    parentId: null,
    step,
    source,
    writers,
    next,
    createdAt: null,
    durationMs: null,
    errors: [],
    interrupted: [],
    breakpoint: null,
  });

  it("links each step's writers to the nodes planned next, from START and to END", () => {
    const view = inferGraphView("guess", [entry(1, "loop", ["b"], []), entry(0, "loop", ["a"], ["b"]), entry(-1, "input", [], ["a"])]);
    expect(view.edges).toEqual([
      { from: START, to: "a", kind: "fixed" },
      { from: "a", to: "b", kind: "fixed" },
      { from: "b", to: END, kind: "fixed" },
    ]);
    expect(view).toMatchObject({ origin: "inferred", inferredFrom: 3 });
  });
});
