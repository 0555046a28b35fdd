import { describe, expect, it } from "vitest";
import type { LoadedCheckpoint, LoadedWrite } from "./model.ts";
import { plannedTasks } from "./next.ts";

function checkpoint(fields: Pick<LoadedCheckpoint, "channelValues" | "versions" | "versionsSeen">): LoadedCheckpoint {
  return { id: "c1", parentId: null, threadId: "t", namespace: "", type: "json", readable: true, v: 4, ts: null, createdAt: null, pendingSends: null, metadata: {}, step: 1, source: "loop", problems: [], payload: { value: null }, metadataPayload: { value: null }, ...fields };
}

const nullWrite = (channel: string, value: unknown, idx: number): LoadedWrite => ({ checkpointId: "c1", taskId: "00000000-0000-0000-0000-000000000000", idx, channel, type: "json", value });

const plan = (at: LoadedCheckpoint, nodes: string[], nullWrites: LoadedWrite[] = []) =>
  plannedTasks({ checkpoint: at, nullWrites, legacySends: null, nodes: new Set(nodes) }).map((task) => (task.kind === "push" ? `push ${task.name}#${task.packetIndex}` : `${task.name} <- ${task.fired.join(",")}`));

describe("plannedTasks", () => {
  it("plans push tasks first, then pull tasks in the order of their first fired channel among the versions", () => {
    const at = checkpoint({
      channelValues: { __pregel_tasks: [{ node: "worker", args: 1 }], "branch:to:b": null, "branch:to:a": null, messages: null },
      versions: { messages: 3, "branch:to:b": 2, "branch:to:a": 3 },
      versionsSeen: { a: { "branch:to:a": 1 }, b: { "branch:to:b": 1 } },
    });
    expect(plan(at, ["a", "b", "worker"])).toEqual(["push worker#0", "b <- branch:to:b", "a <- branch:to:a"]);
  });

  it("ranks a channel a Command given as input wrote after every versioned one, and ties by node name", () => {
    const at = checkpoint({
      channelValues: { "branch:to:a": null, "branch:to:c": null },
      versions: { "branch:to:a": 2, "branch:to:c": 2 },
      versionsSeen: { a: { "branch:to:a": 2 }, c: { "branch:to:c": 1 } },
    });
    // a's channel is fresh (written by the null task) though versioned: it keeps its place among the versions.
    expect(plan(at, ["a", "b", "c"], [nullWrite("branch:to:a", null, 0), nullWrite("branch:to:b", null, 1)])).toEqual(["a <- branch:to:a", "c <- branch:to:c", "b <- branch:to:b"]);
    // Two tasks fired only by fresh, unversioned channels rank in write order, not by name.
    expect(plan(checkpoint({ channelValues: {}, versions: {}, versionsSeen: {} }), ["a", "z"], [nullWrite("branch:to:z", null, 0), nullWrite("branch:to:a", null, 1)])).toEqual(["z <- branch:to:z", "a <- branch:to:a"]);
  });

  it("fires a node on what it has seen in old layouts, a join only when every source arrived, and __start__ only on its own channel", () => {
    const at = checkpoint({
      channelValues: { a: null, "join:a+b:c": ["a"], __start__: null, "start:x": null },
      versions: { a: 2, "join:a+b:c": 2, __start__: 1, "start:x": 1 },
      versionsSeen: { n: { a: 1 }, c: {}, __start__: { "start:x": 0 } },
    });
    expect(plan(at, ["n", "c", "__start__", "x"])).toEqual(["n <- a", "__start__ <- __start__", "x <- start:x"]);
    expect(plan(at, ["n", "c", "__start__", "x"], [nullWrite("join:a+b:c", "b", 0)])).toEqual(["n <- a", "c <- join:a+b:c", "__start__ <- __start__", "x <- start:x"]);
  });

  it("plans each checkpoint from its own channels when the one before named the same ones in another order, or others", () => {
    const seen = { a: { "branch:to:a": 1 }, b: { "branch:to:b": 1 } };
    const first = checkpoint({ channelValues: { "branch:to:a": null, "branch:to:b": null }, versions: { "branch:to:a": 2, "branch:to:b": 2 }, versionsSeen: seen });
    const flipped = checkpoint({ channelValues: { "branch:to:a": null, "branch:to:b": null }, versions: { "branch:to:b": 2, "branch:to:a": 2 }, versionsSeen: seen });
    const more = checkpoint({ channelValues: { "branch:to:a": null, "branch:to:b": null, "branch:to:c": null }, versions: { "branch:to:b": 2, "branch:to:a": 2, "branch:to:c": 2 }, versionsSeen: seen });
    expect(plan(first, ["a", "b", "c"])).toEqual(["a <- branch:to:a", "b <- branch:to:b"]);
    expect(plan(flipped, ["a", "b", "c"])).toEqual(["b <- branch:to:b", "a <- branch:to:a"]);
    expect(plan(more, ["a", "b", "c"])).toEqual(["b <- branch:to:b", "a <- branch:to:a", "c <- branch:to:c"]);
    expect(plan(first, ["a", "b", "c"])).toEqual(["a <- branch:to:a", "b <- branch:to:b"]);
  });
});
