/**
 * Module-scope selectors (STYLE 4.3): each returns a primitive, a stable object from the store, or an
 * id list, so components re-render only when what they show changes.
 */
import type { CheckpointEntry, CheckpointView } from "../../core/api/types.ts";
import { isActive } from "../model/run-progress.ts";
import { runOfThread } from "../model/run-registry.ts";
import type { AppState } from "./types.ts";

export const selectDatabase = (s: AppState) => s.database;
export const selectVisibleThreadKeys = (s: AppState) => s.visibleThreadKeys;
export const selectThreadOrder = (s: AppState) => s.threadOrder;
export const selectSelectedCheckpointId = (s: AppState) => s.selectedCheckpointId;
export const selectTimelineLayout = (s: AppState) => s.timelineLayout;
export const selectGraphView = (s: AppState) => s.graphView;
/** The selected thread's run (in flight or ended and not yet dismissed), or null. */
export const selectRun = (s: AppState) => runOfThread(s.runs, s.selectedThread?.threadId);
/** Whether the selected thread has a run in flight (its Replay, Fork and Resume wait for it). */
export const selectRunActive = (s: AppState) => isActive(selectRun(s));
/** Whether a start request for the selected thread awaits its answer. */
export const selectRunStarting = (s: AppState) => s.selectedThread !== null && s.runsStarting.has(s.selectedThread.threadId);

export const selectSelectedEntry = (s: AppState): CheckpointEntry | null =>
  s.selectedCheckpointId === null ? null : (s.timelineEntries.get(s.selectedCheckpointId) ?? null);

export const selectSelectedView = (s: AppState): CheckpointView | null =>
  s.selectedCheckpointId === null ? null : (s.checkpointViews.get(s.selectedCheckpointId) ?? null);

export const selectSelectedThreadRow = (s: AppState) => (s.selectedThreadKey === null ? null : (s.threadRows.get(s.selectedThreadKey) ?? null));

/** Breakpoints of the graph on screen. */
const NONE: string[] = [];
export const selectBreakpoints = (s: AppState): string[] => (s.graphView ? (s.breakpoints[s.graphView.name] ?? NONE) : NONE);

/** Live node states, only while a run of the selected thread is in flight. */
export const selectLiveNodes = (s: AppState) => {
  const run = selectRun(s);
  return run && isActive(run) ? run.nodes : null;
};

/** The diff's start: the chosen compare-with checkpoint, or the parent. */
export const selectCompareFrom = (s: AppState): string | null => s.compareFromId ?? selectSelectedEntry(s)?.parentId ?? null;
