/**
 * What `listThreads`' `query` and `status` arguments mean. The backend filters with it and the app uses it
 * for its instant filter as the user types, so both always agree on which threads match.
 */
import type { ThreadRow, ThreadStatus } from "./types.ts";

/** A query as it is compared: trimmed and lowercased; "" matches every thread. */
export function normalizeQuery(query: string | undefined): string {
  return query?.trim().toLowerCase() ?? "";
}

/** The lowercased text a query is searched in: thread id, namespace, graph name and the head's writers. */
export function threadSearchText(row: ThreadRow): string {
  return `${row.threadId}\u0000${row.namespace}\u0000${row.graphName ?? ""}\u0000${row.writers.join(",")}`.toLowerCase();
}

/**
 * Whether a thread passes the filter. `needle` is a normalized query; `statuses` empty means every status.
 * `text` may be given when the caller already holds threadSearchText(row).
 */
export function threadMatches(row: ThreadRow, needle: string, statuses: ReadonlySet<ThreadStatus>, text?: string): boolean {
  if (statuses.size > 0 && !statuses.has(row.status)) return false;
  return needle === "" || (text ?? threadSearchText(row)).includes(needle);
}
