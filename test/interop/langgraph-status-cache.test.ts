/**
 * The status filter's sidecar cache on LangGraph.js files (core/interop/langgraph/status-cache.ts): a second
 * session answers from the cache with the statuses decoding gives, on every fixture; a write or a removed row
 * since the cache was saved is seen; and the cache lives in its own folder, never in or beside the user's file.
 */
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ThreadStatus } from "../../core/api/types.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { countWriteMarks } from "../../core/interop/langgraph/status-cache.ts";
import { openRawDatabase } from "../../core/storage/sqlite/raw.ts";
import { copyFixture, tempDir } from "./helpers.ts";

const FIXTURES = ["agent-loop", "fork-update", "hitl-interrupt", "linear-retry", "parallel-fanout"];
const STATUSES: ThreadStatus[] = ["done", "error", "interrupted", "pending"];

/** Each thread's status as the status filter answers it, and the counts it reports. */
async function filtered(file: string, cacheDir: string): Promise<{ byThread: Record<string, ThreadStatus>; counts: unknown }> {
  const source = await LangGraphSource.open(file, { statusCacheDir: cacheDir });
  try {
    const byThread: Record<string, ThreadStatus> = {};
    let counts: unknown;
    for (const status of STATUSES) {
      const page = await source.pageThreads({ status: [status], limit: 1000 });
      counts = page.counts;
      for (const row of page.rows) byThread[row.threadId] = status;
    }
    return { byThread, counts };
  } finally {
    await source.close();
  }
}

/**
 * filtered() as a big file answers it (LangGraphSourceOptions.bigFileRows 0: the warm-up opens the sidecar with
 * the writes counted a range at a time), once every status is decided.
 */
async function filteredBig(file: string, cacheDir: string): Promise<Record<string, ThreadStatus>> {
  const source = await LangGraphSource.open(file, { statusCacheDir: cacheDir, bigFileRows: 0 });
  try {
    await source.pageThreads({ offset: 1, limit: 1 });
    await source.statusesDecided();
    const byThread: Record<string, ThreadStatus> = {};
    for (const status of STATUSES) {
      const page = await source.pageThreads({ status: [status], limit: 1000 });
      expect(page.statusCounting).toBeUndefined();
      for (const row of page.rows) byThread[row.threadId] = status;
    }
    return byThread;
  } finally {
    await source.close();
  }
}

/** Each thread's status decoded from its whole history (no cache). */
async function decoded(file: string): Promise<Record<string, ThreadStatus>> {
  const source = await LangGraphSource.open(file);
  try {
    return Object.fromEntries((await source.listThreads()).filter((row) => row.namespace === "").map((row) => [row.threadId, row.status]));
  } finally {
    await source.close();
  }
}

const sha1 = (file: string) => createHash("sha1").update(readFileSync(file)).digest("hex");

/** The thread's latest error write as LangGraph stored it: `remove` deletes that row, `restore` stores it again (a new row). */
function errorWrite(writable: Database.Database, thread: string): { remove(): void; restore(): void } {
  const row = writable.prepare("SELECT * FROM writes WHERE thread_id = ? AND channel = '__error__' ORDER BY checkpoint_id DESC LIMIT 1").get(thread) as Record<string, unknown>;
  const columns = Object.keys(row);
  return {
    remove: () => writable.prepare("DELETE FROM writes WHERE thread_id = ? AND checkpoint_id = ? AND task_id = ? AND idx = ?").run(thread, row.checkpoint_id, row.task_id, row.idx),
    restore: () => writable.prepare(`INSERT INTO writes (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`).run(...columns.map((column) => row[column])),
  };
}

describe("the LangGraph status cache", () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  const temp = () => {
    const made = tempDir("chronograph-status-cache-");
    cleanups.push(made.cleanup);
    const files = join(made.dir, "files");
    const cache = join(made.dir, "cache");
    mkdirSync(files);
    return { files, cache };
  };

  it.each(FIXTURES)("%s: a second session answers from the cache with the decoded statuses, and the user's file is untouched", async (name) => {
    const { files, cache } = temp();
    const file = copyFixture(`${name}.sqlite`, files);
    const before = sha1(file);
    const expected = await decoded(file);
    const first = await filtered(file, cache);
    expect(first.byThread).toEqual(expected);
    expect(readdirSync(cache)).toHaveLength(1);
    const second = await filtered(file, cache);
    expect(second).toEqual(first);
    expect(sha1(file)).toBe(before);
    expect(readdirSync(files).filter((entry) => entry.includes("status"))).toEqual([]);
  });

  it("sees a write stored since the cache was saved, and a removed one", async () => {
    const { files, cache } = temp();
    const file = copyFixture("linear-retry.sqlite", files);
    const thread = "pipeline-failed-unresumed";
    // The failed task's error write, taken out before the first session: the head then waits to run (pending).
    const writable = new Database(file);
    const { remove, restore } = errorWrite(writable, thread);
    try {
      remove();
      const withoutError = (await filtered(file, cache)).byThread[thread];
      expect(withoutError).not.toBe("error");
      expect(withoutError).toBe((await decoded(file))[thread]);

      // LangGraph stores the error write again (a new row): the next session must not answer from the cache.
      restore();
      expect((await filtered(file, cache)).byThread[thread]).toBe("error");

      // A row removed (only an explicit delete does that) makes the whole cache stale.
      remove();
      expect((await filtered(file, cache)).byThread[thread]).toBe(withoutError);
    } finally {
      writable.close();
    }
  });

  it("counts the writes a range of thread ids at a time as one COUNT(*) does, rows stored meanwhile left out", async () => {
    const { files } = temp();
    const file = join(files, "writes.sqlite");
    const writable = new Database(file);
    writable.exec("CREATE TABLE writes (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, task_id TEXT NOT NULL, idx INTEGER NOT NULL, channel TEXT NOT NULL, type TEXT, value BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx))");
    // Ids past the BMP and above U+E000 sort differently in JavaScript and in SQLite; some threads are not listed.
    const threads = Array.from({ length: 60 }, (_, at) => [`t-${at}`, `\u{1F600}-${at}`, `\uFFFD-${at}`][at % 3]!);
    const insert = writable.prepare("INSERT INTO writes (thread_id, checkpoint_id, task_id, idx, channel) VALUES (?, ?, 'task', ?, 'c')");
    threads.forEach((thread, at) => {
      for (let idx = 0; idx <= at % 4; idx += 1) insert.run(thread, `cp-${at}`, idx);
    });
    const db = openRawDatabase(file, { readonly: true });
    try {
      const whole = db.get<{ count: number }>("SELECT COUNT(*) AS count FROM writes")!.count;
      const rowid = db.get<{ rowid: number }>("SELECT MAX(rowid) AS rowid FROM writes")!.rowid;
      let pauses = 0;
      const counted = () => pauses += 1;
      expect(await countWriteMarks(db, threads.slice(0, 50), async () => void counted(), 7)).toEqual({ rowid, count: whole });
      expect(pauses).toBe(7);
      // Rows stored while it counts, in ranges before and after the one it is in: after its marks, so not counted.
      pauses = 0;
      const storing = async () => {
        if (counted() === 3) for (const thread of ["a", "t-5", "\u{1F600}-z", "\uFFFF"]) insert.run(thread, "later", 0);
      };
      expect(await countWriteMarks(db, threads.slice(0, 50), storing, 7)).toEqual({ rowid, count: whole });
      expect(pauses).toBe(14);
    } finally {
      db.close();
      writable.close();
    }
  });

  it("on a big file, the warm-up's sidecar (its writes counted a range at a time) gives a later session the decoded statuses, and a removed row makes it stale", async () => {
    const { files, cache } = temp();
    const file = copyFixture("linear-retry.sqlite", files);
    const expected = await decoded(file);
    expect(await filteredBig(file, cache)).toEqual(expected);
    expect(readdirSync(cache)).toHaveLength(1);
    expect(await filteredBig(file, cache)).toEqual(expected);
    const thread = "pipeline-failed-unresumed";
    expect(expected[thread]).toBe("error");
    const writable = new Database(file);
    try {
      errorWrite(writable, thread).remove();
      expect((await filteredBig(file, cache))[thread]).toBe((await decoded(file))[thread]);
      expect((await decoded(file))[thread]).not.toBe("error");
    } finally {
      writable.close();
    }
  });

  it("sees a write stored while a session is open", async () => {
    const { files, cache } = temp();
    const file = copyFixture("linear-retry.sqlite", files);
    const thread = "pipeline-failed-unresumed";
    const writable = new Database(file);
    const { remove, restore } = errorWrite(writable, thread);
    remove();
    await filtered(file, cache);
    const source = await LangGraphSource.open(file, { statusCacheDir: cache });
    try {
      expect((await source.pageThreads({ status: ["error"], limit: 100 })).rows.map((row) => row.threadId)).not.toContain(thread);
      restore();
      expect((await source.pageThreads({ status: ["error"], limit: 100 })).rows.map((row) => row.threadId)).toContain(thread);
    } finally {
      await source.close();
      writable.close();
    }
  });
});
