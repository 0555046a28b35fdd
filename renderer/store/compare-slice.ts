/**
 * The questions asked about a history rather than of one checkpoint: branch compare (two checkpoints'
 * histories aligned from their common ancestor, paged), "why did this node run?" and "what will re-run?".
 * The answers come from the backend (core/debugger/compare.ts, why-ran.ts); this slice keeps only the
 * open comparison's pages.
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import { threadArgs, threadKeyString } from "../../core/api/thread-key.ts";
import type { CompareRow, RunMode, RunPreview, TaskExplanation, ThreadKey } from "../../core/api/types.ts";
import { latest } from "./latest.ts";
import type { LoadStatus, SliceCreator } from "./types.ts";

/** Rows asked per compareBranches page. */
export const COMPARE_PAGE = 100;

export interface Comparison {
  /** threadKeyString of the thread compared: the view closes itself when another thread is selected. */
  threadKey: string;
  left: string;
  right: string;
  ancestorId: string | null;
  /** Rows loaded so far (pages 0 .. n, in order). */
  rows: CompareRow[];
  totalRows: number;
  /** First divergent row among the rows loaded (null: none of them diverge). */
  firstDivergent: number | null;
  status: LoadStatus;
  error: ErrorInfo | null;
}

export interface CompareSlice {
  /** The open branch compare, or null when closed. */
  comparison: Comparison | null;
  /** Open (or re-point) the compare view on two checkpoints of the selected thread, and load its first page. */
  openCompare(left: string, right: string): Promise<void>;
  /** Load the next page of aligned rows. */
  loadMoreCompare(): Promise<void>;
  closeCompare(): void;
  /** Why `node` runs (or ran) from a checkpoint of the selected thread. */
  explainTask(checkpointId: string, node: string): Promise<TaskExplanation>;
  /** What a replay, fork or resume from a checkpoint of the selected thread would run again and keep. */
  previewRun(checkpointId: string, mode: RunMode): Promise<RunPreview>;
}

function selected(thread: ThreadKey | null, what: string): ThreadKey {
  if (!thread) throw new Error(`${what}: no thread is selected.`);
  return thread;
}

export const createCompareSlice: SliceCreator<CompareSlice> = (client) => (set, get) => {
  const request = latest();

  async function loadPage(base: Comparison, offset: number): Promise<void> {
    const current = request.take();
    const thread = selected(get().selectedThread, "compareBranches");
    set({ comparison: { ...base, status: "loading", error: null } });
    try {
      const page = await client.compareBranches({ ...threadArgs(thread), left: base.left, right: base.right, offset, limit: COMPARE_PAGE }, { signal: current.signal });
      if (!current()) return;
      set({
        comparison: {
          ...base,
          ancestorId: page.ancestorId,
          rows: [...base.rows.slice(0, offset), ...page.rows],
          totalRows: page.totalRows,
          firstDivergent: base.firstDivergent ?? page.firstDivergent,
          status: "ready",
          error: null,
        },
      });
    } catch (error) {
      if (current()) set({ comparison: { ...base, status: "failed", error: toErrorInfo(error) } });
    }
  }

  return {
    comparison: null,

    async openCompare(left, right) {
      const thread = get().selectedThread;
      if (!thread) return;
      const base: Comparison = { threadKey: threadKeyString(thread), left, right, ancestorId: null, rows: [], totalRows: 0, firstDivergent: null, status: "loading", error: null };
      await loadPage(base, 0);
    },

    async loadMoreCompare() {
      const comparison = get().comparison;
      if (!comparison || comparison.status === "loading" || comparison.rows.length >= comparison.totalRows) return;
      await loadPage(comparison, comparison.rows.length);
    },

    closeCompare() {
      request.take();
      set({ comparison: null });
    },

    explainTask(checkpointId, node) {
      return client.explainTask({ ...threadArgs(selected(get().selectedThread, "explainTask")), checkpointId, node });
    },

    previewRun(checkpointId, mode) {
      return client.previewRun({ ...threadArgs(selected(get().selectedThread, "previewRun")), checkpointId, mode });
    },
  };
};
