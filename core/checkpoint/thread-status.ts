/**
 * How a thread's newest checkpoint reads as a status. One function, shared by every store, so the app
 * and `listThreads()` agree whichever store wrote the data.
 */
import { START } from "../api/nodes.ts";
import { taskStates } from "./task-state.ts";
import type { CheckpointRecord, PendingWrite, ThreadStatus } from "./types.ts";

export function threadStatus(record: Pick<CheckpointRecord, "tasks" | "breakpoint">, pendingWrites: readonly PendingWrite[]): ThreadStatus {
  // A checkpoint just written has no pending writes: every put asks this.
  if (pendingWrites.length === 0) return record.breakpoint ? "interrupted" : record.tasks.length === 0 ? "done" : "pending";
  const latest = new Set([...taskStates(pendingWrites).values()].map((state) => state.latest));
  if (latest.has("error")) return "error";
  if (latest.has("interrupt") || (record.breakpoint && pendingWrites.length === 0)) return "interrupted";
  return record.tasks.length === 0 ? "done" : "pending";
}

/** The nodes whose writes made a checkpoint, in name order; empty for input and fork checkpoints (START is no writer). */
export function writersOf(record: Pick<CheckpointRecord, "writes">): string[] {
  return Object.keys(record.writes ?? {})
    .filter((node) => node !== START)
    .sort();
}

/** How a threads table stores the head's writers: comma-joined, null when there are none. */
export function writersColumn(writers: readonly string[]): string | null {
  return writers.length > 0 ? writers.join(",") : null;
}

/** The writers stored by writersColumn. */
export function writersFromColumn(column: string | null): string[] {
  return column ? column.split(",") : [];
}
