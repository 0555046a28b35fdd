/**
 * Filters the thread list as the user types, by the same rule as the backend's listThreads (see
 * core/api/thread-filter.ts). Runs in the renderer so each keystroke answers at once, even with 10,000 threads.
 */
import { normalizeQuery, threadMatches } from "../../core/api/thread-filter.ts";
import { threadKeyString } from "../../core/api/thread-key.ts";
import type { ThreadRow, ThreadStatus } from "../../core/api/types.ts";

export const THREAD_STATUSES: readonly ThreadStatus[] = ["done", "interrupted", "error", "pending"];

/** Keys of the rows that match, in the rows' order. An empty status set means every status. */
export function filterThreads(rows: readonly ThreadRow[], query: string, statuses: ReadonlySet<ThreadStatus>): string[] {
  const needle = normalizeQuery(query);
  const keys: string[] = [];
  for (const row of rows) if (threadMatches(row, needle, statuses)) keys.push(threadKeyString(row));
  return keys;
}

/** How many rows have each status (for the filter chips), counting only those matching the text. */
export function countStatuses(rows: readonly ThreadRow[], query = ""): Record<ThreadStatus, number> {
  const needle = normalizeQuery(query);
  const every = new Set<ThreadStatus>();
  const counts: Record<ThreadStatus, number> = { done: 0, interrupted: 0, error: 0, pending: 0 };
  for (const row of rows) if (threadMatches(row, needle, every)) counts[row.status] += 1;
  return counts;
}
