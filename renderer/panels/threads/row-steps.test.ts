import { describe, expect, it } from "vitest";
import { rowStepsRun } from "./row-steps.ts";

describe("rowStepsRun", () => {
  it("counts the supersteps that ran a node on a LangGraph thread (first node step 1)", () => {
    expect(rowStepsRun({ step: 1, status: "done" }, 1)).toBe(1);
    expect(rowStepsRun({ step: 3, status: "done" }, 1)).toBe(3);
    expect(rowStepsRun({ step: 0, status: "done" }, 1)).toBe(0);
  });

  it("counts the step an interrupt waits in (its node ran up to interrupt() but wrote no checkpoint)", () => {
    // A subgraph node waiting on interrupt() right after START: the root's head is step 0.
    expect(rowStepsRun({ step: 0, status: "interrupted" }, 1)).toBe(1);
    // draft ran (step 1), review waits in step 2.
    expect(rowStepsRun({ step: 1, status: "interrupted" }, 1)).toBe(2);
    // Only the input was written: nothing ran yet, whatever the status says.
    expect(rowStepsRun({ step: -1, status: "interrupted" }, 1)).toBe(0);
  });

  it("counts only the finished steps of a failed thread", () => {
    expect(rowStepsRun({ step: 2, status: "error" }, 1)).toBe(2);
    // classify ran (step 0), then lookup failed: 1 step.
    expect(rowStepsRun({ step: 0, status: "error" }, 0)).toBe(1);
  });

  it("uses the same rule on the engine's numbering (first node step 0)", () => {
    expect(rowStepsRun({ step: 0, status: "done" }, 0)).toBe(1);
    expect(rowStepsRun({ step: -1, status: "interrupted" }, 0)).toBe(1);
    expect(rowStepsRun({ step: 1, status: "pending" }, 0)).toBe(2);
  });
});
