/**
 * The first screen of a LangGraph.js file before its thread index is read (recent-threads.ts): the newest
 * threads found from the newest rows equal the full order's first page, on a file LangGraph.js wrote with
 * interleaved runs, subgraphs, an update to an old thread and a fork of another; the index read a slice at a
 * time (ThreadIndex.build) equals the one-aggregate index, describes the file as it was when the build
 * began even when LangGraph.js writes meanwhile, and catches up on update(); and the backend tells the app
 * to ask again once a big file's threads are counted.
 */
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import Database from "better-sqlite3";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { langGraphTemplate, writeLangGraphFile } from "../../bench/generate-big.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { firstScreen, recentThreads } from "../../core/interop/langgraph/recent-threads.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { type IndexedThread, ThreadIndex } from "../../core/interop/langgraph/thread-index.ts";
import { openRawDatabase, type RawDatabase } from "../../core/storage/sqlite/raw.ts";
import { essayGraph, nestedInterruptGraph, ticketGraph } from "./langgraph-graphs.ts";
import { tempDir } from "./helpers.ts";

const temp = tempDir("chronograph-first-screen-");
const file = join(temp.dir, "mixed.sqlite");
const closeSaver = (saver: SqliteSaver) => (saver as unknown as { db: Database.Database }).db.close();
const ids = (threads: readonly IndexedThread[]) => threads.map((thread) => thread.threadId);
// A settle of 10 threads keeps a 50-thread scan short of this 66-thread file's first row.
const scan = (count: number) => recentThreads(db, count, { settle: 10 });
const essay = (saver: SqliteSaver, id: string) => essayGraph(saver).invoke({ title: id }, { configurable: { thread_id: id } });

/** 64 essays run five at a time (their rows interleave), a subgraph run, an update and a fork of old threads, a waiting ticket. */
async function write(): Promise<void> {
  const saver = SqliteSaver.fromConnString(file);
  for (let group = 0; group < 64; group += 8) {
    await Promise.all(Array.from({ length: 8 }, (_, n) => essay(saver, `essay-${group + n}`)));
    if (group === 32) await nestedInterruptGraph(saver).invoke({ notes: ["start"] }, { configurable: { thread_id: "nested" } });
  }
  await essayGraph(saver).updateState({ configurable: { thread_id: "essay-3" } }, { body: "edited" }, "write");
  const history = [];
  for await (const state of essayGraph(saver).getStateHistory({ configurable: { thread_id: "essay-9" } })) history.push(state);
  await essayGraph(saver).invoke(null, history.at(-3)!.config);
  await ticketGraph(saver).invoke({ request: "refund" }, { configurable: { thread_id: "ticket" } });
  await essay(saver, "essay-20");
  closeSaver(saver);
}

let db: RawDatabase;
beforeAll(async () => {
  await write();
  db = openRawDatabase(file, { readonly: true });
}, 120_000);
afterAll(() => {
  db?.close();
  temp.cleanup();
});

describe("the first screen of a LangGraph.js file, before its index", () => {
  it("lists the threads the full order lists first, newest root head first", () => {
    const full = ids(new ThreadIndex(db).threads);
    expect(full.length).toBe(66);
    expect(full.slice(0, 4)).toEqual(["essay-20", "ticket", "essay-9", "essay-3"]);
    for (const count of [1, 4, 10, 15]) expect(ids(recentThreads(db, count)!.threads)).toEqual(full.slice(0, count));
  });

  it("answers first pages with the full order's rows, saying the count is under way, and gives up on deep pages and filters", () => {
    const full = ids(new ThreadIndex(db).threads);
    const page = firstScreen({ offset: 5, limit: 10 }, scan)!;
    expect({ ids: ids(page.rows), offset: page.offset, total: page.total, counting: page.counting }).toEqual({ ids: full.slice(5, 15), offset: 5, total: 15, counting: true });
    // Past the file's first row the scan has seen every thread: an exact total, no count under way.
    const whole = firstScreen({ limit: 100 }, scan)!;
    expect({ ids: ids(whole.rows), total: whole.total, counting: whole.counting }).toEqual({ ids: full, total: 66, counting: undefined });
    expect(firstScreen({ offset: 500, limit: 50 }, scan)).toBeNull();
    expect(firstScreen({ query: "essay" }, scan)).toBeNull();
    expect(firstScreen({ status: ["interrupted"], limit: 10 }, scan)).toBeNull();
  });

  it("gives the reader's first page, rows and all, before the index is read and after", async () => {
    const source = await LangGraphSource.open(file);
    try {
      // 66 threads: the scan (50 threads and 50 more older ones) reaches the first row, so the total is known at once.
      const early = await source.pageThreads({ limit: 12 });
      expect([early.counting, early.total]).toEqual([undefined, 66]);
      await source.threadStamps();
      const later = await source.pageThreads({ limit: 12 });
      expect(later.counting).toBeUndefined();
      expect(later.total).toBe(66);
      expect(early.rows).toEqual(later.rows);
      expect(later.rows.find((row) => row.threadId === "nested")?.namespaces?.length ?? 0).toBe(0);
    } finally {
      await source.close();
    }
  });
});

describe("the index read a slice at a time", () => {
  it("equals the one-aggregate index, subgraph namespaces split across slices included", async () => {
    const whole = new ThreadIndex(db).threads;
    const sliced = (await ThreadIndex.build(db, async () => undefined, 3)).threads;
    expect(sliced.map((thread) => [thread.threadId, thread.stamp])).toEqual(whole.map((thread) => [thread.threadId, thread.stamp]));
    expect(sliced.find((thread) => thread.threadId === "nested")!.namespaces.length).toBeGreaterThan(1);
  });

  it("reads a thread id stored as a BLOB (which its JSON slices cannot hold) like the one-aggregate index", async () => {
    const copy = join(temp.dir, "blob-id.sqlite");
    copyFileSync(file, copy);
    const writable = new Database(copy);
    writable.exec("INSERT INTO checkpoints SELECT CAST('blob-thread' AS BLOB), checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata FROM checkpoints WHERE thread_id = 'ticket'");
    writable.close();
    const other = openRawDatabase(copy, { readonly: true });
    try {
      const whole = new ThreadIndex(other).threads;
      const sliced = (await ThreadIndex.build(other, async () => undefined, 3)).threads;
      expect(whole).toHaveLength(ids(new ThreadIndex(db).threads).length + 1);
      expect(sliced.map((thread) => [thread.threadId, thread.stamp])).toEqual(whole.map((thread) => [thread.threadId, thread.stamp]));
    } finally {
      other.close();
    }
  });

  it("describes the file as it was when it began while LangGraph.js writes, then update() reads those writes", async () => {
    const copy = join(temp.dir, "live.sqlite");
    copyFileSync(file, copy);
    const live = openRawDatabase(copy, { readonly: true });
    try {
      const before = new ThreadIndex(live).threads.map((thread) => [thread.threadId, thread.stamp]);
      let wrote = false;
      const index = await ThreadIndex.build(
        live,
        async () => {
          if (wrote) return;
          wrote = true;
          const saver = SqliteSaver.fromConnString(copy);
          await essay(saver, "late");
          await essayGraph(saver).updateState({ configurable: { thread_id: "essay-0" } }, { body: "late edit" }, "write");
          closeSaver(saver);
        },
        20,
      );
      expect(wrote).toBe(true);
      expect(index.threads.map((thread) => [thread.threadId, thread.stamp])).toEqual(before);
      expect(index.update().sort()).toEqual(["essay-0", "late"]);
      expect(ids(index.threads)).toEqual(ids(new ThreadIndex(live).threads));
      expect(ids(index.threads).slice(0, 2)).toEqual(["essay-0", "late"]);
      expect(ids(recentThreads(live, 2)!.threads)).toEqual(["essay-0", "late"]);
    } finally {
      live.close();
    }
  }, 60_000);
});

describe("a big LangGraph.js file opened in the backend", () => {
  it("stops reading the index when the reader closes", async () => {
    const big = join(temp.dir, "closing.sqlite");
    writeLangGraphFile(big, await langGraphTemplate(1), { threads: 6_000, long: 0 });
    const source = await LangGraphSource.open(big);
    const stamps = source.threadStamps();
    await source.close();
    await expect(stamps).rejects.toThrow();
  }, 60_000);

  it("answers the first page while counting and asks the app to read it again once counted", async () => {
    const big = join(temp.dir, "big.sqlite");
    writeLangGraphFile(big, await langGraphTemplate(1), { threads: 6_000, long: 0 });
    const service = createDebuggerService({ configDir: join(temp.dir, "config"), pollIntervalMs: 60_000 });
    const notices: string[][] = [];
    // Change notices only (the open's own notice carries the database).
    service.on("onDatabaseChanged", (change) => void (change.database === undefined && notices.push(change.threadIds)));
    try {
      const info = await service.openDatabase({ path: big });
      expect(info.threadCount).toBeLessThan(6_000);
      await expect.poll(() => notices, { timeout: 30_000 }).toEqual([[]]);
      const page = await service.listThreads({ limit: 50 });
      expect(page.counting).toBeUndefined();
      expect(page.total).toBe(6_000);
      expect(page.rows.map((row) => row.threadId).slice(0, 3)).toEqual(["thread-5999", "thread-5998", "thread-5997"]);
      expect((await service.getDatabase({}))!.threadCount).toBe(6_000);
    } finally {
      await service.close();
    }
  }, 120_000);
});
