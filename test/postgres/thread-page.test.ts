/**
 * Chronograph's schema on PostgreSQL answers the thread list a page at a time (core/storage/postgres/thread-page.ts):
 * on 2,000 threads (thread-copies.ts), every page, total and status count equals what the backend's in-memory fallback
 * (thread-list.ts over listThreads) answers, and only the page's rows are decoded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import type { ThreadQuery } from "../../core/api/types.ts";
import type { ChronographPostgresSource } from "../../core/debugger/chronograph-postgres-source.ts";
import { pageOf, rollUp } from "../../core/debugger/thread-list.ts";
import { openHistorySource } from "../../core/debugger/sources.ts";
import { dropSchema, freshSchema, postgresUrl } from "./server.ts";
import { seedThreadCopies } from "./thread-copies.ts";

const THREADS = 2_000;
const schema = freshSchema("pages");
let source: HistorySource & ChronographPostgresSource;

beforeAll(async () => {
  await seedThreadCopies(postgresUrl(), schema, THREADS);
  const url = `${postgresUrl()}${postgresUrl().includes("?") ? "&" : "?"}schema=${schema}`;
  source = (await openHistorySource(url)) as HistorySource & ChronographPostgresSource;
}, 120_000);

afterAll(async () => {
  await source?.close();
  await dropSchema(schema);
});

describe("Chronograph's PostgreSQL reader pages the thread list in SQL", () => {
  const queries: ThreadQuery[] = [
    { limit: 50 },
    { offset: 1_980, limit: 50 },
    { offset: 5_000, limit: 10 },
    { query: "JOB-01", limit: 40 },
    { query: "_01", limit: 500 },
    { query: "%f", limit: 500 },
    { query: "audit%", offset: 20, limit: 30 },
    { query: "draft" },
    { status: ["interrupted"], offset: 10, limit: 25 },
    { status: ["error", "done"], query: "7", limit: 100 },
    { status: ["pending"] },
  ];

  it.each(queries)("answers %j as the in-memory fallback does, decoding only the page", async (query) => {
    const fallback = pageOf(rollUp(await source.listThreads()), query);
    const decoded: string[] = [];
    source.pages.onDecode = (id) => decoded.push(id);
    try {
      const page = await source.pageThreads(query);
      expect({ rows: page.rows, offset: page.offset, total: page.total }).toEqual({ rows: fallback.rows, offset: fallback.offset, total: fallback.total });
      if (query.status) expect(page.counts).toEqual(fallback.counts);
      expect(decoded).toEqual(fallback.rows.map((row) => row.threadId));
    } finally {
      source.pages.onDecode = undefined;
    }
  });

  it("has the threads of every status, and literal wildcards in searches", async () => {
    const page = await source.pageThreads({ status: ["done"], limit: 1 });
    expect(page.counts).toMatchObject({ done: expect.any(Number), interrupted: expect.any(Number), error: expect.any(Number) });
    expect(Math.min(page.counts!.done, page.counts!.interrupted, page.counts!.error)).toBeGreaterThan(600);
    const underscore = await source.pageThreads({ query: "_01" });
    expect(underscore.total).toBeGreaterThan(0);
    expect(underscore.rows.every((row) => row.threadId.startsWith("job_01"))).toBe(true);
    expect((await source.pageThreads({ query: "%f" })).total).toBe(THREADS / 5);
  });

  it("gives stamps and keys for every thread, and a thread's newest checkpoints", async () => {
    const stamps = await source.threadStamps();
    expect(stamps.size).toBe(THREADS + 3);
    const keys = await source.threadKeys();
    expect(keys.map((key) => key.threadId)).toEqual([...stamps.keys()].sort());
    const whole = await source.listCheckpoints({ threadId: "job-00003", namespace: "" });
    expect(whole.length).toBeGreaterThan(2);
    expect(await source.listCheckpointsPage({ threadId: "job-00003", namespace: "" }, { limit: 2 })).toEqual(whole.slice(0, 2));
    await expect(source.listCheckpointsPage({ threadId: "no such job", namespace: "" }, { limit: 2 })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND" });
  });
});
