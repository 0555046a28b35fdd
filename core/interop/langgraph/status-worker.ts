/**
 * The status helper's worker thread (status-helper.ts): decides the root-head statuses of a LangGraph.js
 * file on a read-only connection of its own, with the same HeadStatuses the main thread uses, from the end
 * of the thread list backwards, a slice at a time, and posts each slice's answers. The main thread's
 * warm-up walks the same list from the front; the worker stops once its next slice lies below how far the
 * main thread got (`reach`, shared memory the main thread writes) or when the main thread ends it.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { ThreadStatus } from "../../api/types.ts";
import { openRawDatabase } from "../../storage/sqlite/raw.ts";
import { HeadStatuses } from "./status-sql.ts";

/** This file's name without its extension (status-helper.ts starts it as a worker). */
export const STATUS_WORKER_ENTRY = "status-worker";

/** A root head: thread id, namespace, head checkpoint id. */
export type HeadKey = readonly [threadId: string, namespace: string, headId: string];

/** What the worker is started with. */
export interface StatusWorkerData {
  chronographStatusWorker: true;
  file: string;
  /** The heads to decide, in the thread list's order (those the sidecar cache knows are left out). */
  heads: HeadKey[];
  /** Each head's position in the thread list (ascending). */
  places: number[];
  /** One Int32: the list position below which the main thread decides (the worker stops there). */
  reach: SharedArrayBuffer;
  slice: number;
}

/** One slice's answers: the statuses of heads[from], heads[from + 1], ... of StatusWorkerData (null: the head is no longer in the file). */
export interface StatusWorkerSlice {
  from: number;
  statuses: Array<ThreadStatus | null>;
}

/** The worker's loop, apart from the thread it runs in (tests call it directly). */
export function decideFromTheEnd(statuses: HeadStatuses, heads: readonly HeadKey[], places: readonly number[], reach: Int32Array, slice: number, post: (answer: StatusWorkerSlice) => void): void {
  for (let end = heads.length; end > 0; end -= slice) {
    const from = Math.max(0, end - slice);
    if (places[from]! < Atomics.load(reach, 0)) return;
    const answers = statuses.statuses(heads.slice(from, end).map(([threadId, namespace, headId]) => ({ threadId, entry: { namespace, headId } })));
    post({ from, statuses: answers });
  }
}

function run(data: StatusWorkerData): void {
  const db = openRawDatabase(data.file, { readonly: true });
  try {
    // Each head is read once: SQLite's default 2 MB page cache (better-sqlite3 asks 16 MB) keeps the B-trees' upper pages.
    db.run("PRAGMA cache_size = -2000");
    decideFromTheEnd(new HeadStatuses(db, "js"), data.heads, data.places, new Int32Array(data.reach), data.slice, (answer) => parentPort!.postMessage(answer));
  } finally {
    db.close();
  }
}

if (!isMainThread && (workerData as Partial<StatusWorkerData> | null)?.chronographStatusWorker === true) run(workerData as StatusWorkerData);
