/**
 * The inspector's data and view state: the open tab, the selected checkpoint in full (with a small cache
 * so moving back and forth is instant), and the diff between the selection and its compare-with start.
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import type { CheckpointView, DiffResult } from "../../core/api/types.ts";
import { latest } from "./latest.ts";
import { threadArgs } from "../../core/api/thread-key.ts";
import type { LoadStatus, SliceCreator } from "./types.ts";

const CACHE_SIZE = 300;

export interface DiffState {
  /** "from..to" of the diff shown. */
  key: string | null;
  status: LoadStatus;
  result: DiffResult | null;
  error: ErrorInfo | null;
}

export interface InspectorSlice {
  inspectorTab: string;
  checkpointViews: Map<string, CheckpointView>;
  checkpointStatus: LoadStatus;
  checkpointError: ErrorInfo | null;
  diffState: DiffState;
  setInspectorTab(tab: string): void;
  /** Load a checkpoint in full (from the cache when possible). */
  loadCheckpoint(checkpointId: string, options?: { fresh?: boolean }): Promise<void>;
  /** Load the diff from `from` to `to` unless it is already shown. */
  loadDiff(from: string, to: string): Promise<void>;
  /** Forget cached checkpoints (their pending writes may have changed). */
  invalidateCheckpoints(): void;
  clearInspector(): void;
}

const NO_DIFF: DiffState = { key: null, status: "idle", result: null, error: null };

export const createInspectorSlice: SliceCreator<InspectorSlice> = (client) => (set, get) => {
  const checkpointRequest = latest();
  const diffRequest = latest();
  return {
    inspectorTab: "state",
    checkpointViews: new Map(),
    checkpointStatus: "idle",
    checkpointError: null,
    diffState: NO_DIFF,

    setInspectorTab(tab) {
      set({ inspectorTab: tab });
    },

    async loadCheckpoint(checkpointId, options = {}) {
      const thread = get().selectedThread;
      if (!thread) return;
      const current = checkpointRequest.take();
      if (!options.fresh && get().checkpointViews.has(checkpointId)) {
        set({ checkpointStatus: "ready", checkpointError: null });
        return;
      }
      if (!get().checkpointViews.has(checkpointId)) set({ checkpointStatus: "loading", checkpointError: null });
      try {
        const view = await client.getCheckpoint({ ...threadArgs(thread), checkpointId });
        const cache = new Map(get().checkpointViews);
        cache.delete(checkpointId);
        cache.set(checkpointId, view);
        if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
        set({ checkpointViews: cache });
        if (current()) set({ checkpointStatus: "ready", checkpointError: null });
      } catch (error) {
        if (current()) set({ checkpointStatus: "failed", checkpointError: toErrorInfo(error) });
      }
    },

    async loadDiff(from, to) {
      const thread = get().selectedThread;
      const key = `${from}..${to}`;
      if (!thread || (get().diffState.key === key && get().diffState.status !== "failed")) return;
      const current = diffRequest.take();
      set({ diffState: { key, status: "loading", result: get().diffState.result, error: null } });
      try {
        const result = await client.diff({ ...threadArgs(thread), from, to }, { signal: current.signal });
        if (current()) set({ diffState: { key, status: "ready", result, error: null } });
      } catch (error) {
        if (current()) set({ diffState: { key, status: "failed", result: null, error: toErrorInfo(error) } });
      }
    },

    invalidateCheckpoints() {
      set({ checkpointViews: new Map(), diffState: NO_DIFF });
    },

    clearInspector() {
      checkpointRequest.take();
      diffRequest.take();
      set({ checkpointViews: new Map(), checkpointStatus: "idle", checkpointError: null, diffState: NO_DIFF });
    },
  };
};
