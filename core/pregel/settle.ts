/**
 * What a superstep's settled tasks leave behind, as pending writes on the checkpoint the step started
 * from: pure functions over outcomes and saved writes, used by the loop (loop.ts) to stop a step, to
 * blame a failed write, and to resume a step whose tasks partly finished before a crash.
 */
import { ChronographError } from "../api/errors.ts";
import { taskStates } from "../checkpoint/task-state.ts";
import type { PendingWrite, TaskSpec, TaskUpdate } from "../checkpoint/types.ts";
import type { FinishedTask } from "./decide.ts";
import { describeError, type TaskOutcome } from "./runner.ts";

/**
 * A step where some task failed or was interrupted: every outcome as a pending write (results not
 * already saved early, errors, interrupts), so a resume re-runs only what did not finish.
 */
export function failureWrites(outcomes: readonly TaskOutcome[], saved: ReadonlySet<string>): PendingWrite[] {
  const writes: PendingWrite[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === "done" && !saved.has(outcome.task.id)) writes.push(updateWrite(outcome.task, outcome.result));
    if (outcome.status === "error") writes.push({ taskId: outcome.task.id, node: outcome.task.node, kind: "error", value: describeError(outcome.error) });
    if (outcome.status === "interrupt") writes.push({ taskId: outcome.task.id, node: outcome.task.node, kind: "interrupt", value: outcome.interrupt });
  }
  return writes;
}

/**
 * Every node finished, but their writes could not be applied (an unknown channel, a value JSON cannot
 * hold, two writes to one last-value channel). Record it as the step's failure, on the node the error
 * names (or on every node of the step when it names none), so the checkpoint shows what went wrong
 * and a resume re-runs only those nodes.
 */
export function blameWrites(error: unknown, outcomes: readonly TaskOutcome[], saved: ReadonlySet<string>): PendingWrite[] {
  const named = error instanceof ChronographError ? error.subject?.node : undefined;
  const blamed = (outcome: TaskOutcome) => named === undefined || outcome.task.node === named;
  const writes: PendingWrite[] = [];
  for (const outcome of outcomes) {
    if (outcome.status !== "done") continue;
    if (blamed(outcome)) writes.push({ taskId: outcome.task.id, node: outcome.task.node, kind: "error", value: describeError(error) });
    else if (!saved.has(outcome.task.id)) writes.push(updateWrite(outcome.task, outcome.result));
  }
  return writes;
}

/** The tasks saved early in a superstep without an early saver (a lone task): none. */
export const NOTHING_SAVED: ReadonlySet<string> = new Set();

/** What settledTasks says of a checkpoint without pending writes (every superstep of a run that goes on): nothing. */
const NOTHING_SETTLED: { finished: readonly FinishedTask[]; done: ReadonlySet<string>; resumes: ReadonlyMap<string, unknown[]> } = {
  finished: [],
  done: new Set(),
  resumes: new Map(),
};

/** Which planned tasks already finished (saved before a crash or failure) and what resumes await others. */
export function settledTasks(pendingWrites: readonly PendingWrite[]) {
  if (pendingWrites.length === 0) return NOTHING_SETTLED;
  const finished: FinishedTask[] = [];
  const done = new Set<string>();
  const resumes = new Map<string, unknown[]>();
  for (const state of taskStates(pendingWrites).values()) {
    if (state.result) {
      done.add(state.taskId);
      finished.push({ task: { id: state.taskId, node: state.node }, result: state.result });
    }
    if (state.resumes) resumes.set(state.taskId, state.resumes);
  }
  return { finished, done, resumes };
}

export function updateWrite(task: TaskSpec, result: TaskUpdate): PendingWrite {
  return { taskId: task.id, node: task.node, kind: "update", value: result };
}

