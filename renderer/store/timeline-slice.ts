/**
 * The selected thread's history as the timeline shows it: the whole thread's branch layout (from the
 * backend's compact shape) and the rows loaded so far, by id. Rows are loaded in windows around what the
 * list shows (getTimelineWindow), never the whole thread at once; a run's new checkpoints arrive with its
 * events and are appended (appendTimelineEntry) without asking again. Refreshes keep the selection when
 * it still exists, and keep the entry objects of rows that did not change, so their rows are not redrawn.
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import { threadArgs } from "../../core/api/thread-key.ts";
import type { CheckpointEntry, ThreadKey } from "../../core/api/types.ts";
import { appendRow, layoutLanes, type BranchLayout } from "../model/branch-lanes.ts";
import { mergeEntries, missingRange } from "../model/timeline-window.ts";
import { latest } from "./latest.ts";
import type { LoadStatus, SliceCreator } from "./types.ts";

/** Rows asked for at once: a screen or two above and below what is shown. */
const WINDOW = 200;

export interface TimelineSlice {
  /**
   * The rows loaded so far (a window around what the list shows, and every row a run appended). A run's
   * rows are added to this same map in place (copying it at every step would make a long run cost
   * O(rows) per step); the layout object changes with each of them, so what draws rows sees them.
   */
  timelineEntries: Map<string, CheckpointEntry>;
  timelineLayout: BranchLayout | null;
  /** The newest checkpoint of the thread (the head the thread list shows). */
  timelineHeadId: string | null;
  timelineStatus: LoadStatus;
  timelineError: ErrorInfo | null;
  /**
   * Load the thread's timeline: its layout and the rows around the checkpoint to select. `select` picks a
   * checkpoint once loaded (when present); otherwise the current selection stays, or the newest checkpoint
   * is selected when there is none.
   */
  loadTimeline(thread: ThreadKey, options?: { select?: string | null }): Promise<void>;
  /**
   * Re-read the rows around the selection after a run on the thread ended (their pending writes may have
   * changed); the whole layout is asked for again only when the thread's rows are not those shown.
   */
  refreshTimeline(thread: ThreadKey): Promise<void>;
  /** Make sure rows `first`..`last` (display rows, inclusive) are loaded; the list calls it as it scrolls. */
  showTimelineRows(first: number, last: number): Promise<void>;
  /**
   * Add a checkpoint a run just wrote to the selected thread's timeline. False when it could not be
   * appended in place (another thread, or a new branch): the caller then reloads the timeline.
   */
  appendTimelineEntry(threadId: string, entry: CheckpointEntry): boolean;
  /** Drop what belongs to the previously selected thread. */
  clearThreadViews(): void;
}

export const createTimelineSlice: SliceCreator<TimelineSlice> = (client) => (set, get) => {
  const request = latest();
  // A selection asked for by a load that a newer load overtook (a live refresh racing a run's end):
  // the newer load honours it.
  let pendingSelect: string | null = null;
  /** Row windows being fetched, by first row, so scrolling does not ask twice. */
  const fetching = new Set<number>();
  const isSelected = (thread: ThreadKey) => {
    const selected = get().selectedThread;
    return selected !== null && selected.threadId === thread.threadId && selected.namespace === thread.namespace;
  };

  return {
    timelineEntries: new Map(),
    timelineLayout: null,
    timelineHeadId: null,
    timelineStatus: "idle",
    timelineError: null,

    async loadTimeline(thread, options = {}) {
      const current = request.take();
      fetching.clear();
      if (options.select) pendingSelect = options.select;
      if (get().timelineLayout === null) set({ timelineStatus: "loading" });
      try {
        const around = pendingSelect ?? get().selectedCheckpointId ?? undefined;
        // Clicking another thread takes a newer ticket, which cancels this read on the backend.
        const window = await client.getTimelineWindow({ ...threadArgs(thread), shape: true, limit: WINDOW, ...(around ? { around } : {}) }, { signal: current.signal });
        if (!current() || !isSelected(thread) || !window.shape) return;
        const layout = layoutLanes(window.shape);
        // The rows on screen are those around the selection; rows loaded earlier elsewhere may be stale, so only
        // the window's are kept (unchanged ones as the same objects).
        const entries = mergeEntries(new Map(), get().timelineEntries, window.entries);
        set({ timelineEntries: entries, timelineLayout: layout, timelineHeadId: window.headId, timelineStatus: "ready", timelineError: null });
        const wanted = pendingSelect && layout.indexById.has(pendingSelect) ? pendingSelect : null;
        pendingSelect = null;
        const keep = get().selectedCheckpointId;
        const target = wanted ?? (keep && layout.indexById.has(keep) ? keep : window.headId);
        if (target && target !== keep) get().selectCheckpoint(target);
      } catch (error) {
        if (current()) set({ timelineStatus: "failed", timelineError: toErrorInfo(error) });
      }
    },

    async refreshTimeline(thread) {
      const layout = get().timelineLayout;
      const around = get().selectedCheckpointId;
      if (!layout || !isSelected(thread) || pendingSelect) return get().loadTimeline(thread);
      const current = request.take();
      try {
        const window = await client.getTimelineWindow({ ...threadArgs(thread), limit: WINDOW, ...(around ? { around } : {}) }, { signal: current.signal });
        if (!current() || !isSelected(thread) || get().timelineLayout !== layout) return;
        const same = window.total === layout.rows.length && window.headId === get().timelineHeadId && window.entries.every((entry, i) => layout.rows[window.offset + i]?.checkpointId === entry.checkpointId);
        if (!same) return get().loadTimeline(thread);
        set({ timelineEntries: mergeEntries(new Map(get().timelineEntries), get().timelineEntries, window.entries) });
      } catch (error) {
        if (current()) set({ timelineStatus: "failed", timelineError: toErrorInfo(error) });
      }
    },

    async showTimelineRows(first, last) {
      const { selectedThread: thread, timelineLayout: layout, timelineEntries } = get();
      if (!thread || !layout) return;
      const range = missingRange(layout, timelineEntries, first, last);
      if (!range) return;
      // Whole windows on a grid, so overlapping scrolls ask for the same window once.
      const offset = Math.max(0, Math.floor(range.first / WINDOW) * WINDOW);
      const limit = Math.min(1000, Math.ceil((range.last + 1 - offset) / WINDOW) * WINDOW);
      if (fetching.has(offset)) return;
      fetching.add(offset);
      try {
        const window = await client.getTimelineWindow({ ...threadArgs(thread), offset, limit });
        // A window of an older layout (the thread changed meanwhile) says nothing about this one's rows.
        if (!fetching.has(offset) || get().timelineLayout !== layout || !isSelected(thread)) return;
        set({ timelineEntries: mergeEntries(new Map(get().timelineEntries), get().timelineEntries, window.entries) });
      } catch {
        // The list asks again when it scrolls; a failed window leaves its rows as placeholders.
      } finally {
        fetching.delete(offset);
      }
    },

    appendTimelineEntry(threadId, entry) {
      const { selectedThread: thread, timelineLayout: layout, timelineEntries } = get();
      if (!thread || thread.threadId !== threadId || thread.namespace !== "" || !layout) return false;
      if (layout.indexById.has(entry.checkpointId)) {
        set({ timelineEntries: mergeEntries(new Map(timelineEntries), timelineEntries, [entry]) });
        return true;
      }
      const next = appendRow(layout, entry.checkpointId, entry.parentId);
      if (!next) return false;
      timelineEntries.set(entry.checkpointId, entry);
      set({ timelineLayout: next, timelineHeadId: entry.checkpointId });
      return true;
    },

    clearThreadViews() {
      request.take();
      pendingSelect = null;
      fetching.clear();
      set({ timelineEntries: new Map(), timelineLayout: null, timelineHeadId: null, timelineStatus: "idle", timelineError: null });
      get().clearGraph();
      get().clearInspector();
    },
  };
};
