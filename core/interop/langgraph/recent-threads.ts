/**
 * The newest threads of a LangGraph file without its whole index: the first screen of a 100,000-thread
 * file while the index (thread-index.ts) is still being read. LangGraph's tables have rowids, and a new row
 * gets a larger one, so the threads written last are found by reading checkpoint rows from the largest
 * rowid down (recentRows skips the threads already found inside SQLite). Each thread found is placed by its
 * exact head (the largest checkpoint id of its root namespace, from the primary key), never by its rowid.
 *
 * The check against checkpoint ids: the scan goes on past the page until SETTLE further threads in a row
 * have heads older than the page's oldest head. Rows are written in id order by one writer (ids are
 * time-ordered uuids), so a thread below that point cannot be newer; concurrent writers commit out of id
 * order only by the few rows in flight at once, far fewer than SETTLE threads. A scan that cannot settle
 * (ids far out of rowid order) gives up and the caller waits for the index. Pure reads, no state.
 */
import { normalizeQuery, pageBounds } from "../../api/thread-filter.ts";
import type { ThreadQuery } from "../../api/types.ts";
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import { recentRows, threadIndexRows } from "./rows.ts";
import { describe, type IndexedThread, newestFirst, threadsOf } from "./thread-index.ts";

/** Threads past the page whose heads must all be older than the page's oldest before the scan stops. */
export const SETTLE = 50;
/** Rows asked of SQLite per step of the scan. */
const BATCH = 200;

export interface RecentThreads {
  /** The newest `count` threads (fewer in a smaller file), newest root head first. */
  threads: IndexedThread[];
  /** True when the scan reached the file's first row: every thread of the file was found. */
  complete: boolean;
  /** Threads found (every thread of the file when `complete`). */
  found: number;
}

/**
 * The `count` newest threads, as ThreadIndex.threads would list them first; null when the scan read more
 * than `maxThreads` threads without settling (give up: the file was not written in id order).
 */
export function recentThreads(db: RawDatabase, count: number, options: { settle?: number; maxThreads?: number } = {}): RecentThreads | null {
  const settle = options.settle ?? SETTLE;
  const maxThreads = options.maxThreads ?? Math.max(2_000, 20 * (count + settle));
  const found: IndexedThread[] = [];
  const seen: string[] = [];
  const seenSet = new Set<string>();
  /** The `count` newest found so far, newest first. */
  let top: IndexedThread[] = [];
  let older = 0;
  let below = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const batch = recentRows(db, below, seen, BATCH);
    if (batch.length === 0) return { threads: [...found].sort(newestFirst).slice(0, count), complete: true, found: found.length };
    for (const row of batch) {
      below = row.rowid;
      if (seenSet.has(row.thread_id)) continue;
      seenSet.add(row.thread_id);
      seen.push(row.thread_id);
      const thread = threadsOf(threadIndexRows(db, row.thread_id), (_, namespaces) => describe(namespaces)).get(row.thread_id);
      if (!thread) continue;
      found.push(thread);
      const full = top.length >= count;
      if (full && newestFirst(thread, top[top.length - 1]!) > 0) {
        older += 1;
        if (older >= settle) return { threads: top, complete: false, found: found.length };
      } else {
        older = 0;
        top = [...top, thread].sort(newestFirst).slice(0, count);
      }
      if (found.length > maxThreads) return null;
    }
  }
}

/** The deepest first screen answered before the index is read: the app asks for 50 rows, a tall window for 100. */
export const FIRST_SCREEN_MAX = 200;
/** The fewest threads a scan looks for: the open's one-row page and the app's first 50 rows share one scan. */
export const FIRST_SCREEN_SCAN = 50;

/**
 * A page of the unfiltered list from the newest threads (`scan`: recentThreads, possibly kept by the caller),
 * for a reader whose index is not read yet, or null when the query is not such a page (a filter, a page deep
 * in the list) or the scan gave up. Unless the scan read the whole file, the page says the count is under way
 * and `total` is only the rows up to its end.
 */
export function firstScreen(query: ThreadQuery, scan: (count: number) => RecentThreads | null): { rows: IndexedThread[]; offset: number; total: number; counting?: true } | null {
  const { offset, limit } = pageBounds(query);
  if (normalizeQuery(query.query) !== "" || (query.status ?? []).length > 0 || offset + limit > FIRST_SCREEN_MAX) return null;
  const recent = scan(Math.max(offset + limit, FIRST_SCREEN_SCAN));
  if (!recent) return null;
  const rows = recent.threads.slice(offset, offset + limit);
  return recent.complete ? { rows, offset, total: recent.found } : { rows, offset, total: offset + rows.length, counting: true };
}
