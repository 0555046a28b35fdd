/** What a step's settled tasks leave behind: failure records, blame for writes that could not be applied, and what a resume finds. */
import { describe, expect, it } from "vitest";
import { ChronographError } from "../api/errors.ts";
import type { PendingWrite } from "../checkpoint/types.ts";
import { blameWrites, failureWrites, NOTHING_SAVED, settledTasks } from "./settle.ts";
import type { TaskOutcome } from "./runner.ts";

const done = (node: string, update: Record<string, unknown>): TaskOutcome => ({ task: { id: node, node }, status: "done", result: { update, goto: [] }, durationMs: 1 });
const failed = (node: string, error: unknown): TaskOutcome => ({ task: { id: node, node }, status: "error", error, durationMs: 1 });
const interrupted = (node: string): TaskOutcome => ({ task: { id: node, node }, status: "interrupt", interrupt: { id: `${node}:0`, value: "ask" }, durationMs: 1 });

describe("failureWrites", () => {
  it("records each outcome of a stopped step, leaving out results already saved early", () => {
    const writes = failureWrites([done("a", { n: 1 }), done("b", { n: 2 }), failed("c", new TypeError("boom")), interrupted("d")], new Set(["b"]));
    expect(writes.map((write) => [write.node, write.kind])).toEqual([
      ["a", "update"],
      ["c", "error"],
      ["d", "interrupt"],
    ]);
    expect(writes[1]!.value).toMatchObject({ name: "TypeError", message: "boom" });
    expect(writes[2]!.value).toEqual({ id: "d:0", value: "ask" });
  });
});

describe("blameWrites", () => {
  const outcomes = [done("a", { n: 1 }), done("b", { n: 2 })];

  it("blames the node the error names and keeps the other node's result", () => {
    const error = new ChronographError("UNKNOWN_CHANNEL", 'Node "b" wrote to channel "x".', { node: "b", channel: "x" });
    const writes = blameWrites(error, outcomes, NOTHING_SAVED);
    expect(writes.map((write) => [write.node, write.kind])).toEqual([
      ["a", "update"],
      ["b", "error"],
    ]);
    expect(writes[1]!.value).toMatchObject({ message: 'Node "b" wrote to channel "x".' });
  });

  it("blames every node of the step when the error names none, and does not save a result twice", () => {
    expect(blameWrites(new Error("disk full"), outcomes, NOTHING_SAVED).map((write) => write.kind)).toEqual(["error", "error"]);
    const named = new ChronographError("INVALID_UPDATE", "bad", { node: "b" });
    expect(blameWrites(named, outcomes, new Set(["a"])).map((write) => write.node)).toEqual(["b"]);
  });
});

describe("settledTasks", () => {
  it("says which tasks finished before and what resumes await the others", () => {
    const pending: PendingWrite[] = [
      { taskId: "a", node: "a", kind: "update", value: { update: { n: 1 }, goto: [] } },
      { taskId: "b", node: "b", kind: "interrupt", value: { id: "b:0", value: "ask" } },
      { taskId: "b", node: "b", kind: "resume", value: ["yes"] },
    ];
    const settled = settledTasks(pending);
    expect([...settled.done]).toEqual(["a"]);
    expect(settled.finished).toEqual([{ task: { id: "a", node: "a" }, result: { update: { n: 1 }, goto: [] } }]);
    expect(settled.resumes.get("b")).toEqual(["yes"]);
    expect(settledTasks([]).done.size).toBe(0);
  });
});
