/**
 * `chronograph inspect`: every thread of a database with every checkpoint in full, for scripts and CI,
 * and a short human-readable summary of the same. Both are written piece by piece (a thread header,
 * then one checkpoint at a time) to a sink that may wait, so memory stays flat on any history length.
 */
import type { CheckpointView, InspectOutput } from "../api/types.ts";
import { inspectDatabase } from "../interop/index.ts";
import { countInspectThreads, type InspectOptions, walkInspect } from "../interop/inspect.ts";
import { KIND_NAMES, openHistorySource } from "./sources.ts";

/** Takes the next piece of output; resolves when the reader is ready for more (backpressure). */
export type Sink = (text: string) => Promise<void> | void;

/**
 * Read the whole database read-only, whatever its kind (interop's inspectDatabase over its reader):
 * threads by id, then namespace; checkpoints newest first. Throws the reader's coded errors naming the file.
 */
export async function inspectFile(path: string, options: InspectOptions = {}): Promise<InspectOutput> {
  const source = await openHistorySource(path);
  try {
    return await inspectDatabase(source, options);
  } finally {
    await source.close();
  }
}

const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);

/**
 * Write `inspect --json` to `sink`: the same document as JSON.stringify(inspectFile(path), null, 2),
 * `{ kind, threads: [ { threadId, namespace, checkpoints: [...] } ] }`, without ever holding it whole.
 */
export async function writeInspectJson(path: string, options: InspectOptions, sink: Sink): Promise<void> {
  const source = await openHistorySource(path);
  try {
    await sink(`{\n  "kind": ${JSON.stringify(source.kind)},\n  "threads": [`);
    let threads = 0;
    let checkpoints = 0;
    // Every piece keeps the document valid JSON once the last one is written (whitespace aside).
    await walkInspect(source, options, {
      thread: async (key) => {
        const head = `${threads > 0 ? "\n      ]\n    }," : ""}\n    {\n      "threadId": ${JSON.stringify(key.threadId)},\n      "namespace": ${JSON.stringify(key.namespace)},\n      "checkpoints": [`;
        threads += 1;
        checkpoints = 0;
        await sink(head);
      },
      checkpoint: async (view) => {
        await sink(`${checkpoints > 0 ? "," : ""}\n        ${indent(JSON.stringify(view, null, 2), "        ")}`);
        checkpoints += 1;
      },
    });
    await sink(threads > 0 ? "\n      ]\n    }\n  ]\n}\n" : "]\n}\n");
  } finally {
    await source.close();
  }
}

/** One line per checkpoint, then one indented line per problem met while reading it. */
function describeCheckpoint(view: CheckpointView): string[] {
  const wrote = view.writers.length > 0 ? view.writers.join(",") : view.source === "input" ? "(input)" : "-";
  const next = view.next.length > 0 ? view.next.join(",") : "(end)";
  const marks = [...view.errors.map((node) => `error in ${node}`), ...[...view.interrupted, ...(view.breakpoint?.nodes ?? [])].map((node) => `waiting at ${node}`)];
  const line = `  step ${String(view.step).padStart(3)}  ${view.source.padEnd(6)} ${wrote.padEnd(20)} -> ${next.padEnd(20)} ${view.checkpointId}${marks.length ? `  [${marks.join("; ")}]` : ""}`;
  return [line, ...(view.warnings ?? []).map((warning) => `             warning: ${warning}`)];
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/**
 * A few lines per thread (any kind of database): its checkpoints newest first, with writers, next nodes,
 * errors, interrupts and the warnings met while reading them. Written to `sink` as it is read.
 */
export async function writeInspectText(path: string, options: InspectOptions, sink: Sink): Promise<void> {
  const source = await openHistorySource(path);
  try {
    const threads = await countInspectThreads(source, options.threadId);
    await sink(`${path}: ${KIND_NAMES[source.kind]} database, ${plural(threads, "thread")}\n`);
    await walkInspect(source, { ...options, values: "none" }, {
      thread: (key, count) => sink(`\nthread ${key.threadId}${key.namespace ? ` (namespace ${key.namespace})` : ""}: ${plural(count, "checkpoint")}\n`),
      checkpoint: (view) => sink(`${describeCheckpoint(view).join("\n")}\n`),
    });
  } finally {
    await source.close();
  }
}

/** The text form of an output already in memory (the same lines writeInspectText streams). */
export function formatInspect(path: string, output: InspectOutput): string {
  const lines = [`${path}: ${KIND_NAMES[output.kind]} database, ${plural(output.threads.length, "thread")}`];
  for (const thread of output.threads) {
    const namespace = thread.namespace ? ` (namespace ${thread.namespace})` : "";
    lines.push("", `thread ${thread.threadId}${namespace}: ${plural(thread.checkpoints.length, "checkpoint")}`);
    for (const view of thread.checkpoints) lines.push(...describeCheckpoint(view));
  }
  return lines.join("\n");
}
