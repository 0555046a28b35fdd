import { describe, expect, it } from "vitest";
import type { ThreadRow } from "../api/types.ts";
import { MAX_THREAD_PAGE } from "../api/thread-filter.ts";
import { changedStamps, changedThreadIds, indexRows, pageOf, rollUp, type IndexedRows } from "./thread-list.ts";

/** Every matching row (one page big enough for these tests). */
const filterThreads = (indexed: IndexedRows, query: { query?: string; status?: ThreadRow["status"][] }) => pageOf(indexed, { ...query, limit: MAX_THREAD_PAGE }).rows;

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
    const many = Array.from({ length: 1600 }, (_, i) => row(`t-${i}`, { status: (["done", "error", "pending", "interrupted"] as const)[i % 4], writers: [`n${i % 7}`] }));
    const indexed = indexRows(many);
    for (const query of ["t-1", "n3", "ZZ", ""]) {
      const expected = many.filter((r) => r.status === "error" && `${r.threadId} ${r.graphName} ${r.writers.join(",")}`.toLowerCase().includes(query.toLowerCase()));
      expect(filterThreads(indexed, { query, status: ["error"] })).toEqual(expected);
    }
  });
});

describe("pageOf and rollUp", () => {
  const many = Array.from({ length: 1234 }, (_, i) => row(`t-${i}`, { status: (["done", "error", "pending", "interrupted"] as const)[i % 4], updatedAt: 10_000 - i }));

  it("cuts pages in order with the total of matching threads and counts per status over the text", () => {
    const indexed = indexRows(many);
    const first = pageOf(indexed, { limit: 100 });
    expect(first).toMatchObject({ offset: 0, total: 1234, counts: { done: 309, error: 309, pending: 308, interrupted: 308 } });
    expect(first.rows.map((r) => r.threadId)).toEqual(many.slice(0, 100).map((r) => r.threadId));
    const last = pageOf(indexed, { offset: 1200, limit: 100 });
    expect(last.rows.map((r) => r.threadId)).toEqual(many.slice(1200).map((r) => r.threadId));
    const errors = pageOf(indexed, { status: ["error"], offset: 300, limit: 50 });
    expect(errors.total).toBe(309);
    expect(errors.rows.map((r) => r.threadId)).toEqual(many.filter((r) => r.status === "error").slice(300).map((r) => r.threadId));
    expect(pageOf(indexed, {}).rows).toHaveLength(MAX_THREAD_PAGE);
  });

  it("rolls a thread's namespaces into one row: the root's status counts once, subgraphs inside it", () => {
    const rows = [
      row("outer", { namespace: "review:1", status: "interrupted", updatedAt: 9, checkpointCount: 2 }),
      row("outer", { status: "interrupted", updatedAt: 8 }),
      row("outer", { namespace: "review:1|inner:2", status: "interrupted", updatedAt: 7, checkpointCount: 3 }),
      row("plain", { updatedAt: 5 }),
    ];
    const rolled = rollUp(rows);
    expect(rolled.rows.map((r) => [r.threadId, r.namespace])).toEqual([["outer", ""], ["plain", ""]]);
    expect(rolled.rows[0]!.namespaces).toEqual([
      { namespace: "review:1", status: "interrupted", checkpointCount: 2, headCheckpointId: "outer-head", updatedAt: 9 },
      { namespace: "review:1|inner:2", status: "interrupted", checkpointCount: 3, headCheckpointId: "outer-head", updatedAt: 7 },
    ]);
    expect(pageOf(rolled, {}).counts).toEqual({ done: 1, interrupted: 1, error: 0, pending: 0 });
    expect(pageOf(rolled, { query: "INNER" }).rows.map((r) => r.threadId)).toEqual(["outer"]);
  });
});

describe("changedStamps", () => {
  it("names threads whose stamp is new, gone or moved", () => {
    const before = new Map([["a", "1"], ["b", "1"], ["c", "1"]]);
    const after = new Map([["a", "1"], ["b", "2"], ["d", "1"]]);
    expect(changedStamps(before, after).sort()).toEqual(["b", "c", "d"]);
    expect(changedStamps(after, after)).toEqual([]);
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
