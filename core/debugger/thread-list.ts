/**
 * The thread list as the app asks for it: filtered by text and status over rows held in memory (fast
 * with 10,000 threads), and compared between two reads to say which threads changed. Pure functions.
 */
import type { ThreadRow, ThreadStatusName } from "../api/types.ts";

export interface ThreadFilter {
  /** Case-insensitive text found in the thread id, the graph name or the last node. */
  query?: string;
  /** Only threads in one of these states (all when empty or absent). */
  status?: readonly ThreadStatusName[];
}

/** Rows prepared once for repeated filtering. */
export interface IndexedRows {
  rows: readonly ThreadRow[];
  text: readonly string[];
}

export function indexRows(rows: readonly ThreadRow[]): IndexedRows {
  return { rows, text: rows.map((row) => `${row.threadId}\u0000${row.graphName ?? ""}\u0000${row.lastNode ?? ""}`.toLowerCase()) };
}

/** The rows that pass `filter`, in their original order. */
export function filterThreads(indexed: IndexedRows, filter: ThreadFilter): ThreadRow[] {
  const query = filter.query?.trim().toLowerCase() ?? "";
  const statuses = filter.status && filter.status.length > 0 ? new Set(filter.status) : null;
  if (query === "" && !statuses) return [...indexed.rows];
  const result: ThreadRow[] = [];
  for (let index = 0; index < indexed.rows.length; index += 1) {
    const row = indexed.rows[index]!;
    if (statuses && !statuses.has(row.status)) continue;
    if (query !== "" && !indexed.text[index]!.includes(query)) continue;
    result.push(row);
  }
  return result;
}

const keyOf = (row: ThreadRow) => `${row.namespace}\u0000${row.threadId}`;
const signatureOf = (row: ThreadRow) => [row.headCheckpointId, row.checkpointCount, row.branchCount, row.status, row.step, row.updatedAt, row.lastNode].join("\u0000");

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
