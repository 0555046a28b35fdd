import { describe, expect, it } from "vitest";
import { breakpointStop, type StopFacts } from "./breakpoint.ts";

const stopped: StopFacts = { source: "loop", children: 0, next: ["publish"], writes: 0 };

describe("breakpointStop", () => {
  it("reads a loop checkpoint with next nodes, no writes and no continuation as stopped before them", () => {
    expect(breakpointStop(stopped)).toEqual({ when: "before", nodes: ["publish"] });
    expect(breakpointStop({ ...stopped, next: ["a", "b", "a"] })).toEqual({ when: "before", nodes: ["a", "b"] });
  });

  it("is not a stop once something continued from the checkpoint", () => {
    expect(breakpointStop({ ...stopped, children: 1 })).toBeNull();
  });

  it("is not a stop when a task wrote (a result, an error, an interrupt) or input waits", () => {
    expect(breakpointStop({ ...stopped, writes: 1 })).toBeNull();
  });

  it("is not a stop at the end of a run, on an edit, an input or a fork", () => {
    expect(breakpointStop({ ...stopped, next: [] })).toBeNull();
    for (const source of ["update", "input", "fork"] as const) expect(breakpointStop({ ...stopped, source })).toBeNull();
  });

  it("is not a stop before LangGraph's internal nodes", () => {
    expect(breakpointStop({ ...stopped, next: ["__start__"] })).toBeNull();
  });
});
