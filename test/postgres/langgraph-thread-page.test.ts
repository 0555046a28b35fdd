/**
 * LangGraph.js's PostgresSaver tables page the thread list in SQL (core/interop/postgres/source.ts over
 * LangGraphPgReader.threadIndex): one row per thread with its subgraph namespaces inside, in the order,
 * pages, totals and status counts the backend's in-memory fallback gives, decoding only the page's threads
 * (when no status filter asks for every match's status).
 */
import { Command } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import type { ThreadQuery } from "../../core/api/types.ts";
import { openHistorySource } from "../../core/debugger/sources.ts";
import { pageOf, rollUp } from "../../core/debugger/thread-list.ts";
import type { HistoryViews } from "../../core/interop/langgraph/views.ts";
import { essayGraph, nestedInterruptGraph } from "../interop/langgraph-graphs.ts";
import { langGraphSchema, type LangGraphSchema } from "./debugger-langgraph-schema.ts";

let db: LangGraphSchema;
let source: HistorySource;

beforeAll(async () => {
  db = await langGraphSchema("lg_pages");
  const saver = db.saver as never;
  for (const id of ["nested_1", "nested-1", "nested-2"]) await nestedInterruptGraph(saver).invoke({ notes: ["start"] }, { configurable: { thread_id: id } });
  await nestedInterruptGraph(saver).invoke(new Command({ resume: "yes" }), { configurable: { thread_id: "nested-2" } });
  for (let n = 0; n < 6; n += 1) await essayGraph(saver).invoke({ title: `essay ${n}` }, { configurable: { thread_id: `essay-${n}` } });
  source = await openHistorySource(db.url);
}, 120_000);

afterAll(async () => {
  await source?.close();
  await db?.cleanup();
});

describe("LangGraph's PostgreSQL tables page the thread list in SQL", () => {
  const queries: ThreadQuery[] = [{ limit: 3 }, { offset: 3, limit: 3 }, { offset: 40, limit: 3 }, { query: "NESTED", limit: 2 }, { query: "d_1" }, { query: "d-1" }, { query: "essay-5" }, { status: ["interrupted"] }, { status: ["done"], offset: 1, limit: 2 }];

  it("has subgraph namespaces inside their thread's row, and takes a search's wildcard literally", async () => {
    const nested = (await source.pageThreads!({ query: "nested" })).rows;
    expect(nested.map((row) => row.threadId).sort()).toEqual(["nested-1", "nested-2", "nested_1"]);
    for (const row of nested) expect(row.namespaces?.length).toBeGreaterThan(0);
    expect((await source.pageThreads!({ query: "d_1" })).rows.map((row) => row.threadId)).toEqual(["nested_1"]);
  });

  it.each(queries)("answers %j as the in-memory fallback does", async (query) => {
    const fallback = pageOf(rollUp(await source.listThreads()), query);
    const page = await source.pageThreads!(query);
    expect({ rows: page.rows, offset: page.offset, total: page.total }).toEqual({ rows: fallback.rows, offset: fallback.offset, total: fallback.total });
    if (query.status) expect(page.counts).toEqual(fallback.counts);
  });

  it("decodes only the page's threads (with or without a status filter), and keys and stamps every thread without decoding", async () => {
    const threadRow = vi.spyOn((await import("../../core/interop/langgraph/views.ts")).HistoryViews.prototype as HistoryViews, "threadRow");
    try {
      const page = await source.pageThreads!({ limit: 2 });
      expect(page.total).toBe(9);
      const decoded = new Set(threadRow.mock.contexts.map((views) => (views as HistoryViews).history.threadId));
      expect([...decoded].sort()).toEqual(page.rows.map((row) => row.threadId).sort());
      threadRow.mockClear();
      // A status filter reads every match's head for its status, but decodes rows for the page alone.
      const done = await source.pageThreads!({ status: ["done"], limit: 1 });
      expect(done.counts!.done).toBeGreaterThan(1);
      expect(new Set(threadRow.mock.contexts.map((views) => (views as HistoryViews).history.threadId))).toEqual(new Set([done.rows[0]!.threadId]));
      threadRow.mockClear();
      const stamps = await source.threadStamps!();
      expect([...stamps.keys()].sort()).toEqual(["essay-0", "essay-1", "essay-2", "essay-3", "essay-4", "essay-5", "nested-1", "nested-2", "nested_1"]);
      const keys = await source.threadKeys!();
      expect(keys.filter((key) => key.threadId === "nested-1").length).toBeGreaterThan(1);
      expect(threadRow).not.toHaveBeenCalled();
    } finally {
      threadRow.mockRestore();
    }
  });
});
