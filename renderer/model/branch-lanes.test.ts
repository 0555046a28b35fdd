import { describe, expect, it } from "vitest";
import type { CheckpointEntry } from "../../core/api/types.ts";
import { appendRow, layoutBranches, passingLanes } from "./branch-lanes.ts";

let clock = 0;
function cp(id: string, parentId: string | null, at = ++clock): CheckpointEntry {
  return { checkpointId: id, parentId, step: 0, source: "loop", writers: [], next: [], createdAt: at, durationMs: null, errors: [], interrupted: [], breakpoint: null };
}

/** Compact picture of a layout: "id@lane" in row order. */
function picture(entries: CheckpointEntry[]): string {
  const layout = layoutBranches(entries);
  return layout.rows.map((row) => `${row.checkpointId}@${row.lane}`).join(" ");
}

describe("branch lanes", () => {
  it("puts a straight run in one lane, oldest first, whatever the input order", () => {
    const entries = [cp("a", null), cp("b", "a"), cp("c", "b")].reverse();
    const layout = layoutBranches(entries);
    expect(picture(entries)).toBe("a@0 b@0 c@0");
    expect(layout.laneCount).toBe(1);
    expect(layout.branchCount).toBe(1);
    expect(layout.rows.map((row) => [row.up, row.down])).toEqual([[false, true], [true, true], [true, false]]);
  });

  it("draws a fork as a new lane below the whole main branch, starting at the fork point", () => {
    const entries = [cp("a", null), cp("b", "a"), cp("c", "b"), cp("d", "c"), cp("b2", "a"), cp("c2", "b2")];
    const layout = layoutBranches(entries);
    expect(picture(entries)).toBe("a@0 b@0 c@0 d@0 b2@1 c2@1");
    expect(layout.rows[0]!.forks).toEqual([1]);
    expect(layout.rows[4]!.up).toBe(true);
    // The fork's line crosses rows 1..3 before its first checkpoint.
    expect(layout.passes).toEqual([{ lane: 1, fromRow: 1, toRow: 3 }]);
    expect(passingLanes(layout, 2)).toEqual([1]);
    expect(passingLanes(layout, 4)).toEqual([]);
    expect(layout.children.get("a")).toEqual(["b", "b2"]);
  });

  it("reuses a lane once the branch holding it has ended", () => {
    const entries = [cp("a", null), cp("b", "a"), cp("c", "b"), cp("x", "a"), cp("x2", "x"), cp("y", "x"), cp("z", "b")];
    // main a-b-c ends at row 2, so the fork y (from x, row 3) can take lane 0 again.
    expect(picture(entries)).toBe("a@0 b@0 c@0 x@1 x2@1 y@0 z@2");
    expect(layoutBranches(entries).laneCount).toBe(3);
  });

  it("gives concurrent forks their own lanes", () => {
    const entries = [cp("r", null), cp("s", "r"), cp("f1", "r"), cp("t", "s"), cp("u", "t"), cp("f2", "t")];
    const layout = layoutBranches(entries);
    expect(picture(entries)).toBe("r@0 s@0 t@0 u@0 f1@1 f2@2");
    expect(layout.rows[2]!.forks).toEqual([2]);
    expect(passingLanes(layout, 3)).toEqual([1, 2]);
  });

  it("orders branches by age but never before the branch they fork from", () => {
    // The fork "e" is older than "late-root"'s subtree but its parent lives in the main branch.
    const entries = [cp("a", null, 1), cp("b", "a", 2), cp("e", "a", 3), cp("c", "b", 4), cp("e2", "e", 5)];
    expect(picture(entries)).toBe("a@0 b@0 c@0 e@1 e2@1");
    const layout = layoutBranches(entries);
    for (const row of layout.rows) {
      const entry = entries.find((candidate) => candidate.checkpointId === row.checkpointId)!;
      if (entry.parentId) expect(layout.indexById.get(entry.parentId)!).toBeLessThan(layout.indexById.get(row.checkpointId)!);
    }
  });

  it("keeps checkpoints whose parent is missing or caught in a cycle", () => {
    const entries = [cp("orphan", "gone"), cp("p", "q"), cp("q", "p")];
    const layout = layoutBranches(entries);
    expect(layout.rows.map((row) => row.checkpointId).sort()).toEqual(["orphan", "p", "q"]);
  });

  // How fast is measured by bench/ui-bench.ts (target < 500 ms), not asserted here.
  it("lays out 20,000 checkpoints with 50 forks, one lane per branch", () => {
    const entries: CheckpointEntry[] = [];
    for (let i = 0; i < 20_000; i += 1) entries.push(cp(`m${i}`, i === 0 ? null : `m${i - 1}`));
    for (let f = 0; f < 50; f += 1) entries.push(cp(`f${f}`, `m${f * 100}`));
    const layout = layoutBranches(entries.reverse());
    expect(layout.rows).toHaveLength(20_050);
    expect(layout.branchCount).toBe(51);
  });

  it("appends a run's next checkpoint to the last branch as a full layout would, keeping the other rows' objects", () => {
    const entries = [cp("a", null), cp("b", "a"), cp("c", "b"), cp("b2", "a"), cp("c2", "b2")];
    const before = layoutBranches(entries);
    const untouched = before.rows.slice(0, -1);
    const after = appendRow(before, "d2", "c2")!;
    const full = layoutBranches([...entries, cp("d2", "c2")]);
    expect(after.rows).toEqual(full.rows);
    expect(after.passes).toEqual(full.passes);
    expect([after.laneCount, after.branchCount]).toEqual([full.laneCount, full.branchCount]);
    expect(after.indexById.get("d2")).toBe(5);
    expect(after.children.get("c2")).toEqual(["d2"]);
    // Rows the append did not change are the same objects: memoized timeline rows are not drawn again.
    untouched.forEach((row, index) => expect(after.rows[index]).toBe(row));
    expect(after.rows[4]).not.toBe(before.rows[4]);
  });

  it("refuses to append what starts a branch: a child of a row that is not the last, or a second child", () => {
    const layout = layoutBranches([cp("a", null), cp("b", "a"), cp("c", "b")]);
    expect(appendRow(layout, "b3", "b")).toBeNull();
    expect(appendRow(layout, "x", null)).toBeNull();
    expect(appendRow(layout, "c", "b")).toBeNull();
  });
});
