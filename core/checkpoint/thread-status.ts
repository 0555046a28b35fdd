/**
 * How a thread's newest checkpoint reads as a status. One function, shared by every store, so the app
 * and `listThreads()` agree whichever store wrote the data.
 */
import { taskStates } from "./task-state.ts";
import type { CheckpointRecord, PendingWrite, ThreadStatus } from "./types.ts";

export function threadStatus(record: Pick<CheckpointRecord, "tasks" | "interrupt">, pendingWrites: readonly PendingWrite[]): ThreadStatus {
  const latest = new Set([...taskStates(pendingWrites).values()].map((state) => state.latest));
  if (latest.has("error")) return "error";
  if (latest.has("interrupt") || (record.interrupt && pendingWrites.length === 0)) return "interrupted";
  return record.tasks.length === 0 ? "done" : "pending";
}

/** The node(s) that wrote a checkpoint, comma-joined in name order; null when no node wrote it. */
export function lastNodeOf(record: Pick<CheckpointRecord, "writes" | "source">): string | null {
  if (!record.writes || record.source === "input") return null;
  const nodes = Object.keys(record.writes).sort();
  return nodes.length > 0 ? nodes.join(",") : null;
}
