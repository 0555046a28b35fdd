import { describe, expect, it } from "vitest";
import { planValue, sharedPrefix, type StoredArray } from "./append-plan.ts";

const a = { id: "a" };
const b = { id: "b" };
const c = { id: "c" };
const stored = (elements: unknown[], depth = 1, size = 5000): StoredArray => ({ version: "v1", elements, depth, size });

describe("append plan", () => {
  it("counts the leading elements that are the same objects", () => {
    expect(sharedPrefix([a, b], [a, b, c])).toBe(2);
    expect(sharedPrefix([a, b], [a, { id: "b" }, c])).toBe(1);
    expect(sharedPrefix([], [a])).toBe(0);
  });

  it("stores a list that grew as the items it appended", () => {
    expect(planValue(stored([a, b]), [a, b, c], 2, 1000)).toEqual({ kind: "append", base: stored([a, b]), from: 2 });
  });

  it("stores whole when the prefix differs, the list shrank, or the value is not a list", () => {
    expect(planValue(stored([a, b]), [a, c, c], 1, 1000).kind).toBe("whole");
    expect(planValue(stored([a, b]), [a], 1, 1000).kind).toBe("whole");
    expect(planValue(stored([a, b]), "text", 0, 1000).kind).toBe("whole");
    expect(planValue(undefined, [a], 0, 1000).kind).toBe("whole");
    expect(planValue(stored([]), [a], 0, 1000).kind).toBe("whole");
  });

  it("takes a whole copy once a long chain of small items costs more to walk than the value", () => {
    expect(planValue(stored([a, b], 14, 4000), [a, b, c], 2, 100).kind).toBe("append");
    expect(planValue(stored([a, b], 40, 4000), [a, b, c], 2, 100).kind).toBe("whole");
  });

  it("never takes a whole copy of a list of kilobyte messages (the chain is never costlier than the value)", () => {
    expect(planValue(stored([a, b], 400, 400 * 1024), [a, b, c], 2, 1024).kind).toBe("append");
  });
});
