import { describe, expect, it } from "vitest";
import type { DebuggerClient } from "../../core/api/client.ts";
import type { BranchComparison, CheckpointEntry, CompareRow } from "../../core/api/types.ts";
import { COMPARE_PAGE } from "./compare-slice.ts";
import { createAppStore } from "./create-app-store.ts";

function entry(id: string, step: number): CheckpointEntry {
  return { checkpointId: id, parentId: null, step, source: "loop", writers: ["n"], next: [], createdAt: null, durationMs: null, errors: [], interrupted: [], breakpoint: null };
}

/** A backend whose two branches align in `total` rows, diverging from row `diverge` on. */
function client(total: number, diverge: number, asked: Array<{ offset?: number; limit?: number }>): DebuggerClient {
  const rows: CompareRow[] = Array.from({ length: total }, (_, index) => ({
    index,
    left: entry(`l${index}`, index),
    right: entry(`r${index}`, index),
    alignedBy: "step",
    sameWriters: true,
    changes: index >= diverge ? [{ path: ["x"], kind: "changed", before: 1, after: 2 }] : [],
    divergent: index >= diverge,
  }));
  const compareBranches = async (args: { left: string; right: string; offset?: number; limit?: number }): Promise<BranchComparison> => {
    asked.push({ offset: args.offset, limit: args.limit });
    const offset = args.offset ?? 0;
    const end = Math.min(total, offset + (args.limit ?? 100));
    const first = diverge < end ? diverge : null;
    return { left: args.left, right: args.right, ancestorId: "root", rows: rows.slice(offset, end), firstDivergent: first, offset, totalRows: total, truncated: end < total };
  };
  return new Proxy({ compareBranches } as unknown as DebuggerClient, {
    get: (target, name) => (name in target ? target[name as keyof DebuggerClient] : () => Promise.reject(new Error(`unexpected call ${String(name)}`))),
  });
}

describe("compare slice", () => {
  it("loads a long comparison a page at a time, rows in order, and stops when all are loaded", async () => {
    const asked: Array<{ offset?: number; limit?: number }> = [];
    const store = createAppStore(client(COMPARE_PAGE * 2 + 30, 40, asked));
    store.setState({ selectedThread: { threadId: "t", namespace: "" } });
    await store.getState().openCompare("L", "R");
    let comparison = store.getState().comparison!;
    expect(comparison.rows).toHaveLength(COMPARE_PAGE);
    expect(comparison.firstDivergent).toBe(40);
    await store.getState().loadMoreCompare();
    await store.getState().loadMoreCompare();
    comparison = store.getState().comparison!;
    expect(comparison.rows.map((row) => row.index)).toEqual(Array.from({ length: COMPARE_PAGE * 2 + 30 }, (_, i) => i));
    expect(comparison.firstDivergent).toBe(40);
    expect(asked.map((page) => page.offset)).toEqual([0, COMPARE_PAGE, COMPARE_PAGE * 2]);
    // Everything is loaded: asking again asks nothing.
    await store.getState().loadMoreCompare();
    expect(asked).toHaveLength(3);
  });

  it("finds a divergence that only a later page holds", async () => {
    const store = createAppStore(client(COMPARE_PAGE + 10, COMPARE_PAGE + 5, []));
    store.setState({ selectedThread: { threadId: "t", namespace: "" } });
    await store.getState().openCompare("L", "R");
    expect(store.getState().comparison!.firstDivergent).toBeNull();
    await store.getState().loadMoreCompare();
    expect(store.getState().comparison!.firstDivergent).toBe(COMPARE_PAGE + 5);
    store.getState().closeCompare();
    expect(store.getState().comparison).toBeNull();
  });
});
