/**
 * The thread list, a page at a time: the backend filters and pages (listThreads), the list asks for the
 * pages its visible rows need (ensureThreadRange), and a filter change fetches page 0 again. Rows are
 * kept by key (threads and their subgraph namespaces); `visibleThreadKeys` has a slot per matching
 * thread, null until its page arrives.
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import { threadKeyString } from "../../core/api/thread-key.ts";
import type { ThreadKey, ThreadRow, ThreadStatus } from "../../core/api/types.ts";
import { pagesFor, placePage, rowsByKey, THREAD_PAGE } from "../model/thread-pages.ts";
import { latest } from "./latest.ts";
import type { LoadStatus, SliceCreator } from "./types.ts";

export interface ThreadsSlice {
  /** Rows by key: every thread of the pages loaded, and each of their subgraph namespaces. */
  threadRows: Map<string, ThreadRow>;
  /** The rows of page 0, most recently updated first (the newest thread is the first). */
  threadOrder: ThreadRow[];
  threadQuery: string;
  threadStatuses: ThreadStatus[];
  /** A slot per thread that passes the filter, in order: its key once its page arrived, null before. */
  visibleThreadKeys: (string | null)[];
  /** Threads in the database (unfiltered), as last counted. */
  threadTotal: number;
  /** The backend is still counting the threads (a big file just opened): threadTotal only reaches the rows shown. */
  threadCounting: boolean;
  /**
   * A status filter was answered while the backend still decides statuses (a big file just opened): the rows,
   * counts and slots are of the first `decided` of `threads` threads; the backend has the list asked again when done.
   */
  threadStatusCounting: { decided: number; threads?: number } | null;
  /** Threads matching the text, per status (the filter chips), when the backend counted them. */
  threadCounts: Record<ThreadStatus, number> | null;
  /** Thread keys whose subgraph namespaces are shown under them. */
  expandedThreads: ReadonlySet<string>;
  threadsStatus: LoadStatus;
  threadsError: ErrorInfo | null;
  /** Fetch page 0 again and the pages last shown (quietly when rows are already shown, as live refreshes do). */
  loadThreads(): Promise<void>;
  /** Fetch the pages rows start..end need that are not loaded yet. */
  ensureThreadRange(start: number, end: number): void;
  /** Find one thread's row (a selection in the URL beyond the first page); true when found. */
  revealThread(thread: ThreadKey): Promise<boolean>;
  toggleThreadExpanded(key: string): void;
  setThreadQuery(query: string): void;
  toggleThreadStatus(status: ThreadStatus): void;
  clearThreadStatuses(): void;
  /** Forget the list (another database is opening). */
  clearThreads(): void;
}

/** Keep the old row object when nothing changed, so rows that did not change do not re-render. */
function sameRow(a: ThreadRow, b: ThreadRow): boolean {
  const namespaces = (row: ThreadRow) => (row.namespaces ?? []).map((ns) => `${ns.namespace}/${ns.headCheckpointId}/${ns.status}/${ns.checkpointCount}`).join(",");
  return (
    a.status === b.status && a.step === b.step && a.checkpointCount === b.checkpointCount && a.branchCount === b.branchCount &&
    a.headCheckpointId === b.headCheckpointId && a.updatedAt === b.updatedAt && a.writers.join(",") === b.writers.join(",") && a.graphName === b.graphName &&
    namespaces(a) === namespaces(b)
  );
}

export const createThreadsSlice: SliceCreator<ThreadsSlice> = (client) => (set, get) => {
  /** The filter's generation: answers for an older filter are dropped. */
  let generation = 0;
  /**
   * Refreshes begun so far. An answer asked before the latest refresh began describes the order (and the
   * total) before a change, so placing it would undo the newer one: it is dropped, and its rows come again
   * when the list next asks for them.
   */
  let epoch = 0;
  const inFlight = new Set<number>();
  let lastRange: [number, number] = [0, THREAD_PAGE];
  /** Set by a filter change: page 0's answer starts the slots afresh (no stale row of the old filter). */
  let freshSlots = false;
  const first = latest();

  const merge = (rows: readonly ThreadRow[]): Map<string, ThreadRow> => {
    const old = get().threadRows;
    const next = new Map(old);
    for (const [key, row] of rowsByKey(rows)) {
      const before = old.get(key);
      next.set(key, before && sameRow(before, row) ? before : row);
    }
    return next;
  };

  /**
   * Fetch one page and place it. `keep` (a live refresh's page 0): the only other pages whose slots stay
   * until their own answer, the ones in view. Rows elsewhere may have moved (a new thread shifts every
   * row down one, an updated thread leaves its old place), so their slots empty and refill on scroll.
   */
  const fetchPage = async (page: number, signal?: AbortSignal, keep?: readonly number[]): Promise<boolean> => {
    const { threadQuery, threadStatuses } = get();
    const asked = generation;
    const askedEpoch = epoch;
    const answer = await client.listThreads(
      { ...(threadQuery.trim() ? { query: threadQuery } : {}), ...(threadStatuses.length ? { status: threadStatuses } : {}), offset: page * THREAD_PAGE, limit: THREAD_PAGE },
      signal ? { signal } : {},
    );
    if (asked !== generation || askedEpoch !== epoch) return false;
    const threadRows = merge(answer.rows);
    const keys = answer.rows.map(threadKeyString);
    const unfiltered = !threadQuery.trim() && threadStatuses.length === 0;
    const slots = get().visibleThreadKeys;
    const base = page === 0 && freshSlots ? [] : keep ? slots.map((key, index) => (keep.includes(Math.floor(index / THREAD_PAGE)) ? key : null)) : slots;
    if (page === 0) freshSlots = false;
    set({
      threadRows,
      visibleThreadKeys: placePage(base, answer.total, answer.offset, keys),
      ...(page === 0 ? { threadOrder: keys.map((key) => threadRows.get(key)!) } : {}),
      ...(unfiltered ? { threadTotal: answer.total, threadCounting: answer.counting === true } : {}),
      threadCounts: answer.counts ?? null,
      threadStatusCounting: answer.statusCounting ?? null,
      threadsStatus: "ready",
      threadsError: null,
    });
    return true;
  };

  /** Page 0 for the current filter (and, quietly, the other pages in view). */
  const refetch = async (restart: boolean) => {
    const ticket = first.take();
    epoch += 1;
    if (restart) {
      generation += 1;
      freshSlots = true;
      inFlight.clear();
    }
    if (get().threadOrder.length === 0 && get().threadsStatus !== "ready") set({ threadsStatus: "loading" });
    try {
      const inView = pagesFor(lastRange[0], lastRange[1], get().visibleThreadKeys.length).filter((page) => page > 0);
      await fetchPage(0, ticket.signal, restart ? undefined : inView);
      if (!ticket()) return;
      const others = pagesFor(lastRange[0], lastRange[1], get().visibleThreadKeys.length).filter((page) => page > 0);
      // Marked in flight, so the list's ensureThreadRange (its slots just changed) does not ask for them twice.
      for (const page of others) inFlight.add(page);
      await Promise.all(others.map((page) => fetchPage(page).finally(() => inFlight.delete(page))));
    } catch (error) {
      if (ticket()) set({ threadsStatus: "failed", threadsError: toErrorInfo(error) });
    }
  };

  const refilter = (patch: Partial<ThreadsSlice>) => {
    set(patch);
    void refetch(true);
  };

  return {
    threadRows: new Map(),
    threadOrder: [],
    threadQuery: "",
    threadStatuses: [],
    visibleThreadKeys: [],
    threadTotal: 0,
    threadCounting: false,
    threadStatusCounting: null,
    threadCounts: null,
    expandedThreads: new Set(),
    threadsStatus: "idle",
    threadsError: null,

    loadThreads() {
      return refetch(false);
    },

    ensureThreadRange(start, end) {
      lastRange = [start, end];
      const slots = get().visibleThreadKeys;
      for (const page of pagesFor(start, end, slots.length)) {
        if (inFlight.has(page)) continue;
        const from = page * THREAD_PAGE;
        if (slots.slice(from, Math.min(slots.length, from + THREAD_PAGE)).every((key) => key !== null)) continue;
        inFlight.add(page);
        let dropped = false;
        fetchPage(page)
          .then((placed) => void (dropped = !placed))
          .catch((error: unknown) => set({ threadsError: toErrorInfo(error) }))
          .finally(() => {
            inFlight.delete(page);
            // A refresh began meanwhile and its answer was dropped: ask again for what is in view now, since
            // nothing else will (the slots did not change, so the list does not ask).
            if (dropped) get().ensureThreadRange(lastRange[0], lastRange[1]);
          });
      }
    },

    async revealThread(thread) {
      const key = threadKeyString(thread);
      if (get().threadRows.has(key)) return true;
      try {
        const answer = await client.listThreads({ query: thread.threadId, limit: 500 });
        const match = answer.rows.filter((row) => row.threadId === thread.threadId);
        if (match.length === 0) return false;
        set({ threadRows: merge(match) });
        return get().threadRows.has(key);
      } catch {
        return false;
      }
    },

    toggleThreadExpanded(key) {
      const expanded = new Set(get().expandedThreads);
      if (!expanded.delete(key)) expanded.add(key);
      set({ expandedThreads: expanded });
    },

    setThreadQuery(query) {
      refilter({ threadQuery: query });
    },

    toggleThreadStatus(status) {
      const statuses = get().threadStatuses.includes(status) ? get().threadStatuses.filter((s) => s !== status) : [...get().threadStatuses, status];
      refilter({ threadStatuses: statuses });
    },

    clearThreads() {
      first.take();
      generation += 1;
      inFlight.clear();
      set({ threadRows: new Map(), threadOrder: [], visibleThreadKeys: [], threadTotal: 0, threadCounting: false, threadStatusCounting: null, threadCounts: null, expandedThreads: new Set(), threadsStatus: "idle", threadsError: null });
    },

    clearThreadStatuses() {
      refilter({ threadStatuses: [] });
    },
  };
};
