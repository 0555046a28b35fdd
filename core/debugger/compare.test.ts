import { describe, expect, it } from "vitest";
import type { CheckpointEntry } from "../api/types.ts";
import { alignBranches, comparePage } from "./compare.ts";

const entry = (checkpointId: string, parentId: string | null, step: number, writers: string[], source: CheckpointEntry["source"] = "loop"): CheckpointEntry => ({
  checkpointId, parentId, step, source, writers, next: [], createdAt: null, durationMs: null, errors: [], interrupted: [], breakpoint: null,
});

// root -> a1 -> {b1 (x), b2 (y)} -> c1 / c2
const entries = [
  entry("root", null, -1, []),
  entry("a1", "root", 0, ["a"]),
  entry("b1", "a1", 1, ["x"]),
  entry("c1", "b1", 2, ["c"]),
  entry("b2", "a1", 1, ["y"]),
  entry("c2", "b2", 2, ["c"]),
  entry("d2", "c2", 3, ["d"]),
];

describe("alignBranches", () => {
  it("pairs by step from the common ancestor; extra steps stand alone", () => {
    const alignment = alignBranches(entries, "c1", "d2", "t");
    expect(alignment.ancestorId).toBe("a1");
    expect(alignment.rows.map((row) => [row.left?.checkpointId ?? null, row.right?.checkpointId ?? null, row.alignedBy, row.sameWriters])).toEqual([
      ["b1", "b2", "step", false],
      ["c1", "c2", "step", true],
      [null, "d2", "none", false],
    ]);
  });

  it("marks the first row whose writers or values differ", async () => {
    const values: Record<string, Record<string, unknown>> = { b1: { v: 1 }, b2: { v: 1 }, c1: { v: 2 }, c2: { v: 2 }, d2: { v: 3 } };
    const page = await comparePage(alignBranches(entries, "c1", "d2", "t"), { left: "c1", right: "d2" }, {}, async (id) => values[id]!);
    expect(page.firstDivergent).toBe(0);
    expect(page.rows.map((row) => row.divergent)).toEqual([true, false, true]);
    expect(page.rows[1]!.changes).toEqual([]);
  });
});
