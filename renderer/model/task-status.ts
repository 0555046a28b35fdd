/**
 * What one task row of the Tasks tab says, decided once so it never contradicts itself: a task whose
 * step completed is "done" (its writes are in the next checkpoint), a task that finished while its step
 * did not is "finished" (its result waits for the step), and a later success wins over an earlier
 * failure. Also: which failed task leads a failed step's banner (the root cause, not the siblings that
 * were aborted or cancelled because of it).
 */
import type { TaskView } from "../../core/api/types.ts";

export type TaskStatusKind = "done" | "finished" | "failed" | "aborted" | "waiting" | "next";

export interface TaskStatus {
  kind: TaskStatusKind;
  /** Words for the row, e.g. "done", "finished; its result waits for the step to complete". */
  label: string;
  /** An earlier attempt failed before the task succeeded (the error is shown as history, not as the status). */
  failedBefore: boolean;
}

/** An error that reports a cancellation (a sibling's failure or a stop), not a fault of the task itself. */
export function isAbortError(error: { name: string; message: string } | undefined): boolean {
  if (!error) return false;
  if (/^(AbortError|CancelledError|CancellationError)$/.test(error.name)) return true;
  return /^(this|the) operation was (aborted|cancell?ed)\.?$|^aborted\.?$/i.test(error.message.trim());
}

/** The status of one task row (see the file comment). */
export function taskStatus(task: TaskView): TaskStatus {
  const finished = task.result !== undefined;
  const failedBefore = finished && task.error !== undefined;
  if (finished && task.stepCompleted) return { kind: "done", label: failedBefore ? "done, after a failed attempt" : "done", failedBefore };
  if (finished) return { kind: "finished", label: `finished${failedBefore ? ", after a failed attempt" : ""}; its result waits for the step to complete`, failedBefore };
  if (task.error) return isAbortError(task.error) ? { kind: "aborted", label: "aborted", failedBefore: false } : { kind: "failed", label: "failed", failedBefore: false };
  if (task.interrupts.length > 0) return { kind: "waiting", label: "waits for input", failedBefore: false };
  if (task.stepCompleted) return { kind: "done", label: "done, wrote nothing", failedBefore: false };
  return { kind: "next", label: "runs next", failedBefore: false };
}

/**
 * The tasks of a step with the root causes first: tasks that failed on their own, then aborted or
 * cancelled ones, then the rest, each group in its original order.
 */
export function rootCauseFirst<T extends TaskView>(tasks: readonly T[]): T[] {
  const rank = (task: T) => {
    const status = taskStatus(task).kind;
    return status === "failed" ? 0 : status === "aborted" ? 1 : 2;
  };
  return tasks
    .map((task, index) => ({ task, index }))
    .sort((a, b) => rank(a.task) - rank(b.task) || a.index - b.index)
    .map(({ task }) => task);
}

/**
 * A failed step's banner: the failed node names with the root cause first, and the message of the
 * root cause ("" until the checkpoint's tasks are loaded). `failed` are the entry's failed node names.
 */
export function failureHeadline(failed: readonly string[], tasks: readonly TaskView[] | undefined): { names: string[]; message: string } {
  const ordered = rootCauseFirst((tasks ?? []).filter((task) => task.error && failed.includes(task.name)));
  return { names: [...new Set([...ordered.map((task) => task.name), ...failed])], message: ordered[0]?.error?.message ?? "" };
}
