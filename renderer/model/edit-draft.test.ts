import { describe, expect, it } from "vitest";
import { checkDraft, draftUpdate, formatState, positionOf } from "./edit-draft.ts";

describe("edit draft", () => {
  it("accepts a JSON object and round-trips the formatted state", () => {
    const state = { question: "tides", notes: ["a", "b"], nested: { n: 1 } };
    expect(checkDraft(formatState(state))).toEqual({ ok: true, values: state });
  });

  it("says where the JSON is broken", () => {
    const text = '{\n  "question": "tides",\n  "notes": [1, 2,]\n}';
    const check = checkDraft(text);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.message).toMatch(/^Invalid JSON: /);
    expect(check.line).toBe(3);
  });

  it("refuses arrays, strings and null as the state", () => {
    for (const text of ["[1]", '"x"', "null", "3"]) expect(checkDraft(text)).toMatchObject({ ok: false, message: expect.stringContaining("JSON object") });
  });

  it("writes only the fields that changed and reports the ones removed", () => {
    const original = { question: "tides", notes: ["a"], count: 1 };
    expect(draftUpdate(original, { question: "tides", notes: ["a"], count: 2, extra: true })).toEqual({ values: { count: 2, extra: true }, removed: [] });
    expect(draftUpdate(original, { question: "tides" })).toEqual({ values: {}, removed: ["notes", "count"] });
  });

  it("turns an offset into a line and column", () => {
    expect(positionOf("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});
