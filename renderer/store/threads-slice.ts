/**
 * The thread list: every row by key, the backend's order, and the filtered keys the list renders.
 * Filtering happens here (not in the backend) so each keystroke answers at once.
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import { threadKeyString } from "../../core/api/thread-key.ts";
import { MAX_THREAD_PAGE } from "../../core/api/thread-filter.ts";
import type { ThreadRow, ThreadStatus } from "../../core/api/types.ts";
import { filterThreads } from "../model/thread-filter.ts";
import { latest } from "./latest.ts";
import type { LoadStatus, SliceCreator } from "./types.ts";

export interface ThreadsSlice {
  threadRows: Map<string, ThreadRow>;
  /** Every thread's row, most recently updated first (the backend's order). */
  threadOrder: ThreadRow[];
  threadQuery: string;
  threadStatuses: ThreadStatus[];
  /** Keys that pass the filter, in order: what the list renders. */
  visibleThreadKeys: string[];
  threadsStatus: LoadStatus;
  threadsError: ErrorInfo | null;
  /** Fetch the list (quietly when rows are already shown, as live refreshes do). */
  loadThreads(): Promise<void>;
  setThreadQuery(query: string): void;
  toggleThreadStatus(status: ThreadStatus): void;
  clearThreadStatuses(): void;
  /** Forget the list (another database is opening). */
  clearThreads(): void;
}

/** Keep the old row object when nothing changed, so rows that did not change do not re-render. */
function sameRow(a: ThreadRow, b: ThreadRow): boolean {
  return (
    a.status === b.status && a.step === b.step && a.checkpointCount === b.checkpointCount && a.branchCount === b.branchCount &&
    a.headCheckpointId === b.headCheckpointId && a.updatedAt === b.updatedAt && a.writers.join(",") === b.writers.join(",") && a.graphName === b.graphName
  );
}

export const createThreadsSlice: SliceCreator<ThreadsSlice> = (client) => (set, get) => {
  const request = latest();
  const refilter = (rows: ThreadRow[], query: string, statuses: ThreadStatus[]) => filterThreads(rows, query, new Set(statuses));
  return {
    threadRows: new Map(),
    threadOrder: [],
    threadQuery: "",
    threadStatuses: [],
    visibleThreadKeys: [],
    threadsStatus: "idle",
    threadsError: null,

    async loadThreads() {
      const current = request.take();
      if (get().threadOrder.length === 0) set({ threadsStatus: "loading" });
      try {
        const fetched: ThreadRow[] = [];
        for (let total = Infinity; fetched.length < total; ) {
          const page = await client.listThreads({ offset: fetched.length, limit: MAX_THREAD_PAGE }, { signal: current.signal });
          total = page.rows.length === 0 ? fetched.length : page.total;
          fetched.push(...page.rows);
        }
        if (!current()) return;
        const old = get().threadRows;
        const rows = fetched.map((row) => {
          const before = old.get(threadKeyString(row));
          return before && sameRow(before, row) ? before : row;
        });
        const { threadQuery, threadStatuses } = get();
        set({
          threadRows: new Map(rows.map((row) => [threadKeyString(row), row])),
          threadOrder: rows,
          visibleThreadKeys: refilter(rows, threadQuery, threadStatuses),
          threadsStatus: "ready",
          threadsError: null,
        });
      } catch (error) {
        if (current()) set({ threadsStatus: "failed", threadsError: toErrorInfo(error) });
      }
    },

    setThreadQuery(query) {
      set({ threadQuery: query, visibleThreadKeys: refilter(get().threadOrder, query, get().threadStatuses) });
    },

    toggleThreadStatus(status) {
      const statuses = get().threadStatuses.includes(status) ? get().threadStatuses.filter((s) => s !== status) : [...get().threadStatuses, status];
      set({ threadStatuses: statuses, visibleThreadKeys: refilter(get().threadOrder, get().threadQuery, statuses) });
    },

    clearThreads() {
      request.take();
      set({ threadRows: new Map(), threadOrder: [], visibleThreadKeys: [], threadsStatus: "idle", threadsError: null });
    },

    clearThreadStatuses() {
      set({ threadStatuses: [], visibleThreadKeys: refilter(get().threadOrder, get().threadQuery, []) });
    },
  };
};
