/**
 * `chronograph inspect`: every thread of a database with every checkpoint in full, for scripts and CI,
 * and a short human-readable summary of the same.
 */
import type { CheckpointView, InspectOutput } from "../api/types.ts";
import { KIND_NAMES, openHistorySource } from "./sources.ts";

/**
 * Read the whole database read-only: threads most recently updated first, checkpoints newest first.
 * Throws the reader's coded errors naming the file.
 */
export async function inspectDatabase(path: string): Promise<InspectOutput> {
  const source = await openHistorySource(path);
  try {
    const threads: InspectOutput["threads"] = [];
    for (const row of await source.listThreads()) {
      const key = { threadId: row.threadId, namespace: row.namespace };
      threads.push({ ...key, checkpoints: await source.listCheckpointViews(key) });
    }
    return { kind: source.kind, threads };
  } finally {
    await source.close();
  }
}

function describeCheckpoint(view: CheckpointView): string {
  const wrote = view.writers.length > 0 ? view.writers.join(",") : view.source === "input" ? "(input)" : "-";
  const next = view.next.length > 0 ? view.next.join(",") : "(end)";
  const marks = [...view.errors.map((node) => `error in ${node}`), ...view.interrupted.map((node) => `waiting at ${node}`)];
  return `  step ${String(view.step).padStart(3)}  ${view.source.padEnd(6)} ${wrote.padEnd(20)} -> ${next.padEnd(20)} ${view.checkpointId}${marks.length ? `  [${marks.join("; ")}]` : ""}`;
}

/** A few lines per thread: its checkpoints newest first, with writers, next nodes, errors and interrupts. */
export function formatInspect(path: string, output: InspectOutput): string {
  const lines = [`${path}: ${KIND_NAMES[output.kind]} database, ${output.threads.length} thread${output.threads.length === 1 ? "" : "s"}`];
  for (const thread of output.threads) {
    const namespace = thread.namespace ? ` (namespace ${thread.namespace})` : "";
    lines.push("", `thread ${thread.threadId}${namespace}: ${thread.checkpoints.length} checkpoint${thread.checkpoints.length === 1 ? "" : "s"}`);
    for (const view of thread.checkpoints) lines.push(describeCheckpoint(view));
  }
  return lines.join("\n");
}
