import { describe, expect, it } from "vitest";
import type { GraphView } from "../../api/types.ts";
import { graphKey, groupParts, unionGraphs } from "./graph-union.ts";

const view = (edges: Array<[string, string, GraphView["edges"][number]["kind"]?]>): GraphView => {
  const ids = new Set(edges.flat().filter((id): id is string => typeof id === "string" && !["fixed", "conditional", "join"].includes(id)));
  return {
    name: "graph",
    nodes: [...ids].map((id) => ({ id, kind: id === "__start__" ? "start" : id === "__end__" ? "end" : "node" })),
    edges: edges.map(([from, to, kind]) => ({ from, to, kind: kind ?? "fixed" })),
    origin: "inferred",
    inferredFrom: 2,
  };
};

describe("graph union", () => {
  it("keys a subgraph namespace by its node names, without task ids", () => {
    expect(graphKey("")).toBe("");
    expect(graphKey("outer:1ef-a|inner:2ab-c")).toBe("outer|inner");
  });

  it("groups threads that share a node name, and keeps unrelated graphs apart", () => {
    const parts = [
      { key: "", view: view([["__start__", "a"], ["a", "b"]]) },
      { key: "", view: view([["__start__", "x"]]) },
      { key: "", view: view([["__start__", "a"], ["a", "c"]]) },
      { key: "sub", view: view([["__start__", "a"]]) },
    ];
    expect(groupParts(parts)).toEqual([0, 1, 0, 3]);
  });

  it("draws every node, and an edge taken on only some threads of its source as conditional", () => {
    const union = unionGraphs([view([["__start__", "a"], ["a", "b"], ["b", "__end__"]]), view([["__start__", "a"], ["a", "c"]]), view([["__start__", "a"]])], "g");
    expect(union.nodes.map((node) => node.id)).toEqual(["__start__", "a", "b", "c", "__end__"]);
    expect(union.edges.map((edge) => `${edge.from}>${edge.to}:${edge.kind}`)).toEqual(["__start__>a:fixed", "a>b:conditional", "b>__end__:fixed", "a>c:conditional"]);
    expect(union.inferredFrom).toBe(6);
  });
});
