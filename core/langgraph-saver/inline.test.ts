import { describe, expect, it } from "vitest";
import { INLINE_BYTES, inlinable, inlineValuesOf, withInlineValues } from "./inline.ts";
import type { ValueRow } from "./store.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const row = (value: string, extra: Partial<ValueRow> = {}): ValueRow => ({ channel: "c", version: "1", base: null, base_len: 0, depth: 0, size: value.length, type: "json", value: bytes(value), ...extra });

describe("inline values", () => {
  it("inlines a whole JSON value under the threshold, never a delta, a non-JSON value or a large one", () => {
    expect(inlinable(row('"agent"'))).toBe(true);
    expect(inlinable(row("x".repeat(INLINE_BYTES - 1)))).toBe(true);
    expect(inlinable(row("x".repeat(INLINE_BYTES)))).toBe(false);
    expect(inlinable(row("[1]", { base: "0.5", base_len: 1, depth: 1 }))).toBe(false);
    expect(inlinable(row("\u0001", { type: "bytes" }))).toBe(false);
  });

  it("splices values into a checkpoint's trailing empty channel_values, and refuses any other shape", () => {
    const text = JSON.stringify({ v: 4, id: "c1", channel_versions: { "a b": 1, n: 2 }, channel_values: {} });
    const spliced = withInlineValues(text, [["a b", '"x"'], ["n", '{"k":[1,null]}']]);
    expect(JSON.parse(spliced!)).toEqual({ v: 4, id: "c1", channel_versions: { "a b": 1, n: 2 }, channel_values: { "a b": "x", n: { k: [1, null] } } });
    expect(withInlineValues(text, [])).toBe(text);
    expect(withInlineValues(JSON.stringify({ channel_values: {}, v: 4 }), [["n", "1"]])).toBeUndefined();
  });

  it("reads a stored checkpoint's inline values with their versions, and none from a schema 1 or non-JSON blob", () => {
    const blob = bytes(JSON.stringify({ channel_versions: { n: 2.5, s: "3" }, channel_values: { n: 7, s: "x" } }));
    expect([...inlineValuesOf("json", blob)]).toEqual([
      ["n", { version: "2.5", json: "7" }],
      ["s", { version: "3", json: '"x"' }],
    ]);
    expect(inlineValuesOf("json", JSON.stringify({ channel_versions: { n: 1 }, channel_values: {} })).size).toBe(0);
    expect(inlineValuesOf("bytes", blob).size).toBe(0);
  });
});
