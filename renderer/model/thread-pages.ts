/**
 * The thread list as the app holds it while it arrives a page at a time: a slot per matching thread
 * (its key once its page came, null before), which pages a visible range needs, and the rows a thread's
 * subgraph namespaces open as. Pure functions.
 */
import { threadKeyString } from "../../core/api/thread-key.ts";
import type { NamespaceSummary, ThreadRow } from "../../core/api/types.ts";

/** Rows per listThreads call: a few screens of the list. */
export const THREAD_PAGE = 50;

/** The pages (by number) that cover rows start..end (end exclusive) of a list of `total` rows. */
export function pagesFor(start: number, end: number, total: number, size = THREAD_PAGE): number[] {
  const last = Math.min(end, total) - 1;
  if (last < start || start < 0) return [];
  const pages: number[] = [];
  for (let page = Math.floor(start / size); page <= Math.floor(last / size); page += 1) pages.push(page);
  return pages;
}

/**
 * The slots after one page arrived: sized to the page's `total` (a changed total keeps the slots that
 * still fit), with the page's keys at its offset.
 */
export function placePage(slots: readonly (string | null)[], total: number, offset: number, keys: readonly string[]): (string | null)[] {
  const next = slots.length === total ? [...slots] : Array.from({ length: total }, (_, index) => slots[index] ?? null);
  keys.forEach((key, index) => {
    if (offset + index < total) next[offset + index] = key;
  });
  return next;
}

/** The row a subgraph namespace opens as: the thread's, with the namespace's own head, count and status. */
export function namespaceRow(thread: ThreadRow, ns: NamespaceSummary): ThreadRow {
  const { namespaces: _nested, ...rest } = thread;
  return { ...rest, namespace: ns.namespace, status: ns.status, checkpointCount: ns.checkpointCount, headCheckpointId: ns.headCheckpointId, updatedAt: ns.updatedAt, writers: [], branchCount: 1 };
}

/** Every row a page brings, by key: each thread's and each of its namespaces'. */
export function rowsByKey(rows: readonly ThreadRow[]): Array<[string, ThreadRow]> {
  const out: Array<[string, ThreadRow]> = [];
  for (const row of rows) {
    out.push([threadKeyString(row), row]);
    for (const ns of row.namespaces ?? []) {
      const nested = namespaceRow(row, ns);
      out.push([threadKeyString(nested), nested]);
    }
  }
  return out;
}

/** A short label for a namespace: its path of subgraph nodes without LangGraph's task ids ("research › deep"). */
export function namespaceLabel(namespace: string): string {
  return namespace
    .split("|")
    .map((part) => part.split(":")[0] || part)
    .join(" › ");
}

/**
 * The newest subgraph namespace that graph node `node` ran as, directly under namespace `current` ("" for
 * the root graph): LangGraph names a subgraph's namespace `node:taskId`, nested ones joined with "|".
 */
export function childNamespace(namespaces: readonly NamespaceSummary[], current: string, node: string): string | null {
  const prefix = `${current ? `${current}|` : ""}${node}:`;
  for (const ns of namespaces) {
    if (ns.namespace.startsWith(prefix) && !ns.namespace.slice(prefix.length).includes("|")) return ns.namespace;
  }
  return null;
}
