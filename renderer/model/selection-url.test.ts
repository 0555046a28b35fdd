import { describe, expect, it } from "vitest";
import { parseSelectionHash, selectionHash } from "./selection-url.ts";

describe("selection in the URL", () => {
  it("round-trips a thread and checkpoint, including ids that need escaping", () => {
    const selection = { thread: { threadId: "ticket #1 & co/é", namespace: "" }, checkpointId: "01a2-3b" };
    const hash = selectionHash(selection);
    expect(hash).toBe("#thread=ticket+%231+%26+co%2F%C3%A9&checkpoint=01a2-3b");
    expect(parseSelectionHash(hash)).toEqual(selection);
  });

  it("keeps a subgraph's namespace, and a thread without a checkpoint", () => {
    const selection = { thread: { threadId: "t", namespace: "child:1" }, checkpointId: null };
    expect(parseSelectionHash(selectionHash(selection))).toEqual(selection);
  });

  it("names nothing for an empty or foreign hash", () => {
    expect(selectionHash(null)).toBe("");
    expect(parseSelectionHash("")).toBeNull();
    expect(parseSelectionHash("#section-2")).toBeNull();
    expect(parseSelectionHash("#checkpoint=abc")).toBeNull();
  });
});
