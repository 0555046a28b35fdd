import { describe, expect, it } from "vitest";
import { taskStates, waitingTasks } from "./task-state.ts";
import { threadStatus } from "./thread-status.ts";
import type { PendingWrite } from "./types.ts";

const update = (taskId: string, value: Record<string, unknown>): PendingWrite => ({ taskId, node: taskId, kind: "update", value: { update: value, goto: [] } });
const failure = (taskId: string, message: string): PendingWrite => ({ taskId, node: taskId, kind: "error", value: { name: "Error", message } });
const interrupt = (taskId: string, index: number, value: unknown): PendingWrite => ({ taskId, node: taskId, kind: "interrupt", value: { id: `${taskId}:${index}`, value } });
const resume = (taskId: string, values: unknown[]): PendingWrite => ({ taskId, node: taskId, kind: "resume", value: values });

describe("taskStates", () => {
  it("says a task that failed and then succeeded has finished, with no error", () => {
    const state = taskStates([failure("a", "boom"), update("a", { x: 1 })]).get("a")!;
    expect(state).toMatchObject({ latest: "update", result: { update: { x: 1 } }, interrupts: [] });
    expect(state.error).toBeUndefined();
  });

  it("keeps the newest error of a task that failed twice", () => {
    expect(taskStates([failure("a", "first"), failure("a", "second")]).get("a")!.error?.message).toBe("second");
  });

  it("lists unanswered interrupts, and none once a resume answers them", () => {
    const waiting = taskStates([interrupt("ask", 0, "name?")]).get("ask")!;
    expect(waiting).toMatchObject({ latest: "interrupt", interrupts: [{ id: "ask:0", value: "name?" }] });
    const resumed = taskStates([interrupt("ask", 0, "name?"), resume("ask", ["Ada"])]).get("ask")!;
    expect(resumed).toMatchObject({ latest: "resume", interrupts: [], resumes: ["Ada"] });
  });

  it("does not count an answered interrupt raised again on re-run as waiting; a second interrupt waits", () => {
    const writes = [interrupt("ask", 0, "name?"), resume("ask", ["Ada"]), interrupt("ask", 0, "name?"), interrupt("ask", 1, "age?")];
    expect(taskStates(writes).get("ask")!.interrupts.map((info) => info.id)).toEqual(["ask:1"]);
  });

  it("keeps each task apart and the newest resume values per task", () => {
    const states = taskStates([update("a", { x: 1 }), interrupt("b", 0, "?"), resume("b", ["one"]), resume("b", ["one", "two"])]);
    expect([...states.keys()]).toEqual(["a", "b"]);
    expect(states.get("a")!.latest).toBe("update");
    expect(states.get("b")!.resumes).toEqual(["one", "two"]);
  });
});

describe("waitingTasks and threadStatus read the same rule", () => {
  const record = { tasks: [{ id: "a", node: "a" }], breakpoint: null };

  it("a task whose newest write is an interrupt is waiting, and the thread is interrupted", () => {
    const writes = [failure("a", "boom"), interrupt("a", 0, "ok?")];
    expect(waitingTasks(writes).map((state) => state.taskId)).toEqual(["a"]);
    expect(threadStatus(record, writes)).toBe("interrupted");
  });

  it("a resumed task is no longer waiting, and the thread is pending", () => {
    const writes = [interrupt("a", 0, "ok?"), resume("a", ["yes"])];
    expect(waitingTasks(writes)).toEqual([]);
    expect(threadStatus(record, writes)).toBe("pending");
  });

  it("an error as a task's newest write makes the thread failed even when another task waits", () => {
    const writes = [interrupt("b", 0, "?"), failure("a", "boom")];
    expect(threadStatus({ tasks: [{ id: "a", node: "a" }, { id: "b", node: "b" }], breakpoint: null }, writes)).toBe("error");
  });
});
