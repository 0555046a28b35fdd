/**
 * The status warm-up's helper on the second core (core/interop/langgraph/status-helper.ts and its worker,
 * status-worker.ts), on a generated LangGraph.js file of finished threads with threads LangGraph.js left at an
 * interrupt: the worker decides the list from the end while the main thread reads from the front, every
 * answer HeadStatuses.statuses() gives through it is the decoder's, and a commit to the file after the worker
 * started drops every answer it posted (one may predate the commit) so the statuses stay the file's own.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ThreadStatus } from "../../core/api/types.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { spareCore as spareCoreNow, StatusHelper } from "../../core/interop/langgraph/status-helper.ts";
import { HeadStatuses } from "../../core/interop/langgraph/status-sql.ts";
import { decideFromTheEnd, type HeadKey, HeadList, packHeads, type StatusWorkerData, type StatusWorkerSlice } from "../../core/interop/langgraph/status-worker.ts";
import { type IndexedThread, ThreadIndex } from "../../core/interop/langgraph/thread-index.ts";
import { openRawDatabase, type RawDatabase } from "../../core/storage/sqlite/raw.ts";
import { startStatusWorkerFromSources } from "../support/status-worker.ts";
import { tempDir } from "./helpers.ts";
import { writeMixedStatusFile } from "./status-mixed-file.ts";

const temp = tempDir("chronograph-status-helper-");
const file = join(temp.dir, "mixed.sqlite");
const SLICE = 25;
/** The machine running the tests may be busy: the worker starts whatever the load. */
const spareCore = () => true;
const start = startStatusWorkerFromSources;

beforeAll(async () => {
  await writeMixedStatusFile(file, { generated: 400, tickets: 4 });
}, 180_000);
afterAll(() => temp.cleanup());

const headOf = (thread: IndexedThread) => ({ threadId: thread.threadId, entry: thread.namespaces[0]! });

/** Waits for an outcome of the worker thread, generously (vitest's own polling, not the clock read here). */
async function until(done: () => boolean, what: string): Promise<void> {
  await vi.waitFor(() => expect(done(), `waiting for ${what}`).toBe(true), { timeout: 60_000, interval: 20 });
}

/** The warm-up's walk: the list a slice at a time through `heads`, each answer beside the decoder's. */
function walk(db: RawDatabase, heads: HeadStatuses, threads: readonly IndexedThread[]): { statuses: Array<ThreadStatus | null>; mismatches: string[] } {
  const statuses: Array<ThreadStatus | null> = [];
  const mismatches: string[] = [];
  const decoder = new HeadStatuses(db, "js");
  for (let from = 0; from < threads.length; from += SLICE) {
    const slice = threads.slice(from, from + SLICE);
    heads.statuses(slice.map(headOf)).forEach((status, at) => {
      const decoded = decoder.decoded(slice[at]!.threadId, slice[at]!.namespaces[0]!);
      if (status !== decoded) mismatches.push(`${slice[at]!.threadId}: ${status}, decoded ${decoded}`);
      statuses.push(status);
    });
  }
  return { statuses, mismatches };
}

describe("the status helper's worker", () => {
  it("runs when CHRONOGRAPH_STATUS_WORKER says so, whatever the machine's load", () => {
    expect(spareCoreNow({ CHRONOGRAPH_STATUS_WORKER: "on" })).toBe(true);
    expect(spareCoreNow({ CHRONOGRAPH_STATUS_WORKER: "off" })).toBe(false);
  });

  it("packs heads into shared memory and reads each back as it was, whatever its characters", () => {
    const keys: HeadKey[] = [
      ["thread-1", "", "1ef-a"],
      ["", "parent:child|x", ""],
      ["té\tst\n", "ns:ü", "\u{1F600}"],
      ["thread-2", "", "1ef-b"],
    ];
    const packed = packHeads(keys.length, (at) => keys[at]!);
    expect(packed.text).toBeInstanceOf(SharedArrayBuffer);
    expect(packed.ends).toBeInstanceOf(SharedArrayBuffer);
    const list = new HeadList(packed);
    expect(list.length).toBe(4);
    expect(keys.map((_, at) => list.at(at))).toEqual(keys);
    expect(new HeadList(packHeads(0, () => ["", "", ""])).length).toBe(0);
  });

  it("hands the worker the list in shared memory, not a copy of its strings, with the places it is to decide", () => {
    const db = openRawDatabase(file, { readonly: true });
    const threads = new ThreadIndex(db).threads;
    const known = (thread: IndexedThread) => threads.indexOf(thread) % 2 === 0;
    let data: StatusWorkerData | undefined;
    const helper = new StatusHelper(db, { minThreads: 0, slice: SLICE, known, spareCore, start: (given) => ((data = given), undefined) });
    try {
      helper.offer(threads);
      new HeadStatuses(db, "js").statuses(threads.slice(0, SLICE).map(headOf));
      expect(data).toBeDefined();
      expect(data!.heads.text).toBeInstanceOf(SharedArrayBuffer);
      expect(data!.places).toBeInstanceOf(SharedArrayBuffer);
      const list = new HeadList(data!.heads);
      const places = [...new Int32Array(data!.places)];
      const expected = threads.map((thread, at) => ({ thread, at })).filter(({ thread, at }) => at >= SLICE && !known(thread));
      expect(places).toEqual(expected.map(({ at }) => at));
      expect(places.map((at) => list.at(at))).toEqual(expected.map(({ thread }) => [thread.threadId, thread.namespaces[0]!.namespace, thread.namespaces[0]!.headId]));
    } finally {
      helper.end();
      db.close();
    }
  });

  it("decides from the end, a slice at a time, and stops below the main thread's reach", () => {
    const db = openRawDatabase(file, { readonly: true });
    try {
      const threads = new ThreadIndex(db).threads;
      const keys: HeadKey[] = threads.map((thread) => [thread.threadId, thread.namespaces[0]!.namespace, thread.namespaces[0]!.headId]);
      const reach = new Int32Array(new SharedArrayBuffer(4));
      reach[0] = keys.length - 60;
      const posted: StatusWorkerSlice[] = [];
      decideFromTheEnd(new HeadStatuses(db, "js"), new HeadList(packHeads(keys.length, (at) => keys[at]!)), keys.map((_, at) => at), reach, SLICE, (answer) => posted.push(answer));
      expect(posted.map((answer) => answer.from)).toEqual([keys.length - 25, keys.length - 50]);
      const decoder = new HeadStatuses(db, "js");
      for (const answer of posted) {
        answer.statuses.forEach((status, at) => expect(status).toBe(decoder.decoded(keys[answer.from + at]![0], { namespace: keys[answer.from + at]![1], headId: keys[answer.from + at]![2] })));
      }
    } finally {
      db.close();
    }
  });

  it("lends the warm-up the decoder's answers for the threads it reached first, leaving out those the sidecar knows", async () => {
    const db = openRawDatabase(file, { readonly: true });
    const threads = new ThreadIndex(db).threads;
    // As if the sidecar cache knew every third thread.
    const known = (thread: IndexedThread) => threads.indexOf(thread) % 3 === 0;
    const helper = new StatusHelper(db, { minThreads: 0, slice: SLICE, known, spareCore, start });
    try {
      helper.offer(threads);
      const heads = new HeadStatuses(db, "js");
      // The warm-up's first slice starts the worker; the rest is walked once the worker is done.
      const first = heads.statuses(threads.slice(0, SLICE).map(headOf));
      await until(() => !helper.progress.running, "the status worker to finish");
      // Every thread below the warm-up's first slice that the sidecar does not know.
      const lendable = threads.slice(SLICE).filter((thread) => !known(thread)).length;
      expect(helper.progress.answers).toBe(lendable);
      const { statuses, mismatches } = walk(db, heads, threads.slice(SLICE));
      expect(mismatches).toEqual([]);
      expect(heads.counts.lent).toBe(lendable);
      expect(new Set([...first, ...statuses])).toEqual(new Set(["done", "interrupted"]));
    } finally {
      helper.end();
      db.close();
    }
  }, 120_000);

  it("on a file never seen before, starts as soon as the list is offered and decides every thread", async () => {
    const db = openRawDatabase(file, { readonly: true });
    const known = () => {
      throw new Error("known() asked of a file with no sidecar");
    };
    const helper = new StatusHelper(db, { minThreads: 0, slice: SLICE, known, unseen: () => true, spareCore, start });
    try {
      const threads = new ThreadIndex(db).threads;
      helper.offer(threads);
      expect(helper.progress.running).toBe(true);
      await until(() => !helper.progress.running, "the status worker to finish");
      expect(helper.progress.answers).toBe(threads.length);
      const heads = new HeadStatuses(db, "js");
      const { mismatches } = walk(db, heads, threads);
      expect(mismatches).toEqual([]);
      expect(heads.counts.lent).toBe(threads.length);
    } finally {
      helper.end();
      db.close();
    }
  }, 120_000);

  it("drops every answer once the file changes after the worker started", async () => {
    const copy = join(temp.dir, "changed.sqlite");
    const source = new Database(file, { readonly: true });
    await source.backup(copy);
    source.close();
    const db = openRawDatabase(copy, { readonly: true });
    const helper = new StatusHelper(db, { minThreads: 0, slice: SLICE, spareCore, start });
    try {
      // Oldest first, so the tickets (the newest threads) are among the worker's answers.
      const threads = [...new ThreadIndex(db).threads].reverse();
      helper.offer(threads);
      const heads = new HeadStatuses(db, "js");
      heads.statuses(threads.slice(0, SLICE).map(headOf));
      await until(() => !helper.progress.running, "the status worker to finish");
      // The newest ticket waits at its interrupt in the worker's answers; without its interrupt writes (same
      // head, another connection's commit) the decoder reads it as pending.
      const ticket = threads.find((thread) => thread.threadId.startsWith("ticket-"))!;
      expect(helper.progress.answers).toBeGreaterThan(threads.length - threads.indexOf(ticket));
      const writer = new Database(copy);
      writer.prepare("DELETE FROM writes WHERE thread_id = ?").run(ticket.threadId);
      writer.close();
      expect(helper.lend([headOf(ticket)])).toBeUndefined();
      const { statuses, mismatches } = walk(db, heads, threads);
      expect(mismatches).toEqual([]);
      expect(heads.counts.lent).toBe(0);
      expect(statuses[threads.indexOf(ticket)]).toBe("pending");
    } finally {
      helper.end();
      db.close();
    }
  }, 120_000);

  it("gives LangGraphSource's status filter the answers it gives alone, and the sidecar the same statuses", async () => {
    const answers: Array<{ interrupted: string[]; counts: unknown; cached: string[]; lent: number }> = [];
    for (const minThreads of [Infinity, 0]) {
      const cacheDir = join(temp.dir, `cache-${minThreads}`);
      // The warm-up waits after its first slice until the worker (started by that slice) is done.
      const helperOf = (opened: LangGraphSource) => (opened as unknown as { helper: StatusHelper | undefined }).helper;
      const pause = () => until(() => !helperOf(source)?.progress.running, "the status worker to finish");
      const source: LangGraphSource = await LangGraphSource.open(file, { statusCacheDir: cacheDir, warmup: { slice: SLICE, pause }, statusWorker: { minThreads, slice: SLICE, spareCore, start } });
      try {
        await source.pageThreads({ limit: 50 });
        await source.statusesDecided();
        const page = await source.pageThreads({ status: ["interrupted"], limit: 100 });
        expect(page.statusCounting).toBeUndefined();
        const lent = (source as unknown as { summaries: { heads: HeadStatuses } }).summaries.heads.counts.lent;
        answers.push({ interrupted: page.rows.map((row) => row.threadId), counts: page.counts, cached: [], lent });
      } finally {
        await source.close();
      }
      // A later session reads every status from the sidecar the first one wrote.
      const later = await LangGraphSource.open(file, { statusCacheDir: cacheDir, statusWorker: { minThreads: 0 } });
      try {
        const page = await later.pageThreads({ status: ["interrupted"], limit: 100 });
        answers.at(-1)!.cached = page.rows.map((row) => row.threadId);
      } finally {
        await later.close();
      }
    }
    const [alone, helped] = answers;
    expect(alone!.lent).toBe(0);
    expect(helped!.lent).toBeGreaterThan(0);
    expect(helped!.interrupted).toEqual(alone!.interrupted);
    expect(helped!.interrupted).toHaveLength(4);
    expect(helped!.counts).toEqual(alone!.counts);
    expect(helped!.cached).toEqual(alone!.interrupted);
  }, 120_000);
});
