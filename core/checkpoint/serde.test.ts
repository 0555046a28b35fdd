/**
 * Storing values as JSON: plain data takes the fast path and gives exactly JSON.stringify's text;
 * anything JSON cannot hold is refused naming the channel (and node), wherever it sits in the value.
 */
import { describe, expect, it } from "vitest";
import { assertJsonSafe, toJson } from "./serde.ts";

const origin = { channel: "notes", node: "writer", threadId: "t" };

describe("toJson and assertJsonSafe", () => {
  it("store plain data exactly as JSON.stringify does, undefined as null", () => {
    const values: unknown[] = [0, -1.5, "text", true, null, [], {}, [1, [2, [3]]], { a: { b: ["c", null, undefined] }, skipped: undefined }, { nan: Number.NaN }];
    for (const value of values) {
      expect(toJson(value, origin)).toBe(JSON.stringify(value));
      expect(() => assertJsonSafe(value, origin)).not.toThrow();
    }
    expect(toJson(undefined, origin)).toBe("null");
    // A Date and a value nested past the fast path's depth take the checked path, with the same text.
    const deep: unknown[] = [];
    let cursor = deep;
    for (let depth = 0; depth < 100; depth += 1) cursor.push((cursor = []));
    expect(toJson({ at: new Date(0), deep }, origin)).toBe(JSON.stringify({ at: new Date(0), deep }));
  });

  it("refuse a function, a symbol or a cycle anywhere in the value, naming channel, node and thread", () => {
    const cycle: Record<string, unknown> = { name: "loop" };
    cycle.self = cycle;
    const deepFunction: unknown[] = [];
    let cursor = deepFunction;
    for (let depth = 0; depth < 40; depth += 1) cursor.push((cursor = []));
    cursor.push(() => 1);
    for (const bad of [{ callback: () => 1 }, [Symbol("s")], { nested: [{ fn() {} }] }, cycle, deepFunction]) {
      expect(() => toJson(bad, origin)).toThrow(expect.objectContaining({ code: "UNSERIALIZABLE_VALUE", subject: { channel: "notes", node: "writer", thread: "t" } }));
      expect(() => assertJsonSafe(bad, origin)).toThrow(expect.objectContaining({ code: "UNSERIALIZABLE_VALUE" }));
    }
    expect(() => assertJsonSafe({ big: 1n }, origin)).toThrow(/channel "notes"/);
    expect(() => toJson({ big: 1n }, origin)).toThrow(/channel "notes"/);
  });
});
