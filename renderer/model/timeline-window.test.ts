import { describe, expect, it } from "vitest";
import type { CheckpointEntry } from "../../core/api/types.ts";
import { layoutBranches } from "./branch-lanes.ts";
import { mergeEntries, missingRange } from "./timeline-window.ts";

const entry = (id: string, parentId: string | null, at: number, errors: string[] = []): CheckpointEntry => ({
  checkpointId: id, parentId, step: at, source: "loop", writers: ["tick"], next: [], createdAt: at, durationMs: null, errors, interrupted: [], breakpoint: null,
});

describe("the timeline's loaded rows", () => {
  it("keeps the object of a row that came back unchanged and takes the new one of a row that changed", () => {
    const a = entry("a", null, 1);
    const b = entry("b", "a", 2);
    const held = new Map([["a", a], ["b", b]]);
    const merged = mergeEntries(new Map(), held, [entry("a", null, 1), entry("b", "a", 2, ["tick"]), entry("c", "b", 3)]);
    expect(merged.get("a")).toBe(a);
    expect(merged.get("b")).not.toBe(b);
    expect(merged.get("b")!.errors).toEqual(["tick"]);
    expect([...merged.keys()]).toEqual(["a", "b", "c"]);
  });

  it("names the rows on screen that still need loading, or none", () => {
    const all = Array.from({ length: 10 }, (_, i) => entry(`r${i}`, i === 0 ? null : `r${i - 1}`, i));
    const layout = layoutBranches(all);
    const loaded = new Map(all.slice(0, 4).map((row) => [row.checkpointId, row] as const));
    expect(missingRange(layout, loaded, 0, 3)).toBeNull();
    expect(missingRange(layout, loaded, 2, 6)).toEqual({ first: 4, last: 6 });
    expect(missingRange(layout, loaded, 8, 40)).toEqual({ first: 8, last: 9 });
  });
});
