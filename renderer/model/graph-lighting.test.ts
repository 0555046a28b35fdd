import { describe, expect, it } from "vitest";
import type { CheckpointEntry, GraphView } from "../../core/api/types.ts";
import { END, START } from "../../core/api/nodes.ts";
import { edgeKey, lightGraph, toneOf } from "./graph-lighting.ts";

const graph: GraphView = {
  name: "g",
  origin: "stored",
  nodes: [
    { id: START, kind: "start" },
    { id: "plan", kind: "node" },
    { id: "search", kind: "node" },
    { id: "write", kind: "node" },
    { id: END, kind: "end" },
  ],
  edges: [
    { from: START, to: "plan", kind: "fixed" },
    { from: "plan", to: "search", kind: "conditional" },
    { from: "plan", to: "write", kind: "conditional" },
    { from: "search", to: "write", kind: "fixed" },
    { from: "write", to: END, kind: "fixed" },
  ],
};

function entry(change: Partial<CheckpointEntry>): CheckpointEntry {
  return { checkpointId: "c", parentId: null, step: 1, source: "loop", writers: [], next: [], createdAt: 0, durationMs: null, errors: [], interrupted: [], breakpoint: null, ...change };
}

const tones = (lighting: ReturnType<typeof lightGraph>) => Object.fromEntries([...lighting.nodes].map(([id, light]) => [id, toneOf(light)]));

describe("graph lighting", () => {
  it("marks the writers as ran, the next nodes as next, and the edge taken between them", () => {
    const lighting = lightGraph(graph, entry({ writers: ["plan"], next: ["search"] }));
    expect(tones(lighting)).toEqual({ [START]: "idle", plan: "ran", search: "next", write: "idle", [END]: "idle" });
    expect([...lighting.edges]).toEqual([edgeKey("plan", "search")]);
  });

  it("lights START for the input checkpoint and END once the run is done", () => {
    expect(tones(lightGraph(graph, entry({ source: "input", step: -1, next: ["plan"] })))[START]).toBe("ran");
    const done = lightGraph(graph, entry({ writers: ["write"], next: [] }));
    expect(tones(done)[END]).toBe("next");
    expect(done.edges.has(edgeKey("write", END))).toBe(true);
  });

  it("shows a failed node in red and an interrupted one in amber, above next", () => {
    const lighting = lightGraph(graph, entry({ writers: ["plan"], next: ["search", "write"], errors: ["search"], interrupted: ["write"] }));
    expect(toneOf(lighting.nodes.get("search"))).toBe("failed");
    expect(toneOf(lighting.nodes.get("write"))).toBe("interrupted");
    expect(tones(lighting)[END]).toBe("idle");
  });

  it("shows the node a breakpoint stopped before in amber too, though no interrupt waits there", () => {
    const lighting = lightGraph(graph, entry({ writers: ["plan"], next: ["search"], breakpoint: { when: "before", nodes: ["search"] } }));
    expect(toneOf(lighting.nodes.get("search"))).toBe("interrupted");
    expect(tones(lighting)[END]).toBe("idle");
  });

  it("lays a live run's node states over the checkpoint", () => {
    const live = new Map([["search", "running" as const], ["plan", "done" as const]]);
    const lighting = lightGraph(graph, entry({ writers: [], next: ["search"] }), live);
    expect(toneOf(lighting.nodes.get("search"))).toBe("running");
    expect(toneOf(lighting.nodes.get("plan"))).toBe("ran");
  });

  it("ignores nodes the graph does not have and lights nothing without a checkpoint", () => {
    expect(tones(lightGraph(graph, entry({ writers: ["ghost"], next: ["phantom"] }))).plan).toBe("idle");
    expect(new Set(Object.values(tones(lightGraph(graph, null))))).toEqual(new Set(["idle"]));
  });
});
