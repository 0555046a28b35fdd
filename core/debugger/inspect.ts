/**
 * `chronograph inspect`: every thread of a database with every checkpoint in full, for scripts and CI,
 * and a short human-readable summary of the same.
 */
import type { CheckpointView, InspectOutput } from "../api/types.ts";
import { inspectDatabase } from "../interop/index.ts";
import { KIND_NAMES, openHistorySource } from "./sources.ts";

/**
 * Read the whole database read-only, whatever its kind (interop's inspectDatabase over its reader):
 * threads by id, then namespace; checkpoints newest first. Throws the reader's coded errors naming the file.
 */
export async function inspectFile(path: string): Promise<InspectOutput> {
  const source = await openHistorySource(path);
  try {
    return await inspectDatabase(source);
  } finally {
    await source.close();
  }
}

/** One line per checkpoint, then one indented line per problem met while reading it. */
function describeCheckpoint(view: CheckpointView): string[] {
  const wrote = view.writers.length > 0 ? view.writers.join(",") : view.source === "input" ? "(input)" : "-";
  const next = view.next.length > 0 ? view.next.join(",") : "(end)";
  const marks = [...view.errors.map((node) => `error in ${node}`), ...view.interrupted.map((node) => `waiting at ${node}`)];
  const line = `  step ${String(view.step).padStart(3)}  ${view.source.padEnd(6)} ${wrote.padEnd(20)} -> ${next.padEnd(20)} ${view.checkpointId}${marks.length ? `  [${marks.join("; ")}]` : ""}`;
  return [line, ...(view.warnings ?? []).map((warning) => `             warning: ${warning}`)];
}

/**
 * A few lines per thread (any kind of database): its checkpoints newest first, with writers, next nodes,
 * errors, interrupts and the warnings met while reading them.
 */
export function formatInspect(path: string, output: InspectOutput): string {
  const lines = [`${path}: ${KIND_NAMES[output.kind]} database, ${output.threads.length} thread${output.threads.length === 1 ? "" : "s"}`];
  for (const thread of output.threads) {
    const namespace = thread.namespace ? ` (namespace ${thread.namespace})` : "";
    lines.push("", `thread ${thread.threadId}${namespace}: ${thread.checkpoints.length} checkpoint${thread.checkpoints.length === 1 ? "" : "s"}`);
    for (const view of thread.checkpoints) lines.push(...describeCheckpoint(view));
  }
  return lines.join("\n");
}
