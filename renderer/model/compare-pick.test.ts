import { describe, expect, it } from "vitest";
import type { CheckpointEntry } from "../../core/api/types.ts";
import { layoutBranches } from "./branch-lanes.ts";
import { branchHeads, compareCandidates, defaultComparePair } from "./compare-pick.ts";

let clock = 0;
function cp(id: string, parentId: string | null, step: number, writers: string[] = []): CheckpointEntry {
  return { checkpointId: id, parentId, step, source: "loop", writers, next: [], createdAt: ++clock, durationMs: null, errors: [], interrupted: [], breakpoint: null };
}

// a - b - c - d (branch 1), b - e - f (branch 2, a fork after b), a - g (branch 3).
const list = [cp("a", null, 0), cp("b", "a", 1, ["plan"]), cp("c", "b", 2, ["draft"]), cp("d", "c", 3, ["send"]), cp("e", "b", 2, ["plan"]), cp("f", "e", 3, ["draft"]), cp("g", "a", 1, ["plan"])];
const entries = new Map(list.map((entry) => [entry.checkpointId, entry]));
const layout = layoutBranches(list);

describe("compare pick", () => {
  it("lists every branch head, oldest branch first, labelled with branch, step and writers", () => {
    expect(branchHeads(layout)).toEqual(["d", "f", "g"]);
    const labels = compareCandidates(entries, layout, ["c", "d", null]).map((candidate) => candidate.label);
    expect(labels).toEqual(["branch 1 head · step 3 · send", "branch 2 head · step 3 · draft", "branch 3 head · step 1 · plan", "branch 1 · step 2 · draft"]);
  });

  it("labels a checkpoint whose row is not loaded yet by its branch and id", () => {
    const loaded = new Map([...entries].filter(([id]) => id !== "f"));
    expect(compareCandidates(loaded, layout, []).map((candidate) => candidate.label)[1]).toBe("branch 2 head · f");
  });

  it("opens on the shift-clicked checkpoint against the selected one", () => {
    expect(defaultComparePair(layout, "f", "c")).toEqual({ left: "c", right: "f" });
  });

  it("otherwise opens on the selected checkpoint's branch head against the newest other head, older branch on the left", () => {
    // e is on branch 2 (head f); the newest other head is g (branch 3).
    expect(defaultComparePair(layout, "e", null)).toEqual({ left: "f", right: "g" });
    // g's own head is g; the newest other head is f.
    expect(defaultComparePair(layout, "g", null)).toEqual({ left: "f", right: "g" });
    // c is on branch 1 only (head d).
    expect(defaultComparePair(layout, "c", null)).toEqual({ left: "d", right: "g" });
  });

  it("has no default pair on a thread with one branch and nothing picked", () => {
    const straight = [cp("x", null, 0), cp("y", "x", 1)];
    expect(defaultComparePair(layoutBranches(straight), "y", null)).toBeNull();
  });
});
