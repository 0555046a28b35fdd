/**
 * A backend process bounds its old generation's growth (electron/heap-growth.ts): V8 is handed
 * --heap-growing-percent=30 unless CHRONOGRAPH_HEAP_GROWING_PERCENT says another bound, or 0 for V8's default;
 * a value that is not a whole number is a one-line error naming the variable.
 */
import { describe, expect, it } from "vitest";
import { boundHeapGrowth, heapGrowthFlag } from "../electron/heap-growth.ts";

describe("the backend process's heap growth bound", () => {
  it("hands V8 --heap-growing-percent=30 by default", () => {
    const set: string[] = [];
    boundHeapGrowth({}, (flags) => set.push(flags));
    expect(set).toEqual(["--heap-growing-percent=30"]);
  });

  it("takes another bound from CHRONOGRAPH_HEAP_GROWING_PERCENT, and 0 leaves V8's default", () => {
    expect(heapGrowthFlag({ CHRONOGRAPH_HEAP_GROWING_PERCENT: "50" })).toBe("--heap-growing-percent=50");
    const set: string[] = [];
    boundHeapGrowth({ CHRONOGRAPH_HEAP_GROWING_PERCENT: "0" }, (flags) => set.push(flags));
    expect(set).toEqual([]);
  });

  it("refuses a value that is not a whole number from 0 to 1000, naming the variable", () => {
    for (const bad of ["x", "-1", "2.5", "5000"]) {
      expect(() => heapGrowthFlag({ CHRONOGRAPH_HEAP_GROWING_PERCENT: bad })).toThrow(/^CHRONOGRAPH_HEAP_GROWING_PERCENT must be a whole number/);
    }
  });
});
