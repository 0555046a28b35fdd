import { describe, expect, it } from "vitest";
import type { GraphLayout } from "./graph-layout.ts";
import { edgeKey, lightGraph } from "./graph-lighting.ts";
import { toFlowElements } from "./flow-elements.ts";

const layout: GraphLayout = {
  nodes: [
    { id: "__start__", kind: "start", label: "START", x: 0, y: 10, width: 64, height: 26 },
    { id: "fetch", kind: "node", label: "fetch", x: 100, y: 6, width: 96, height: 34 },
    { id: "__end__", kind: "end", label: "END", x: 240, y: 10, width: 64, height: 26 },
  ],
  edges: [
    { id: "e0", from: "__start__", to: "fetch", kind: "fixed", points: [{ x: 64, y: 23 }, { x: 100, y: 23 }] },
    { id: "e1", from: "fetch", to: "__end__", kind: "conditional", points: [{ x: 196, y: 23 }, { x: 240, y: 23 }] },
  ],
};

const graph = {
  name: "g",
  origin: "stored" as const,
  nodes: layout.nodes.map(({ id, kind }) => ({ id, kind })),
  edges: layout.edges.map(({ from, to, kind }) => ({ from, to, kind })),
};

describe("flow elements", () => {
  it("places nodes where ELK put them, with their tone, breakpoint and error", () => {
    const lighting = lightGraph(graph, { checkpointId: "c", parentId: null, step: 0, source: "loop", writers: [], next: ["fetch"], createdAt: 0, durationMs: null, errors: ["fetch"], interrupted: [], breakpoint: null });
    const { nodes } = toFlowElements({ layout, lighting, breakpoints: ["fetch"], errors: new Map([["fetch", "timeout"]]) });
    const fetch = nodes.find((node) => node.id === "fetch")!;
    expect(fetch.type).toBe("step");
    expect(fetch.position).toEqual({ x: 100, y: 6 });
    expect(fetch.data).toMatchObject({ tone: "failed", breakpoint: true, errorMessage: "timeout" });
    expect(nodes[0]!.type).toBe("terminal");
    expect(fetch.data.joins).toEqual([]);
  });

  it("tells a join's target which nodes it waits for", () => {
    const joined: GraphLayout = { ...layout, edges: [...layout.edges, { id: "j", from: "__start__", to: "__end__", kind: "join", points: [] }] };
    const { nodes } = toFlowElements({ layout: joined, lighting: { nodes: new Map(), edges: new Set() }, breakpoints: [], errors: new Map() });
    expect(nodes.find((node) => node.id === "__end__")!.data.joins).toEqual(["__start__"]);
  });

  it("marks the edges the run took and keeps each edge's kind and route", () => {
    const lighting = { nodes: new Map(), edges: new Set([edgeKey("fetch", "__end__")]) };
    const { edges } = toFlowElements({ layout, lighting, breakpoints: [], errors: new Map() });
    expect(edges.map((edge) => [edge.id, edge.data?.kind, edge.data?.active])).toEqual([["e0", "fixed", false], ["e1", "conditional", true]]);
    expect(edges[1]!.data?.points).toHaveLength(2);
  });
});
