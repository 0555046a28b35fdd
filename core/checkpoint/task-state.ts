/**
 * Where each planned task of a checkpoint stands, read from the pending writes saved against it. The one
 * rule: a task's writes are read in the order they were saved, and its newest write says its state
 * (finished, failed, waiting on an interrupt, resumed). The loop (which tasks still run, what resumes
 * await them), the snapshot (the task list users read), the thread status and the debugger all ask this.
 */
import type { InterruptInfo, PendingWrite, PendingWriteKind, TaskError, TaskUpdate } from "./types.ts";

export interface TaskState {
  taskId: string;
  node: string;
  /** The kind of the task's newest write: what the task's state is now. */
  latest: PendingWriteKind;
  /** What the task returned. Set once: a finished task is never run again, so its first result stands. */
  result?: TaskUpdate;
  /** The error of the task's latest failed attempt, until a result or an interrupt supersedes it. */
  error?: TaskError;
  /** Interrupts the task raised that no resume has answered yet, in the order raised. */
  interrupts: InterruptInfo[];
  /** The values of the task's newest resume write: what its interrupt() calls return, in order. */
  resumes?: unknown[];
}

/** Each task that has pending writes, by task id, in the order of its first write. */
export function taskStates(pendingWrites: readonly PendingWrite[]): Map<string, TaskState> {
  const states = new Map<string, TaskState>();
  const answered = new Map<string, Set<string>>();
  for (const write of pendingWrites) {
    let state = states.get(write.taskId);
    if (!state) {
      state = { taskId: write.taskId, node: write.node, latest: write.kind, interrupts: [] };
      states.set(write.taskId, state);
    }
    state.latest = write.kind;
    switch (write.kind) {
      case "update":
        state.result ??= write.value;
        delete state.error;
        state.interrupts = [];
        break;
      case "error":
        state.error = write.value;
        break;
      case "interrupt": {
        delete state.error;
        // An interrupt answered by an earlier resume is raised again when the task re-runs; it is not waiting.
        if (!answered.get(write.taskId)?.has(write.value.id)) state.interrupts.push(write.value);
        break;
      }
      case "resume": {
        const ids = answered.get(write.taskId) ?? new Set<string>();
        for (const info of state.interrupts) ids.add(info.id);
        answered.set(write.taskId, ids);
        state.interrupts = [];
        state.resumes = Array.isArray(write.value) ? write.value : [write.value];
        break;
      }
    }
  }
  return states;
}

/** The tasks whose newest write is an interrupt: what a resume answers. */
export function waitingTasks(pendingWrites: readonly PendingWrite[]): TaskState[] {
  return [...taskStates(pendingWrites).values()].filter((state) => state.latest === "interrupt");
}
