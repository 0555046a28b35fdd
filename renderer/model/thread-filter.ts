/**
 * Filters the thread list as the user types: by text (thread id, graph name, last node) and by status.
 * Runs in the renderer so each keystroke answers at once, even with 10,000 threads.
 */
import type { ThreadRow, ThreadStatusName } from "../../core/api/types.ts";

export const THREAD_STATUSES: readonly ThreadStatusName[] = ["done", "interrupted", "error", "pending"];

/** Identity of a thread in the UI: namespace and id (a subgraph's namespace makes another row). */
export function threadKey(thread: { threadId: string; namespace: string }): string {
  return thread.namespace === "" ? thread.threadId : `${thread.namespace}\u0000${thread.threadId}`;
}

export function matchesQuery(row: ThreadRow, needle: string): boolean {
  if (needle === "") return true;
  return (
    row.threadId.toLowerCase().includes(needle) ||
    (row.graphName?.toLowerCase().includes(needle) ?? false) ||
    (row.lastNode?.toLowerCase().includes(needle) ?? false) ||
    row.namespace.toLowerCase().includes(needle)
  );
}

/** Keys of the rows that match, in the rows' order. An empty status set means every status. */
export function filterThreads(rows: readonly ThreadRow[], query: string, statuses: ReadonlySet<ThreadStatusName>): string[] {
  const needle = query.trim().toLowerCase();
  const keys: string[] = [];
  for (const row of rows) {
    if (statuses.size > 0 && !statuses.has(row.status)) continue;
    if (matchesQuery(row, needle)) keys.push(threadKey(row));
  }
  return keys;
}

/** How many rows have each status (for the filter chips), counting only those matching the text. */
export function countStatuses(rows: readonly ThreadRow[], query = ""): Record<ThreadStatusName, number> {
  const needle = query.trim().toLowerCase();
  const counts: Record<ThreadStatusName, number> = { done: 0, interrupted: 0, error: 0, pending: 0 };
  for (const row of rows) if (matchesQuery(row, needle)) counts[row.status] += 1;
  return counts;
}
