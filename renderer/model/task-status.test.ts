import { describe, expect, it } from "vitest";
import type { TaskView } from "../../core/api/types.ts";
import { failureHeadline, isAbortError, rootCauseFirst, taskStatus } from "./task-status.ts";

const task = (name: string, extra: Partial<TaskView> = {}): TaskView => ({ id: `id-${name}`, name, interrupts: [], ...extra });
const abort = { name: "AbortError", message: "This operation was aborted" };
const fault = { name: "TypeError", message: "news feed returned malformed JSON" };

describe("task status", () => {
  it("a finished task of a completed step is done, not waiting for the step", () => {
    expect(taskStatus(task("a", { result: { x: 1 }, stepCompleted: true }))).toMatchObject({ kind: "done", label: "done" });
    expect(taskStatus(task("a", { result: { x: 1 } })).label).toBe("finished; its result waits for the step to complete");
  });

  it("a task that failed and then succeeded shows one status: its success, the failure as an earlier attempt", () => {
    const status = taskStatus(task("a", { result: { x: 1 }, error: abort, stepCompleted: true }));
    expect(status).toEqual({ kind: "done", label: "done, after a failed attempt", failedBefore: true });
    expect(taskStatus(task("a", { result: 1, error: fault })).kind).toBe("finished");
  });

  it("tells an abort from a failure, and a waiting task from one that runs next", () => {
    expect(taskStatus(task("a", { error: abort })).kind).toBe("aborted");
    expect(taskStatus(task("a", { error: { name: "CancelledError", message: "" } })).kind).toBe("aborted");
    expect(taskStatus(task("a", { error: fault })).kind).toBe("failed");
    expect(taskStatus(task("a", { interrupts: [{ id: "i", value: "?" }] })).kind).toBe("waiting");
    expect(taskStatus(task("a")).kind).toBe("next");
    expect(isAbortError({ name: "Error", message: "The operation was aborted." })).toBe(true);
    expect(isAbortError({ name: "Error", message: "request aborted by the server after 3 retries" })).toBe(false);
  });

  it("puts the root cause first, then the aborted siblings, each in their order", () => {
    const tasks = [task("weather", { error: abort }), task("stocks", { result: 1 }), task("news", { error: fault }), task("sports", { error: abort })];
    expect(rootCauseFirst(tasks).map((t) => t.name)).toEqual(["news", "weather", "sports", "stocks"]);
    expect(failureHeadline(["weather", "news", "sports"], tasks)).toEqual({ names: ["news", "weather", "sports"], message: fault.message });
    expect(failureHeadline(["weather", "news"], undefined)).toEqual({ names: ["weather", "news"], message: "" });
  });
});
