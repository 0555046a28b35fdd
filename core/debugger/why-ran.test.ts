import { describe, expect, it } from "vitest";
import type { CheckpointVersions, TaskView } from "../api/types.ts";
import { explainTask, previewRun } from "./why-ran.ts";

const link = (checkpointId: string, parentId: string | null, step: number, writes: Record<string, unknown>, versions: Record<string, string>, seen: CheckpointVersions["versionsSeen"] = null): CheckpointVersions => ({
  checkpointId, parentId, step, writers: Object.keys(writes).sort(), writes, versions, versionsSeen: seen, routes: {}, sends: [],
});

describe("explainTask", () => {
  it("names only the writer whose update holds the channel", () => {
    const chain = [link("c2", "c1", 1, { a: { x: 1 }, b: { y: 2 } }, { x: "c2", y: "c2", z: "c0" }), link("c1", "c0", 0, { n: { z: 0 } }, { z: "c0" })];
    const why = explainTask("n", chain, true);
    expect(why.triggers.map((trigger) => [trigger.channel, trigger.changedBy])).toEqual([["x", ["a"]], ["y", ["b"]]]);
    expect(why.lastRanAtStep).toBe(0);
  });

  it("says the change is unknown when the history read ends before it", () => {
    const why = explainTask("n", [link("c5", "c4", 5, {}, { x: "7", y: "3" }, { n: { x: "6" } })], true);
    expect(why.triggers).toEqual([{ channel: "x", version: "7", changedAtCheckpointId: null, changedAtStep: null, changedBy: [] }]);
    const routed = { ...link("c5", "c4", 5, {}, { "branch:to:n": "7" }, { n: {} }), routes: { "branch:to:n": "n" } };
    expect(explainTask("n", [routed], true).triggers).toEqual([{ channel: "branch:to:n", version: "7", changedAtCheckpointId: null, changedAtStep: null, changedBy: [] }]);
  });
});

describe("previewRun", () => {
  const tasks: TaskView[] = [
    { id: "a", name: "a", interrupts: [], result: { x: 1 } },
    { id: "b", name: "b", interrupts: [{ id: "b:0", value: "ok?" }] },
    { id: "c", name: "c", interrupts: [], error: { name: "Error", message: "boom" } },
  ];
  it("a resume keeps finished work and re-runs the waiting and the failed", () => {
    const preview = previewRun({ checkpointId: "k", tasks }, "resume");
    expect(preview.kept).toEqual([{ taskId: "a", node: "a", value: { x: 1 } }]);
    expect(preview.willRun.map((task) => task.node)).toEqual(["b", "c"]);
    expect(preview.waiting.map((task) => task.node)).toEqual(["b"]);
  });
});
