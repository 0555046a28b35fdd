import { describe, expect, it } from "vitest";
import type { ThreadRow } from "../api/types.ts";
import { changedThreadIds, filterThreads, indexRows } from "./thread-list.ts";

const row = (threadId: string, extra: Partial<ThreadRow> = {}): ThreadRow => ({
  threadId,
  namespace: "",
  graphName: "research",
  status: "done",
  writers: ["write"],
  step: 3,
  checkpointCount: 4,
  branchCount: 1,
  headCheckpointId: `${threadId}-head`,
  createdAt: 1,
  updatedAt: 2,
  ...extra,
});

describe("filterThreads", () => {
  const rows = indexRows([row("alpha"), row("beta", { status: "interrupted", graphName: "Approval" }), row("gamma", { status: "error", writers: ["Fetch"] })]);

  it("matches text in the thread id, graph name or last node, ignoring case", () => {
    expect(filterThreads(rows, { query: "ALP" }).map((r) => r.threadId)).toEqual(["alpha"]);
    expect(filterThreads(rows, { query: "approval" }).map((r) => r.threadId)).toEqual(["beta"]);
    expect(filterThreads(rows, { query: "fetch" }).map((r) => r.threadId)).toEqual(["gamma"]);
  });

  it("matches a subgraph's namespace too (the rule of core/api/thread-filter.ts, which the app shares)", () => {
    const nested = [row("delta", { namespace: "review:child" }), row("alpha")];
    expect(filterThreads(indexRows(nested), { query: "REVIEW" }).map((r) => r.threadId)).toEqual(["delta"]);
  });

  it("keeps only the statuses asked for, combined with the text", () => {
    expect(filterThreads(rows, { status: ["error", "interrupted"] }).map((r) => r.threadId)).toEqual(["beta", "gamma"]);
    expect(filterThreads(rows, { status: ["error"], query: "beta" })).toEqual([]);
    expect(filterThreads(rows, {}).length).toBe(3);
  });

  it("agrees with a plain scan on many generated threads", () => {
    const many = Array.from({ length: 2000 }, (_, i) => row(`t-${i}`, { status: (["done", "error", "pending", "interrupted"] as const)[i % 4], writers: [`n${i % 7}`] }));
    const indexed = indexRows(many);
    for (const query of ["t-1", "n3", "ZZ", ""]) {
      const expected = many.filter((r) => r.status === "error" && `${r.threadId} ${r.graphName} ${r.writers.join(",")}`.toLowerCase().includes(query.toLowerCase()));
      expect(filterThreads(indexed, { query, status: ["error"] })).toEqual(expected);
    }
  });
});

describe("changedThreadIds", () => {
  it("names new, removed and changed threads, and nothing else", () => {
    const before = [row("a"), row("b"), row("c")];
    const after = [row("a"), row("b", { checkpointCount: 5, headCheckpointId: "b2" }), row("d")];
    expect(changedThreadIds(before, after).sort()).toEqual(["b", "c", "d"]);
    expect(changedThreadIds(after, after)).toEqual([]);
    expect(changedThreadIds([row("x")], [row("x", { status: "interrupted" })])).toEqual(["x"]);
  });
});
