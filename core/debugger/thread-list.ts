/**
 * The thread list as the app asks for it: filtered by text and status over rows held in memory (fast
 * with 10,000 threads), and compared between two reads to say which threads changed. Pure functions.
 */
import { normalizeQuery, threadMatches, threadSearchText } from "../api/thread-filter.ts";
import type { ThreadRow, ThreadStatus } from "../api/types.ts";

export interface ThreadFilter {
  /** Case-insensitive text found in the thread id, namespace, graph name or last node (see core/api/thread-filter.ts). */
  query?: string;
  /** Only threads in one of these states (all when empty or absent). */
  status?: readonly ThreadStatus[];
}

/** Rows prepared once for repeated filtering. */
export interface IndexedRows {
  rows: readonly ThreadRow[];
  text: readonly string[];
}

export function indexRows(rows: readonly ThreadRow[]): IndexedRows {
  return { rows, text: rows.map(threadSearchText) };
}

/** The rows that pass `filter`, in their original order. */
export function filterThreads(indexed: IndexedRows, filter: ThreadFilter): ThreadRow[] {
  const needle = normalizeQuery(filter.query);
  const statuses = new Set(filter.status ?? []);
  if (needle === "" && statuses.size === 0) return [...indexed.rows];
  return indexed.rows.filter((row, index) => threadMatches(row, needle, statuses, indexed.text[index]));
}

const keyOf = (row: ThreadRow) => `${row.namespace}\u0000${row.threadId}`;
const signatureOf = (row: ThreadRow) => [row.headCheckpointId, row.checkpointCount, row.branchCount, row.status, row.step, row.updatedAt, row.writers.join(",")].join("\u0000");

/** Ids of threads that are new, gone, or different (new checkpoint, new status) from `before` to `after`. */
export function changedThreadIds(before: readonly ThreadRow[], after: readonly ThreadRow[]): string[] {
  const old = new Map(before.map((row) => [keyOf(row), signatureOf(row)]));
  const changed = new Set<string>();
  for (const row of after) {
    const key = keyOf(row);
    if (old.get(key) !== signatureOf(row)) changed.add(row.threadId);
    old.delete(key);
  }
  for (const key of old.keys()) changed.add(key.slice(key.indexOf("\u0000") + 1));
  return [...changed];
}
