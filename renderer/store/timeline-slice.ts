/**
 * The selected thread's history as the timeline shows it: every checkpoint (without values) by id and
 * the branch layout. Refreshes keep the selection when it still exists.
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import { threadArgs } from "../../core/api/thread-key.ts";
import type { CheckpointEntry, ThreadKey } from "../../core/api/types.ts";
import { layoutBranches, type BranchLayout } from "../model/branch-lanes.ts";
import { latest } from "./latest.ts";
import type { LoadStatus, SliceCreator } from "./types.ts";

export interface TimelineSlice {
  timelineEntries: Map<string, CheckpointEntry>;
  timelineLayout: BranchLayout | null;
  /** The newest checkpoint of the thread (the head the thread list shows). */
  timelineHeadId: string | null;
  timelineStatus: LoadStatus;
  timelineError: ErrorInfo | null;
  /**
   * Load the thread's timeline. `select` picks a checkpoint once loaded (when present); otherwise the
   * current selection stays, or the newest checkpoint is selected when there is none.
   */
  loadTimeline(thread: ThreadKey, options?: { select?: string | null }): Promise<void>;
  /** Drop what belongs to the previously selected thread. */
  clearThreadViews(): void;
}

export const createTimelineSlice: SliceCreator<TimelineSlice> = (client) => (set, get) => {
  const request = latest();
  // A selection asked for by a load that a newer load overtook (a live refresh racing a run's end):
  // the newer load honours it.
  let pendingSelect: string | null = null;
  return {
    timelineEntries: new Map(),
    timelineLayout: null,
    timelineHeadId: null,
    timelineStatus: "idle",
    timelineError: null,

    async loadTimeline(thread, options = {}) {
      const current = request.take();
      if (options.select) pendingSelect = options.select;
      if (get().timelineEntries.size === 0) set({ timelineStatus: "loading" });
      try {
        // Clicking another thread takes a newer ticket, which cancels this read on the backend.
        const entries = await client.getTimeline(threadArgs(thread), { signal: current.signal });
        const selected = get().selectedThread;
        if (!current() || !selected || selected.threadId !== thread.threadId || selected.namespace !== thread.namespace) return;
        const byId = new Map(entries.map((entry) => [entry.checkpointId, entry]));
        set({ timelineEntries: byId, timelineLayout: layoutBranches(entries), timelineHeadId: entries[0]?.checkpointId ?? null, timelineStatus: "ready", timelineError: null });
        const wanted = pendingSelect && byId.has(pendingSelect) ? pendingSelect : null;
        pendingSelect = null;
        const keep = get().selectedCheckpointId;
        const target = wanted ?? (keep && byId.has(keep) ? keep : (entries[0]?.checkpointId ?? null));
        if (target && target !== keep) get().selectCheckpoint(target);
      } catch (error) {
        if (current()) set({ timelineStatus: "failed", timelineError: toErrorInfo(error) });
      }
    },

    clearThreadViews() {
      request.take();
      pendingSelect = null;
      set({ timelineEntries: new Map(), timelineLayout: null, timelineHeadId: null, timelineStatus: "idle", timelineError: null });
      get().clearGraph();
      get().clearInspector();
    },
  };
};
