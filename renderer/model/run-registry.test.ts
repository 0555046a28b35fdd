import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../core/api/types.ts";
import { applyRunEvent, dismissThreadRun, EMPTY_RUNS, registerRun, runOfThread, type RunRegistry } from "./run-registry.ts";

const checkpoint = (runId: string, threadId: string, checkpointId: string): RunEvent => ({ runId, threadId, type: "checkpoint", checkpointId, step: 1 });
const finished = (runId: string, threadId: string, checkpointId: string): RunEvent => ({ runId, threadId, type: "finished", status: "done", checkpointId });
const apply = (registry: RunRegistry, events: RunEvent[]) => events.reduce(applyRunEvent, registry);

describe("the run registry", () => {
  it("shows a new run's events even while the thread's previous run is still on screen, finished", () => {
    let runs = registerRun(EMPTY_RUNS, "r1", "t1");
    runs = apply(runs, [checkpoint("r1", "t1", "c1"), finished("r1", "t1", "c1")]);
    expect(runOfThread(runs, "t1")?.status).toBe("finished");

    // The second run is quick: all its events arrive before startRun answers with its id.
    runs = apply(runs, [checkpoint("r2", "t1", "c2"), checkpoint("r2", "t1", "c3"), finished("r2", "t1", "c3")]);
    expect(runOfThread(runs, "t1")?.runId).toBe("r1");
    runs = registerRun(runs, "r2", "t1");
    const shown = runOfThread(runs, "t1")!;
    expect(shown).toMatchObject({ runId: "r2", status: "finished", checkpoints: ["c2", "c3"] });
    expect(runs.runs.has("r1")).toBe(false);
    expect(runs.early.size).toBe(0);
  });

  it("keeps each thread's run apart and shows none on a thread that has not run", () => {
    let runs = registerRun(EMPTY_RUNS, "r1", "t1");
    runs = registerRun(runs, "r2", "t2");
    runs = apply(runs, [checkpoint("r2", "t2", "x1"), finished("r1", "t1", "c1")]);
    expect(runOfThread(runs, "t1")).toMatchObject({ runId: "r1", status: "finished", checkpoints: [] });
    expect(runOfThread(runs, "t2")).toMatchObject({ runId: "r2", status: "running", checkpoints: ["x1"] });
    expect(runOfThread(runs, "t3")).toBeNull();
    expect(runOfThread(runs, null)).toBeNull();
  });

  it("dismisses only a run that has ended, and only on its own thread", () => {
    let runs = registerRun(EMPTY_RUNS, "r1", "t1");
    runs = registerRun(runs, "r2", "t2");
    expect(dismissThreadRun(runs, "t1")).toBe(runs);
    runs = apply(runs, [finished("r1", "t1", "c1"), finished("r2", "t2", "x1")]);
    runs = dismissThreadRun(runs, "t1");
    expect(runOfThread(runs, "t1")).toBeNull();
    expect(runOfThread(runs, "t2")?.status).toBe("finished");
  });

  it("bounds the events it keeps for runs nobody registers", () => {
    let runs = EMPTY_RUNS;
    for (let i = 0; i < 100; i++) runs = applyRunEvent(runs, checkpoint(`other-${i}`, "t9", "c"));
    expect(runs.early.size).toBeLessThanOrEqual(32);
    expect(runs.early.has("other-99")).toBe(true);
  });
});
