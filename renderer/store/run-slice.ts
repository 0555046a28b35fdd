/**
 * Runs started from the app (replay, fork, resume): starting and stopping them, and folding their live
 * events into progress. While the run's thread is selected the timeline follows each new checkpoint.
 */
import type { ErrorInfo } from "../../core/api/errors.ts";
import type { RunEvent, RunMode } from "../../core/api/types.ts";
import { foldRunEvent, isActive, startProgress, type RunProgress } from "../model/run-progress.ts";
import { toErrorInfo } from "./errors.ts";
import { threadArgs } from "./thread-key.ts";
import type { SliceCreator } from "./types.ts";

export interface RunSlice {
  run: RunProgress | null;
  runStarting: boolean;
  /** Why the last start or stop failed (graph module failing, mismatching...). */
  runError: ErrorInfo | null;
  /** Start a run on the selected thread from the selected checkpoint (resume: from the waiting interrupt). */
  startRun(mode: RunMode, resumeValue?: unknown): Promise<boolean>;
  stopRun(): Promise<void>;
  handleRunEvent(event: RunEvent): void;
  dismissRun(): void;
}

export const createRunSlice: SliceCreator<RunSlice> = (client) => (set, get) => {
  // Events can arrive before startRun's answer: keep them until the run id is known.
  let early: RunEvent[] = [];
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  const refreshRunThread = (select?: string | null) => {
    const thread = get().selectedThread;
    const run = get().run;
    if (!thread || !run || thread.threadId !== run.threadId) return;
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void get().loadTimeline(thread, { select: select ?? null });
    }, 50);
  };

  return {
    run: null,
    runStarting: false,
    runError: null,

    async startRun(mode, resumeValue) {
      const { selectedThread: thread, selectedCheckpointId: checkpointId, graphView } = get();
      if (!thread || isActive(get().run) || get().runStarting) return false;
      const breakpoints = graphView ? (get().breakpoints[graphView.name] ?? []) : [];
      set({ runStarting: true, runError: null });
      early = [];
      try {
        const { runId } = await client.startRun({
          ...threadArgs(thread),
          mode,
          ...(mode !== "resume" && checkpointId ? { checkpointId } : {}),
          ...(mode === "resume" ? { resumeValue: resumeValue ?? null } : {}),
          ...(breakpoints.length > 0 ? { breakpoints } : {}),
        });
        let progress = startProgress(runId, thread.threadId);
        for (const event of early) progress = foldRunEvent(progress, event);
        early = [];
        set({ run: progress, runStarting: false });
        if (!isActive(progress)) get().handleRunEvent({ runId, threadId: thread.threadId, type: "started", fromCheckpointId: null });
        return true;
      } catch (error) {
        set({ runStarting: false, runError: toErrorInfo(error) });
        return false;
      }
    },

    async stopRun() {
      const run = get().run;
      if (!run || !isActive(run)) return;
      try {
        await client.stopRun({ runId: run.runId });
      } catch (error) {
        set({ runError: toErrorInfo(error) });
      }
    },

    handleRunEvent(event) {
      const run = get().run;
      if (!run) {
        if (get().runStarting) early.push(event);
        return;
      }
      const next = foldRunEvent(run, event);
      if (next !== run) set({ run: next });
      if (event.runId !== next.runId) return;
      if (event.type === "checkpoint") refreshRunThread(event.checkpointId);
      if (!isActive(next)) {
        const finalId = event.type === "finished" ? event.checkpointId : null;
        refreshRunThread(finalId ?? next.checkpoints[next.checkpoints.length - 1] ?? null);
        void get().loadThreads();
        void get().refreshDatabase();
        get().invalidateCheckpoints();
        const selected = get().selectedCheckpointId;
        if (selected) void get().loadCheckpoint(selected, { fresh: true });
      }
    },

    dismissRun() {
      if (!isActive(get().run)) set({ run: null, runError: null });
    },
  };
};
