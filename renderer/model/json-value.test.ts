import { describe, expect, it } from "vitest";
import { childrenOf, isExpandable, kindOf, summarize } from "./json-value.ts";

describe("json value", () => {
  it("summarizes containers by size and scalars by value", () => {
    expect(summarize({ a: 1, b: 2 })).toBe("{2 keys}");
    expect(summarize([1])).toBe("[1 item]");
    expect(summarize(null)).toBe("null");
    expect(summarize(3.5)).toBe("3.5");
    expect(summarize("x".repeat(300), 20)).toHaveLength(20);
  });

  it("keeps HTML and script in strings as the characters they are", () => {
    const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    expect(summarize(evil, 1000)).toBe(JSON.stringify(evil));
    expect(kindOf(evil)).toBe("string");
  });

  it("lists children with a cap and says how many are hidden", () => {
    expect(childrenOf({ a: 1, b: [2] }).entries).toEqual([["a", 1], ["b", [2]]]);
    const big = childrenOf(Array.from({ length: 250 }, (_, i) => i), 200);
    expect(big.entries).toHaveLength(200);
    expect(big.hidden).toBe(50);
    expect(isExpandable([])).toBe(false);
    expect(isExpandable({ a: 1 })).toBe(true);
  });
});
