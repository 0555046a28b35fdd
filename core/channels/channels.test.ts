import { describe, expect, it } from "vitest";
import { isChronographError } from "../api/errors.ts";
import { append, appendedFromWrites } from "./append.ts";
import { arrive } from "./barrier.ts";
import { lastValue } from "./last-value.ts";
import { reducer } from "./reducer.ts";

describe("lastValue", () => {
  it("overwrites with the single write of a step and keeps the value when nobody writes", () => {
    const channel = lastValue(0);
    expect(channel.update("n", 1, [{ node: "a", value: 5 }])).toBe(5);
    expect(channel.update("n", 1, [])).toBe(1);
  });

  it("refuses two writes in one step, naming the channel and both nodes", () => {
    const channel = lastValue("");
    try {
      channel.update("label", "", [
        { node: "left", value: "x" },
        { node: "right", value: "y" },
      ]);
      expect.unreachable();
    } catch (error) {
      expect(isChronographError(error, "INVALID_UPDATE")).toBe(true);
      expect((error as Error).message).toMatch(/"label".*left, right/);
    }
  });

  it("hands out a fresh copy of an object default each time", () => {
    const channel = lastValue({ tags: [] as string[] });
    const first = channel.initial();
    first.tags.push("changed");
    expect(channel.initial()).toEqual({ tags: [] });
  });
});

describe("append", () => {
  it("concatenates lists and appends single items, in write order, without mutating", () => {
    const channel = append<string>();
    const before = ["a"];
    const after = channel.update("log", before, [
      { node: "x", value: ["b", "c"] },
      { node: "y", value: "d" },
    ]);
    expect(after).toEqual(["a", "b", "c", "d"]);
    expect(before).toEqual(["a"]);
    expect(channel.appended!([{ node: "x", value: ["b"] }, { node: "y", value: "c" }])).toEqual(["b", "c"]);
  });

  it("rebuilds a step's appended items from recorded writes in node-name order", () => {
    const writes = { zeta: { log: ["z"] }, alpha: [{ log: "a1" }, { log: ["a2", "a3"] }], other: { unrelated: 1 } };
    expect(appendedFromWrites(writes, "log")).toEqual(["a1", "a2", "a3", "z"]);
    expect(appendedFromWrites(null, "log")).toEqual([]);
  });
});

describe("reducer", () => {
  it("folds every write with the user's function", () => {
    const channel = reducer((total: number, add: number) => total + add, 10);
    expect(channel.update("sum", channel.initial(), [{ node: "a", value: 1 }, { node: "b", value: 2 }])).toBe(13);
  });

  it("reports a failing reducer with the channel and the node whose write broke it", () => {
    const channel = reducer((_: number, __: number): number => {
      throw new Error("boom");
    }, 0);
    expect(() => channel.update("sum", 0, [{ node: "adder", value: 1 }])).toThrow(/channel "sum".*node "adder": boom/);
  });
});

describe("join barrier", () => {
  it("fires once every source has finished, across steps, then starts over", () => {
    const first = arrive([], ["a", "b"], ["a"]);
    expect(first).toEqual({ arrived: ["a"], fired: false });
    const second = arrive(first.arrived, ["a", "b"], ["b", "unrelated"]);
    expect(second).toEqual({ arrived: [], fired: true });
  });
});
