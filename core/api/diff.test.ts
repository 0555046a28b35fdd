import { describe, expect, it } from "vitest";
import { jsonEqual } from "./json-equal.ts";
import { diffValues } from "./diff.ts";

describe("diffValues", () => {
  it("reports nothing for equal states, whatever the key order", () => {
    expect(diffValues({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it("names added, removed and changed keys by their path", () => {
    expect(diffValues({ a: 1, gone: true, nested: { x: "old" } }, { a: 2, nested: { x: "new" }, fresh: null })).toEqual([
      { path: ["a"], kind: "changed", before: 1, after: 2 },
      { path: ["gone"], kind: "removed", before: true },
      { path: ["nested", "x"], kind: "changed", before: "old", after: "new" },
      { path: ["fresh"], kind: "added", after: null },
    ]);
  });

  it("compares lists by index: appended items are added, dropped ones removed", () => {
    expect(diffValues({ messages: ["hi"] }, { messages: ["hi", "there", "!"] })).toEqual([
      { path: ["messages", "1"], kind: "added", after: "there" },
      { path: ["messages", "2"], kind: "added", after: "!" },
    ]);
    expect(diffValues({ m: [{ t: 1 }, { t: 2 }] }, { m: [{ t: 9 }] })).toEqual([
      { path: ["m", "0", "t"], kind: "changed", before: 1, after: 9 },
      { path: ["m", "1"], kind: "removed", before: { t: 2 } },
    ]);
  });

  it("reports a value whose type changed as one change at that path", () => {
    expect(diffValues({ v: [1] }, { v: { 0: 1 } })).toEqual([{ path: ["v"], kind: "changed", before: [1], after: { 0: 1 } }]);
    expect(diffValues({ v: null }, { v: {} })).toEqual([{ path: ["v"], kind: "changed", before: null, after: {} }]);
  });

  it("agrees with jsonEqual: no changes exactly when the values are equal", () => {
    const samples: unknown[] = [null, 0, 1, "a", [], [1], [1, 2], {}, { a: 1 }, { a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }];
    for (const a of samples) for (const b of samples) expect(diffValues({ x: a }, { x: b }).length === 0).toBe(jsonEqual(a, b));
  });
});

describe("diffValues on LangChain message lists", () => {
  const msg = (role: string, id: string, content: string) => ({ $message: role, id, content });
  const history = [msg("system", "s", "Be brief."), msg("human", "h1", "Refund order 7?"), msg("ai", "a1", "Checking.")];

  it("shows a message inserted in the middle as one added message, not every later index changed", () => {
    const after = [history[0], history[1], msg("tool", "t1", "order 7: paid"), history[2]];
    expect(diffValues({ messages: history }, { messages: after })).toEqual([{ path: ["messages", "2"], kind: "added", after: msg("tool", "t1", "order 7: paid") }]);
  });

  it("aligns by id: an edited message is a change inside it, a dropped one removed at its old index", () => {
    const after = [history[0], msg("ai", "a1", "Approved."), msg("human", "h2", "Thanks")];
    expect(diffValues({ messages: history }, { messages: after })).toEqual([
      { path: ["messages", "1"], kind: "removed", before: history[1] },
      { path: ["messages", "1", "content"], kind: "changed", before: "Checking.", after: "Approved." },
      { path: ["messages", "2"], kind: "added", after: msg("human", "h2", "Thanks") },
    ]);
  });

  it("falls back to index order when a message has no id or ids repeat", () => {
    const noId = [{ $message: "human", content: "a" }];
    expect(diffValues({ m: noId }, { m: [{ $message: "ai", content: "b" }, ...noId] })).toEqual([
      { path: ["m", "0", "$message"], kind: "changed", before: "human", after: "ai" },
      { path: ["m", "0", "content"], kind: "changed", before: "a", after: "b" },
      { path: ["m", "1"], kind: "added", after: noId[0] },
    ]);
  });
});
