/**
 * What `listThreads`' arguments mean: which threads a `query` and `status` match, how namespace rows roll
 * up into one row per thread, and how a page is cut. The backend pages with it and readers that filter
 * in SQL follow the same rule, so every reader answers the same page.
 */
import type { NamespaceSummary, ThreadKey, ThreadPage, ThreadQuery, ThreadRow, ThreadStatus } from "./types.ts";

/** The most rows one listThreads call answers (the app asks for what its list shows, a page at a time). */
export const MAX_THREAD_PAGE = 500;

/** A query as it is compared: trimmed and lowercased; "" matches every thread. */
export function normalizeQuery(query: string | undefined): string {
  return query?.trim().toLowerCase() ?? "";
}

/** A normalized query as an SQL ILIKE pattern matching it anywhere, its wildcards and the escape character taken literally; null for "". */
export function likePattern(needle: string): string | null {
  return needle === "" ? null : `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The lowercased text a query is searched in: thread id, namespaces, graph name and the head's writers. */
export function threadSearchText(row: ThreadRow): string {
  const namespaces = row.namespaces?.map((ns) => ns.namespace).join("\u0000") ?? "";
  return `${row.threadId}\u0000${row.namespace}\u0000${namespaces}\u0000${row.graphName ?? ""}\u0000${row.writers.join(",")}`.toLowerCase();
}

/**
 * The lowercased text a reader that pages from an index (a big LangGraph file: nothing decoded) searches
 * a query in: the thread id and its namespaces. Such readers match only these, not the head's writers.
 */
export function indexSearchText(thread: { threadId: string; namespaces: ReadonlyArray<{ namespace: string }> }): string {
  return `${thread.threadId}\u0000${thread.namespaces.map((ns) => ns.namespace).join("\u0000")}`.toLowerCase();
}

/**
 * Whether a thread passes the filter. `needle` is a normalized query; `statuses` empty means every status.
 * `text` may be given when the caller already holds threadSearchText(row).
 */
export function threadMatches(row: ThreadRow, needle: string, statuses: ReadonlySet<ThreadStatus>, text?: string): boolean {
  if (statuses.size > 0 && !statuses.has(row.status)) return false;
  return needle === "" || (text ?? threadSearchText(row)).includes(needle);
}

export const emptyCounts = (): Record<ThreadStatus, number> => ({ done: 0, interrupted: 0, error: 0, pending: 0 });

/** The subgraph namespace as its thread row lists it. */
export function namespaceSummary(row: ThreadRow): NamespaceSummary {
  return { namespace: row.namespace, status: row.status, checkpointCount: row.checkpointCount, headCheckpointId: row.headCheckpointId, updatedAt: row.updatedAt };
}

/**
 * One row per thread from rows per (thread, namespace), in the order the threads first appear: the root
 * namespace's row (or, without one, the thread's first-listed row) with the other namespaces inside it,
 * newest first (no `namespaces` field for a thread without subgraphs). Status is the root's: a waiting subgraph is one waiting run, not one per namespace.
 */
export function rollUpThreads(rows: readonly ThreadRow[]): ThreadRow[] {
  const byThread = new Map<string, ThreadRow[]>();
  for (const row of rows) {
    const list = byThread.get(row.threadId);
    if (list) list.push(row);
    else byThread.set(row.threadId, [row]);
  }
  const out: ThreadRow[] = [];
  for (const list of byThread.values()) {
    const root = list.find((row) => row.namespace === "") ?? list[0]!;
    out.push(withNamespaces(root, list.filter((row) => row !== root)));
  }
  return out.sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0) || (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : 0));
}

/** A thread's row: its root (or first) namespace's row with the others inside it, newest first; no `namespaces` field without them. */
export function withNamespaces(root: ThreadRow, nested: readonly ThreadRow[]): ThreadRow {
  if (nested.length === 0) return root;
  const sorted = [...nested].sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0) || (a.namespace < b.namespace ? -1 : 1));
  return { ...root, namespaces: sorted.map(namespaceSummary) };
}

/** (thread, namespace) keys by thread id, then namespace: the order inspect and the readers' key listings give. */
export function byThreadKey(a: ThreadKey, b: ThreadKey): number {
  return a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0;
}

/** The offset and limit a query asks for, bounded. */
export function pageBounds(query: ThreadQuery): { offset: number; limit: number } {
  return { offset: Math.max(0, query.offset ?? 0), limit: Math.min(MAX_THREAD_PAGE, Math.max(1, query.limit ?? MAX_THREAD_PAGE)) };
}

/**
 * The page `query` asks for out of thread rows already in order (one per thread). `text` may hold
 * threadSearchText of each row when the caller keeps it. Counts are per status over the text matches.
 */
export function pageOfRows(rows: readonly ThreadRow[], query: ThreadQuery, text?: readonly string[]): ThreadPage {
  const needle = normalizeQuery(query.query);
  const statuses = new Set(query.status ?? []);
  const every = new Set<ThreadStatus>();
  const counts = emptyCounts();
  const { offset, limit } = pageBounds(query);
  const page: ThreadRow[] = [];
  let total = 0;
  rows.forEach((row, index) => {
    if (!threadMatches(row, needle, every, text?.[index])) return;
    counts[row.status] += 1;
    if (statuses.size > 0 && !statuses.has(row.status)) return;
    if (total >= offset && page.length < limit) page.push(row);
    total += 1;
  });
  return { rows: page, offset, total, counts };
}
