/**
 * The paged thread list of ChronographSaver's tables (thread-list.ts), on a SQLite file and on a real
 * PostgreSQL server: 2,000 threads written through ChronographSaver (replayed LangGraph.js runs cut at
 * every point: mid-run, waiting at an interrupt, failed, done; a fork; a subgraph namespace). Every page,
 * total and per-status count equals what the reader's full listing (listThreads, every thread decoded
 * whole) gives in the list's order (newest root head first), and threadRow equals the listing's row.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import { emptyCounts, indexSearchText, normalizeQuery, rollUpThreads } from "../../core/api/thread-filter.ts";
import type { ThreadQuery, ThreadRow, ThreadStatus } from "../../core/api/types.ts";
import { openDatabase } from "../../core/debugger/sources.ts";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";
import { dropSchema, freshSchema, postgresUrl } from "../postgres/server.ts";
import { recordTemplates, writeThreads } from "./saver-threads.ts";

const THREADS = 2_000;
const folder = mkdtempSync(join(tmpdir(), "chronograph-saver-pages-"));
const file = join(folder, "threads.db");
const schema = freshSchema("saverpages");
let templates: Awaited<ReturnType<typeof recordTemplates>>;

beforeAll(async () => {
  templates = await recordTemplates();
}, 60_000);

afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await dropSchema(schema);
});

/** What a page must be, from the full listing: rolled up per thread, newest root head first, the text matched on ids and namespaces. */
function expected(all: readonly ThreadRow[], query: ThreadQuery) {
  const threads = rollUpThreads(all).sort((a, b) => (a.headCheckpointId < b.headCheckpointId ? 1 : a.headCheckpointId > b.headCheckpointId ? -1 : a.threadId < b.threadId ? -1 : 1));
  const needle = normalizeQuery(query.query);
  const text = threads.filter((row) => needle === "" || indexSearchText({ threadId: row.threadId, namespaces: [{ namespace: row.namespace }, ...(row.namespaces ?? [])] }).includes(needle));
  const statuses = new Set<ThreadStatus>(query.status ?? []);
  const counts = emptyCounts();
  for (const row of text) counts[row.status] += 1;
  const hits = statuses.size === 0 ? text : text.filter((row) => statuses.has(row.status));
  const offset = query.offset ?? 0;
  return { rows: hits.slice(offset, offset + (query.limit ?? 500)), offset, total: hits.length, ...(statuses.size > 0 ? { counts } : {}) };
}

function pagesAgree(write: () => Promise<void>, open: () => Promise<HistorySource>, writer: () => ChronographSaver) {
  let source: HistorySource;
  let all: ThreadRow[];
  beforeAll(async () => {
    await write();
    source = await open();
    all = await source.listThreads();
  }, 120_000);
  afterAll(() => source?.close());

  it("has threads of every status, a fork and a subgraph to page", () => {
    const rolled = rollUpThreads(all);
    expect(rolled).toHaveLength(THREADS);
    const statuses = new Set(rolled.map((row) => row.status));
    expect([...statuses].sort()).toEqual(["done", "error", "interrupted", "pending"]);
    expect(rolled.some((row) => row.branchCount > 1)).toBe(true);
    expect(rolled.some((row) => (row.namespaces ?? []).length > 0)).toBe(true);
  });

  it("answers every page of the unfiltered list as the full listing does", async () => {
    for (let offset = 0; offset < THREADS + 100; offset += 300) {
      const query = { offset, limit: 300 };
      expect(await source.pageThreads!(query)).toEqual(expected(all, query));
    }
  }, 120_000);

  it("answers a status filter at once while the statuses are decided, with the first hits of the full answer", async () => {
    // The background warm-up held after its first slice (CHRONOGRAPH_STATUS_WARMUP_GATE): the filter decides a few more itself.
    const gate = join(folder, "warmup-gate");
    writeFileSync(gate, "");
    process.env.CHRONOGRAPH_STATUS_WARMUP_GATE = gate;
    const fresh = await open().finally(() => delete process.env.CHRONOGRAPH_STATUS_WARMUP_GATE);
    try {
      for (const query of [{ status: ["pending"], limit: 20 }, { status: ["done", "error"], limit: 30 }] satisfies ThreadQuery[]) {
        const full = expected(all, query);
        const page = await fresh.pageThreads!(query);
        expect(page.statusCounting?.threads).toBe(THREADS);
        expect(page.statusCounting!.decided).toBeLessThan(THREADS);
        // The page holds the full answer's first hits, in its order (fewer when the threads decided so far hold fewer).
        expect(page.rows.length).toBeGreaterThan(0);
        expect(page.rows).toEqual(full.rows.slice(0, page.rows.length));
        expect(page.total).toBeLessThanOrEqual(full.total);
        for (const status of ["done", "error", "interrupted", "pending"] as const) expect(page.counts![status]).toBeLessThanOrEqual(full.counts![status]);
      }
      rmSync(gate);
      await fresh.statusesDecided!();
      const query: ThreadQuery = { status: ["interrupted"], limit: 20 };
      expect(await fresh.pageThreads!(query)).toEqual(expected(all, query));
    } finally {
      rmSync(gate, { force: true });
      await fresh.close();
    }
  }, 120_000);

  it("answers text and status filters with their totals and counts, on a reader that decoded no row before", async () => {
    // A fresh reader decides statuses from the heads (no-write heads from their JSON alone), not from rows a page decoded.
    const fresh = await open();
    await fresh.pageThreads!({ limit: 1 });
    await fresh.statusesDecided!();
    const queries: ThreadQuery[] = [
      { query: "t01" },
      { query: " T19 ", offset: 5, limit: 20 },
      { query: "summarize" },
      { query: "no such thread" },
      { status: ["interrupted"] },
      { status: ["error", "pending"], offset: 40, limit: 50 },
      { status: ["done"], query: "t1" },
      { status: ["pending"], offset: 1_900 },
    ];
    try {
      for (const query of queries) expect(await fresh.pageThreads!(query), JSON.stringify(query)).toEqual(expected(all, query));
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it("gives one thread's row as the full listing has it, and none for an unknown thread", async () => {
    for (const row of all.filter((_, index) => index % 97 === 0 || all[index]!.namespace !== "").slice(0, 60)) {
      expect(await source.threadRow!({ threadId: row.threadId, namespace: row.namespace })).toEqual(row);
    }
    expect(await source.threadRow!({ threadId: "nobody", namespace: "" })).toBeUndefined();
  }, 60_000);

  it("moves a thread's stamp, and only its, when it gets a checkpoint", async () => {
    const before = await source.threadStamps!();
    expect(before.size).toBe(THREADS);
    const saver = writer();
    try {
      await writeThreads(saver, await recordTemplates(1, 0), 1);
    } finally {
      await saver.close();
    }
    const after = await source.threadStamps!();
    const changed = [...after].filter(([id, stamp]) => before.get(id) !== stamp).map(([id]) => id);
    expect(changed).toEqual(["t0000"]);
    const page = await source.pageThreads!({ limit: 1 });
    expect(page.rows[0]!.threadId).toBe("t0000");
    expect(page.rows[0]).toEqual(rollUpThreads(await source.listThreads()).find((row) => row.threadId === "t0000"));
  }, 60_000);
}

describe("a ChronographSaver SQLite file's thread pages", () => {
  pagesAgree(
    async () => {
      const saver = ChronographSaver.open(file);
      await writeThreads(saver, templates, THREADS);
      await saver.close();
    },
    async () => (await openDatabase(file)).source,
    () => ChronographSaver.open(file),
  );
});

describe("ChronographSaver's PostgreSQL thread pages", () => {
  pagesAgree(
    async () => {
      const saver = ChronographSaver.open({ url: postgresUrl(), schema });
      await writeThreads(saver, templates, THREADS, { parallel: 8 });
      await saver.close();
    },
    async () => (await openDatabase(`${postgresUrl()}${postgresUrl().includes("?") ? "&" : "?"}schema=${schema}`)).source,
    () => ChronographSaver.open({ url: postgresUrl(), schema }),
  );
});
