/**
 * Chronograph's schema on PostgreSQL answers the thread list a page at a time (core/storage/postgres/thread-page.ts):
 * on 2,000 threads, every page, total and status count equals what the backend's in-memory fallback
 * (thread-list.ts over listThreads) answers, and only the page's rows are decoded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import type { ThreadQuery } from "../../core/api/types.ts";
import type { ChronographPostgresSource } from "../../core/debugger/chronograph-postgres-source.ts";
import { pageOf, rollUp } from "../../core/debugger/thread-list.ts";
import { openHistorySource } from "../../core/debugger/sources.ts";
import { append, END, START, StateGraph } from "../../core/index.ts";
import { PostgresSaver } from "../../core/storage/postgres/index.ts";
import { dropSchema, freshSchema, postgresUrl, sql } from "./server.ts";

const THREADS = 2_000;
const schema = freshSchema("pages");
let source: HistorySource & ChronographPostgresSource;

/** Three threads the engine wrote (done, interrupted, failed), then 2,000 copies of them made in SQL with spread and tied times. */
async function seed(): Promise<void> {
  const saver = await PostgresSaver.open(postgresUrl(), { schema });
  const graph = (interrupt: boolean) =>
    new StateGraph<{ log: string[] }>({ name: "review", channels: { log: append<string>() } })
      .addNode("draft", (state: { log: string[] }) => {
        if (state.log.includes("fail")) throw new Error("draft failed");
        return { log: ["drafted"] };
      })
      .addNode("check", () => ({ log: ["checked"] }))
      .addEdge(START, "draft")
      .addEdge("draft", "check")
      .addEdge("check", END)
      .compile({ checkpointer: saver, interruptBefore: interrupt ? ["check"] : [] });
  await graph(false).invoke({ log: ["start"] }, { threadId: "tpl-done" });
  await graph(true).invoke({ log: ["start"] }, { threadId: "tpl-wait" });
  await graph(false)
    .invoke({ log: ["fail"] }, { threadId: "tpl-fail" })
    .catch(() => undefined);
  await saver.close();
  const s = `"${schema}"`;
  // Ids like job-00042 and, every seventh, job_00042 (an ILIKE wildcard a search must take literally).
  await sql(`
    CREATE TEMP TABLE copies AS SELECT n, CASE WHEN n % 7 = 0 THEN 'job_' ELSE 'job-' END || lpad(n::text, 5, '0') AS id,
      (ARRAY['tpl-done', 'tpl-wait', 'tpl-fail'])[n % 3 + 1] AS tpl FROM generate_series(1, ${THREADS}) n;
    INSERT INTO ${s}.threads SELECT c.id, CASE WHEN c.n % 5 = 0 THEN 'Audit%Flow' ELSE t.graph_name END, t.last_node, t.step, t.checkpoint_count, t.branch_count,
      t.head_checkpoint_id, t.created_at + c.n % 11, 1000000 + (c.n * 7919) % 600 FROM copies c JOIN ${s}.threads t ON t.thread_id = c.tpl;
    INSERT INTO ${s}.checkpoints (thread_id, checkpoint_id, parent_id, step, source, created_at, meta, writes, writes_z, channels)
      SELECT c.id, k.checkpoint_id, k.parent_id, k.step, k.source, k.created_at, k.meta, k.writes, k.writes_z, k.channels
      FROM copies c JOIN ${s}.checkpoints k ON k.thread_id = c.tpl ORDER BY c.n, k.seq;
    INSERT INTO ${s}.writes SELECT c.id, w.checkpoint_id, w.seq, w.task_id, w.node, w.kind, w.value FROM copies c JOIN ${s}.writes w ON w.thread_id = c.tpl;
    INSERT INTO ${s}.blobs SELECT c.id, b.id, b.data FROM copies c JOIN ${s}.blobs b ON b.thread_id = c.tpl;
  `);
}

beforeAll(async () => {
  await seed();
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
