import { describe, expect, it } from "vitest";
import { type HeadParts, quickStatus } from "./quick-status.ts";

/** A finished agent head as LangGraph.js 1.x stores it: every routing channel already seen. */
const done: HeadParts = {
  v: 4,
  keys: ["messages", "__pregel_tasks"],
  special: { __pregel_tasks: [] },
  versions: { __start__: 2, messages: 9, "branch:to:agent": 9, "branch:to:tools": 8 },
  seen: { __input__: {}, __start__: { __start__: 1 }, agent: { "branch:to:agent": 8 }, tools: { "branch:to:tools": 7 } },
  writes: null,
  lc: 0,
};

describe("quickStatus", () => {
  it("is done when no trigger holding a value is newer than its node has seen", () => {
    expect(quickStatus(done)).toBe("done");
  });

  it("is pending when a routing channel holds a value newer than its node saw", () => {
    expect(quickStatus({ ...done, keys: [...done.keys, "branch:to:agent"] })).toBe("pending");
    expect(quickStatus({ ...done, keys: [...done.keys, "branch:to:tools"], seen: { ...(done.seen as object), tools: {} } })).toBe("pending");
  });

  it("lets __start__ answer only to its own channel", () => {
    expect(quickStatus({ ...done, keys: [...done.keys, "__start__"] })).toBe("pending");
    expect(quickStatus({ ...done, keys: [...done.keys, "messages"], seen: { ...(done.seen as object), __start__: { __start__: 2, messages: 1 } } })).toBe("done");
  });

  it("counts a bookkeeping versions_seen entry as a node only when the metadata names it a writer", () => {
    const interrupted = { ...done, keys: [...done.keys, "branch:to:agent"], versions: { ...(done.versions as object), "branch:to:agent": 8 }, seen: { ...(done.seen as object), __interrupt__: { "branch:to:agent": 1 } } };
    expect(quickStatus(interrupted)).toBe("done");
    expect(quickStatus({ ...interrupted, writes: ["__interrupt__"] })).toBe("pending");
  });

  it("leaves to the decoder what it would read differently: Send packets, joins, old formats, lc records, $dict keys", () => {
    expect(quickStatus({ ...done, special: { __pregel_tasks: [{ node: "agent", args: {} }] } })).toBeNull();
    expect(quickStatus({ ...done, special: { "join:a+b:c": ["a"] } })).toBeNull();
    expect(quickStatus({ ...done, v: 3 })).toBeNull();
    expect(quickStatus({ ...done, lc: 1 })).toBeNull();
    expect(quickStatus({ ...done, versions: { lc: 1, type: "constructor", id: ["x"] } })).toBeNull();
    expect(quickStatus({ ...done, seen: { ...(done.seen as object), agent: { $dict: {} } } })).toBeNull();
  });
});
