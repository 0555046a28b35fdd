import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../core/api/types.ts";
import { foldRunEvent, isActive, startProgress } from "./run-progress.ts";

const run = (events: RunEvent[]) => events.reduce(foldRunEvent, startProgress("r1", "t1"));

describe("run progress", () => {
  it("tracks running nodes and the checkpoints a run writes", () => {
    const progress = run([
      { runId: "r1", threadId: "t1", type: "started", fromCheckpointId: "c0" },
      { runId: "r1", threadId: "t1", type: "node", node: "a", phase: "start" },
      { runId: "r1", threadId: "t1", type: "node", node: "b", phase: "start" },
      { runId: "r1", threadId: "t1", type: "node", node: "a", phase: "end", durationMs: 3 },
    ]);
    expect([...progress.nodes]).toEqual([["a", "done"], ["b", "running"]]);
    const next = foldRunEvent(progress, { runId: "r1", threadId: "t1", type: "checkpoint", checkpointId: "c1", step: 1 });
    expect(next.checkpoints).toEqual(["c1"]);
    expect([...next.nodes]).toEqual([["b", "running"]]);
    expect(isActive(next)).toBe(true);
  });

  it("keeps the failed node and the error once the run fails", () => {
    const progress = run([
      { runId: "r1", threadId: "t1", type: "node", node: "a", phase: "error", message: "boom" },
      { runId: "r1", threadId: "t1", type: "failed", error: { code: "INTERNAL", message: "Node a failed: boom" } },
    ]);
    expect(progress.status).toBe("failed");
    expect(progress.error?.message).toContain("boom");
    expect(progress.nodeErrors.get("a")).toBe("boom");
    expect([...progress.nodes]).toEqual([["a", "failed"]]);
    expect(isActive(progress)).toBe(false);
  });

  it("calls an aborted run stopped, not failed, and ignores other runs' events", () => {
    const start = startProgress("r1", "t1");
    expect(foldRunEvent(start, { runId: "other", threadId: "t1", type: "finished", status: "done", checkpointId: null })).toBe(start);
    const stopped = foldRunEvent(start, { runId: "r1", threadId: "t1", type: "failed", error: { code: "RUN_ABORTED", message: "stopped" } });
    expect(stopped.status).toBe("stopped");
    expect(stopped.error).toBeNull();
    const finished = foldRunEvent(start, { runId: "r1", threadId: "t1", type: "finished", status: "interrupted", checkpointId: "c9" });
    expect([finished.status, finished.outcome]).toEqual(["finished", "interrupted"]);
  });
});
