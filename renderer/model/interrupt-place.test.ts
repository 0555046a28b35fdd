import { describe, expect, it } from "vitest";
import type { NamespaceSummary, ThreadStatus } from "../../core/api/types.ts";
import { interruptPlace } from "./interrupt-place.ts";

const ns = (namespace: string, status: ThreadStatus): NamespaceSummary => ({ namespace, status, checkpointCount: 2, headCheckpointId: `head-${namespace}`, updatedAt: 1 });

describe("interruptPlace", () => {
  const nested = [ns("research:t1", "interrupted"), ns("research:t1|deep:t2", "interrupted")];

  it("names the innermost waiting namespace under the task, not the outer subgraph", () => {
    expect(interruptPlace(nested, "", { name: "research", id: "t1" })).toBe("research › deep");
  });

  it("names the same place when the parent subgraph is the one on screen", () => {
    expect(interruptPlace(nested, "research:t1", { name: "deep", id: "t2" })).toBe("research › deep");
  });

  it("names the node itself when it ran no subgraph (or the interrupt is its own)", () => {
    expect(interruptPlace([], "", { name: "review", id: "t9" })).toBe("review");
    expect(interruptPlace(nested, "research:t1|deep:t2", { name: "ask", id: "t3" })).toBe("ask");
  });

  it("stops at the task's subgraph when nothing below it waits", () => {
    expect(interruptPlace([ns("research:t1", "interrupted"), ns("research:t1|deep:t2", "done")], "", { name: "research", id: "t1" })).toBe("research");
  });

  it("reads only the subgraph this task ran, not an older run of the same node", () => {
    const runs = [ns("research:old|deep:a", "interrupted"), ns("research:old", "interrupted"), ns("research:t1", "interrupted")];
    expect(interruptPlace(runs, "", { name: "research", id: "t1" })).toBe("research");
  });
});
