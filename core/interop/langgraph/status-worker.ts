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

/**
 * The thread list's root heads in shared memory: each head's three fields as UTF-8, one after another in
 * `text`, and where each field ends in `ends` (Int32, three a head). Handed to the worker as is (no copy of
 * 100,000 tuples of strings into its heap, nor a structured clone of them on either side); both threads
 * read a head back with headAt().
 */
export interface PackedHeads {
  text: SharedArrayBuffer;
  ends: SharedArrayBuffer;
}

/** Pack `count` heads, the one at `at` given by `keyAt(at)`. */
export function packHeads(count: number, keyAt: (at: number) => HeadKey): PackedHeads {
  const ends = new Int32Array(new SharedArrayBuffer(4 * 3 * count));
  let size = 0;
  for (let at = 0; at < count; at += 1) {
    const key = keyAt(at);
    for (let field = 0; field < 3; field += 1) ends[3 * at + field] = size += Buffer.byteLength(key[field]!);
  }
  const text = Buffer.from(new SharedArrayBuffer(size));
  for (let at = 0, from = 0; at < count; at += 1) {
    const key = keyAt(at);
    for (let field = 0; field < 3; field += 1) from += text.write(key[field]!, from);
  }
  return { text: text.buffer as SharedArrayBuffer, ends: ends.buffer as SharedArrayBuffer };
}

/** Reads heads back from a PackedHeads (views made once; each head is decoded when asked). */
export class HeadList {
  private readonly text: Buffer;
  private readonly ends: Int32Array;
  constructor(packed: PackedHeads) {
    this.text = Buffer.from(packed.text);
    this.ends = new Int32Array(packed.ends);
  }

  get length(): number {
    return this.ends.length / 3;
  }

  /** The head at `at` in the list. */
  at(at: number): HeadKey {
    const field = (n: number) => this.text.toString("utf8", n === 0 ? 0 : this.ends[n - 1]!, this.ends[n]!);
    return [field(3 * at), field(3 * at + 1), field(3 * at + 2)];
  }
}

/** What the worker is started with. */
export interface StatusWorkerData {
  chronographStatusWorker: true;
  file: string;
  /** The whole thread list's root heads (packHeads), in its order. */
  heads: PackedHeads;
  /** Int32 positions in that list of the heads to decide, ascending (those the sidecar cache knows, and those the warm-up is reading, are left out). */
  places: SharedArrayBuffer;
  /** One Int32: the list position below which the main thread decides (the worker stops there). */
  reach: SharedArrayBuffer;
  slice: number;
}

/** One slice's answers: the statuses of the heads at places[from], places[from + 1], ... of StatusWorkerData (null: the head is no longer in the file). */
export interface StatusWorkerSlice {
  from: number;
  statuses: Array<ThreadStatus | null>;
}

/** The worker's loop, apart from the thread it runs in (tests call it directly). */
export function decideFromTheEnd(statuses: HeadStatuses, heads: HeadList, places: ArrayLike<number>, reach: Int32Array, slice: number, post: (answer: StatusWorkerSlice) => void): void {
  for (let end = places.length; end > 0; end -= slice) {
    const from = Math.max(0, end - slice);
    if (places[from]! < Atomics.load(reach, 0)) return;
    const slicePlaces = Array.from({ length: end - from }, (_, at) => places[from + at]!);
    const answers = statuses.statuses(slicePlaces.map((place) => heads.at(place)).map(([threadId, namespace, headId]) => ({ threadId, entry: { namespace, headId } })));
    post({ from, statuses: answers });
  }
}

function run(data: StatusWorkerData): void {
  const db = openRawDatabase(data.file, { readonly: true });
  try {
    // Each head is read once: SQLite's default 2 MB page cache (better-sqlite3 asks 16 MB) keeps the B-trees' upper pages.
    db.run("PRAGMA cache_size = -2000");
    decideFromTheEnd(new HeadStatuses(db, "js"), new HeadList(data.heads), new Int32Array(data.places), new Int32Array(data.reach), data.slice, (answer) => parentPort!.postMessage(answer));
  } finally {
    db.close();
  }
}

if (!isMainThread && (workerData as Partial<StatusWorkerData> | null)?.chronographStatusWorker === true) run(workerData as StatusWorkerData);
