import { describe, expect, it } from "vitest";
import { jsonEqual } from "./json-equal.ts";

describe("jsonEqual", () => {
  it("compares objects by key in any order and arrays by position", () => {
    expect(jsonEqual({ a: [1, { b: 2 }], c: "x" }, { c: "x", a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });

  it("tells a list from an object with index keys, and a missing key from one holding undefined", () => {
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});
