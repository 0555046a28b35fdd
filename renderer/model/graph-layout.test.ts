import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import type { GraphView } from "../../core/api/types.ts";
import { fromElkGraph, nodeSize, roundedPath, toElkGraph, uniqueEdges } from "./graph-layout.ts";

const graph: GraphView = {
  name: "research",
  origin: "stored",
  nodes: [
    { id: "__start__", kind: "start" },
    { id: "plan", kind: "node" },
    { id: "search", kind: "node" },
    { id: "summarize_everything_found", kind: "node" },
    { id: "__end__", kind: "end" },
  ],
  edges: [
    { from: "__start__", to: "plan", kind: "fixed" },
    { from: "plan", to: "search", kind: "conditional" },
    { from: "plan", to: "search", kind: "fixed" },
    { from: "search", to: "plan", kind: "conditional" },
    { from: "search", to: "summarize_everything_found", kind: "join" },
    { from: "summarize_everything_found", to: "__end__", kind: "fixed" },
    { from: "ghost", to: "__end__", kind: "fixed" },
  ],
};

describe("graph layout", () => {
  it("keeps one edge per pair, preferring the stronger kind, and drops edges to unknown nodes", () => {
    const edges = uniqueEdges(graph);
    expect(edges.map((edge) => `${edge.from}>${edge.to}:${edge.kind}`)).toEqual([
      "__start__>plan:fixed",
      "plan>search:fixed",
      "search>plan:conditional",
      "search>summarize_everything_found:join",
      "summarize_everything_found>__end__:fixed",
    ]);
  });

  it("sizes nodes by their label and pins START first and END last", () => {
    expect(nodeSize({ id: "summarize_everything_found", kind: "node" }).width).toBeGreaterThan(nodeSize({ id: "plan", kind: "node" }).width);
    const elk = toElkGraph(graph);
    expect(elk.layoutOptions?.["elk.direction"]).toBe("RIGHT");
    expect(elk.children?.[0]?.layoutOptions).toEqual({ "elk.layered.layering.layerConstraint": "FIRST" });
  });

  it("lays the graph out left to right with ELK and routes every edge", async () => {
    const laidOut = fromElkGraph(graph, await new ELK().layout(toElkGraph(graph)));
    const x = Object.fromEntries(laidOut.nodes.map((node) => [node.id, node.x]));
    expect(x["__start__"]!).toBeLessThan(x["plan"]!);
    expect(x["plan"]!).toBeLessThan(x["search"]!);
    expect(x["summarize_everything_found"]!).toBeLessThan(x["__end__"]!);
    for (const edge of laidOut.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
  });

  it("rounds the corners of a route", () => {
    const points = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 50 }];
    expect(roundedPath(points, 8)).toBe("M 0 0 L 92 0 Q 100 0 100 8 L 100 50");
    expect(roundedPath([])).toBe("");
  });
});
