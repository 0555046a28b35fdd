import { describe, expect, it } from "vitest";
import { wordDiff, wordTokens } from "./word-diff.ts";

const rebuild = (parts: NonNullable<ReturnType<typeof wordDiff>>, side: "before" | "after") =>
  parts.filter((part) => part.kind === "same" || part.kind === (side === "before" ? "removed" : "added")).map((part) => part.text).join("");

describe("wordDiff", () => {
  it("keeps every character in its tokens", () => {
    expect(wordTokens(" a  b\nc ")).toEqual([" ", "a", "  ", "b", "\n", "c", " "]);
    expect(wordTokens("")).toEqual([]);
  });

  it("marks the one word that changed in a long sentence", () => {
    const before = "The refund of 40 EUR was approved by the agent after checking the order history.";
    const after = "The refund of 40 EUR was declined by the agent after checking the order history.";
    expect(wordDiff(before, after)).toEqual([
      { kind: "same", text: "The refund of 40 EUR was " },
      { kind: "removed", text: "approved" },
      { kind: "added", text: "declined" },
      { kind: "same", text: " by the agent after checking the order history." },
    ]);
  });

  it("shows inserted and deleted words, and both sides read back exactly", () => {
    const before = "ask the user for the order id";
    const after = "ask the user politely for the id please";
    const parts = wordDiff(before, after)!;
    expect(rebuild(parts, "before")).toBe(before);
    expect(rebuild(parts, "after")).toBe(after);
    expect(parts.filter((part) => part.kind === "added").map((part) => part.text.trim())).toEqual(["politely", "please"]);
    expect(parts.filter((part) => part.kind === "removed").map((part) => part.text.trim())).toEqual(["order"]);
  });

  it("is all same for equal text and all added from empty", () => {
    expect(wordDiff("same words", "same words")).toEqual([{ kind: "same", text: "same words" }]);
    expect(wordDiff("", "new text")).toEqual([{ kind: "added", text: "new text" }]);
  });

  it("gives up (null) past the table bound instead of growing quadratically", () => {
    const words = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(" ");
    expect(wordDiff(words(200, "a"), words(200, "b"), 10_000)).toBeNull();
    // The shared head and tail do not count against the bound.
    const common = words(5000, "c");
    expect(wordDiff(`${common} one ${common}`, `${common} two ${common}`, 100)).not.toBeNull();
  });
});
