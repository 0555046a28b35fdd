/**
 * Runs started from the app (replay, fork, resume): starting and stopping them, and folding their live
 * events into progress. Runs are kept by run id and shown per thread (renderer/model/run-registry.ts), so
 * a finished run never holds back the next one and a banner shows only on its own thread. While a run's
 * thread is selected the timeline follows each new checkpoint: the event carries its row, which is
 * appended (the timeline is asked for again only when the row starts a new branch or did not come).
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import type { RunEvent, RunMode } from "../../core/api/types.ts";
import { isActive, type RunProgress } from "../model/run-progress.ts";
import { applyRunEvent, dismissThreadRun, EMPTY_RUNS, registerRun, runOfThread, type RunRegistry } from "../model/run-registry.ts";
import { threadArgs } from "../../core/api/thread-key.ts";
import type { SliceCreator } from "./types.ts";

export interface RunSlice {
  /** Runs by id, and the run each thread shows. Read it through selectRun / selectRunActive. */
  runs: RunRegistry;
  /** Threads (by id) whose startRun request is awaiting its answer. */
  runsStarting: ReadonlySet<string>;
  /** Why the last start or stop failed (graph module failing, mismatching...). */
  runError: ErrorInfo | null;
  /**
   * Start a run on the selected thread from the selected checkpoint (resume: from the waiting interrupt).
   * `skipBreakpoints`: graph breakpoints left out of this run (Continue past the one the thread stopped at).
   */
  startRun(mode: RunMode, resumeValue?: unknown, options?: { skipBreakpoints?: readonly string[]; input?: Record<string, unknown> }): Promise<boolean>;
  /** Stop the selected thread's run, if it is in flight. */
  stopRun(): Promise<void>;
  handleRunEvent(event: RunEvent): void;
  /** Close the selected thread's banner once its run has ended. */
  dismissRun(): void;
  /** Forget every run: another database is open (the backend stopped the old database's runs). */
  clearRuns(): void;
}

export const createRunSlice: SliceCreator<RunSlice> = (client) => (set, get) => {
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  const refreshRunThread = (run: RunProgress, select: string | null) => {
    const thread = get().selectedThread;
    if (!thread || thread.threadId !== run.threadId) return;
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void get().loadTimeline(thread, { select });
    }, 50);
  };

  /** Follow a run's new checkpoints on screen (`appended`: its row is in the timeline already), and reload what it changed once it ends. */
  const follow = (before: RunProgress | null, after: RunProgress, appended = false) => {
    const newest = after.checkpoints[after.checkpoints.length - 1] ?? null;
    if (newest !== null && after.checkpoints.length > (before?.checkpoints.length ?? 0) && isActive(after)) {
      if (appended) get().selectCheckpoint(newest);
      else refreshRunThread(after, newest);
    }
    if ((before === null || isActive(before)) && !isActive(after)) {
      const thread = get().selectedThread;
      // Every row the run wrote was appended: only the rows around the selection are read again.
      if (!refreshTimer && thread?.threadId === after.threadId && (newest === null || get().timelineLayout?.indexById.has(newest))) void get().refreshTimeline(thread);
      else refreshRunThread(after, newest);
      void get().loadThreads();
      void get().refreshDatabase();
      get().invalidateCheckpoints();
      const selected = get().selectedCheckpointId;
      if (selected) void get().loadCheckpoint(selected, { fresh: true });
    }
  };

  const setStarting = (threadId: string, starting: boolean) => {
    const next = new Set(get().runsStarting);
    if (starting) next.add(threadId);
    else next.delete(threadId);
    set({ runsStarting: next });
  };

  return {
    runs: EMPTY_RUNS,
    runsStarting: new Set(),
    runError: null,

    async startRun(mode, resumeValue, options) {
      const { selectedThread: thread, selectedCheckpointId: checkpointId, graphView } = get();
      if (!thread || isActive(runOfThread(get().runs, thread.threadId)) || get().runsStarting.has(thread.threadId)) return false;
      const skip = new Set(options?.skipBreakpoints ?? []);
      const breakpoints = (graphView ? (get().breakpoints[graphView.name] ?? []) : []).filter((node) => !skip.has(node));
      set({ runError: null });
      setStarting(thread.threadId, true);
      try {
        const { runId } = await client.startRun({
          ...threadArgs(thread),
          mode,
          ...(mode !== "resume" && checkpointId ? { checkpointId } : {}),
          ...(mode === "resume" ? { resumeValue: resumeValue ?? null } : {}),
          ...(mode === "fork" && options?.input ? { input: options.input } : {}),
          ...(breakpoints.length > 0 ? { breakpoints } : {}),
        });
        const runs = registerRun(get().runs, runId, thread.threadId);
        set({ runs });
        setStarting(thread.threadId, false);
        follow(null, runs.runs.get(runId)!);
        return true;
      } catch (error) {
        setStarting(thread.threadId, false);
        set({ runError: toErrorInfo(error) });
        return false;
      }
    },

    async stopRun() {
      const run = runOfThread(get().runs, get().selectedThread?.threadId);
      if (!run || !isActive(run)) return;
      try {
        await client.stopRun({ runId: run.runId });
      } catch (error) {
        set({ runError: toErrorInfo(error) });
      }
    },

    handleRunEvent(event) {
      const before = get().runs;
      const runs = applyRunEvent(before, event);
      if (runs === before) return;
      // The new checkpoint's row, appended before the run's progress moves, so following it finds it.
      const appended = event.type === "checkpoint" && event.entry !== undefined && get().appendTimelineEntry(event.threadId, event.entry);
      set({ runs });
      const after = runs.runs.get(event.runId);
      if (after) follow(before.runs.get(event.runId) ?? null, after, appended);
    },

    dismissRun() {
      const thread = get().selectedThread;
      if (!thread) return;
      const runs = dismissThreadRun(get().runs, thread.threadId);
      if (runs !== get().runs) set({ runs, runError: null });
    },

    clearRuns() {
      set({ runs: EMPTY_RUNS, runsStarting: new Set(), runError: null });
    },
  };
};
