/**
 * The thread list as the backend keeps it for readers that do not page themselves: rows held in memory
 * with their search text, rolled up to one row per thread and cut into pages (fast with 10,000 threads),
 * and compared between two reads to say which threads changed. Pure functions.
 */
import { pageOfRows, rollUpThreads, threadSearchText } from "../api/thread-filter.ts";
import type { ThreadPage, ThreadQuery, ThreadRow } from "../api/types.ts";

/** Rows prepared once for repeated filtering. */
export interface IndexedRows {
  rows: readonly ThreadRow[];
  text: readonly string[];
}

export function indexRows(rows: readonly ThreadRow[]): IndexedRows {
  return { rows, text: rows.map(threadSearchText) };
}

/**
 * One row per thread (subgraph namespaces inside it) from rows per (thread, namespace), indexed. Rows
 * with no subgraph namespace (every Chronograph file) are already one per thread, in order: kept as they are.
 */
export function rollUp(rows: readonly ThreadRow[] | IndexedRows): IndexedRows {
  const indexed = "text" in rows ? rows : null;
  const list = indexed ? indexed.rows : (rows as readonly ThreadRow[]);
  if (list.every((row) => row.namespace === "")) return indexed ?? indexRows(list);
  return indexRows(rollUpThreads(list));
}

/** The page `query` asks for out of rolled-up rows. */
export function pageOf(indexed: IndexedRows, query: ThreadQuery): ThreadPage {
  return pageOfRows(indexed.rows, query, indexed.text);
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

/** Ids of threads whose stamp (HistorySource.threadStamps) is new, gone or different. */
export function changedStamps(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const changed: string[] = [];
  for (const [id, stamp] of after) if (before.get(id) !== stamp) changed.push(id);
  for (const id of before.keys()) if (!after.has(id)) changed.push(id);
  return changed;
}
