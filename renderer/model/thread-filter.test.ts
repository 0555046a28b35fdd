import { describe, expect, it } from "vitest";
import type { ThreadRow } from "../../core/api/types.ts";
import { threadKeyString } from "../../core/api/thread-key.ts";
import { countStatuses, filterThreads } from "./thread-filter.ts";

function row(threadId: string, change: Partial<ThreadRow> = {}): ThreadRow {
  return { threadId, namespace: "", graphName: "research", status: "done", writers: ["write"], step: 3, checkpointCount: 4, branchCount: 1, headCheckpointId: `${threadId}-h`, createdAt: 0, updatedAt: 0, ...change };
}

const rows = [
  row("alpha"),
  row("beta", { status: "error", writers: ["lookup"] }),
  row("gamma", { status: "interrupted", graphName: "approval" }),
  row("delta", { status: "pending", graphName: null, writers: [] }),
];

describe("thread filter", () => {
  it("matches text in the id, the graph name or the last node, ignoring case", () => {
    expect(filterThreads(rows, "ALP", new Set())).toEqual(["alpha"]);
    expect(filterThreads(rows, "approval", new Set())).toEqual(["gamma"]);
    expect(filterThreads(rows, "look", new Set())).toEqual(["beta"]);
    expect(filterThreads(rows, "  ", new Set())).toHaveLength(4);
  });

  it("keeps only the chosen statuses and counts what the text matches", () => {
    expect(filterThreads(rows, "", new Set(["error", "interrupted"]))).toEqual(["beta", "gamma"]);
    expect(countStatuses(rows)).toEqual({ done: 1, interrupted: 1, error: 1, pending: 1 });
    expect(countStatuses(rows, "a")).toEqual({ done: 1, interrupted: 1, error: 1, pending: 1 });
    expect(countStatuses(rows, "research")).toEqual({ done: 1, interrupted: 0, error: 1, pending: 0 });
  });

  it("gives a subgraph thread its own key", () => {
    expect(threadKeyString({ threadId: "t", namespace: "" })).toBe("t");
    expect(threadKeyString({ threadId: "t", namespace: "child" })).not.toBe("t");
  });

  // How fast is measured by bench/ui-bench.ts (target < 50 ms), not asserted here.
  it("filters 10,000 threads by text and status together", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => row(`thread-${i}`, { status: i % 7 === 0 ? "error" : "done" }));
    const keys = filterThreads(many, "thread-99", new Set(["error"]));
    const expected = many.filter((row, i) => row.threadId.startsWith("thread-99") && i % 7 === 0).map((row) => threadKeyString(row));
    expect(keys).toEqual(expected);
    expect(keys.length).toBeGreaterThan(0);
  });
});
