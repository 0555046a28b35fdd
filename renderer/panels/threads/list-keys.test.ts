import { describe, expect, it } from "vitest";
import { keyTarget, PAGE_ROWS } from "./list-keys.ts";

describe("keyTarget", () => {
  it("moves one row with the arrows and stops at the ends", () => {
    expect(keyTarget("ArrowDown", 2, 5)).toBe(3);
    expect(keyTarget("ArrowUp", 2, 5)).toBe(1);
    expect(keyTarget("ArrowDown", 4, 5)).toBe(4);
    expect(keyTarget("ArrowUp", 0, 5)).toBe(0);
  });

  it("starts at the first row when nothing is selected", () => {
    expect(keyTarget("ArrowDown", -1, 5)).toBe(0);
    expect(keyTarget("ArrowUp", -1, 5)).toBe(0);
  });

  it("pages and jumps to the ends", () => {
    expect(keyTarget("PageDown", 0, 100)).toBe(PAGE_ROWS);
    expect(keyTarget("PageUp", 3, 100)).toBe(0);
    expect(keyTarget("Home", 50, 100)).toBe(0);
    expect(keyTarget("End", 0, 100)).toBe(99);
  });

  it("ignores other keys and empty lists", () => {
    expect(keyTarget("Enter", 1, 5)).toBeNull();
    expect(keyTarget("a", 1, 5)).toBeNull();
    expect(keyTarget("ArrowDown", -1, 0)).toBeNull();
  });
});
