/**
 * What ChronographSaver needs from a database, as rows. The SQLite file (sqlite-store.ts) is the one
 * implementation today; a PostgreSQL store implements the same interface (every method may return a
 * promise) and the saver does not change.
 */

/** One checkpoint: the checkpoint without its channel values, and its metadata, both serialized. */
export interface CheckpointRow {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_id: string | null;
  type: string;
  checkpoint: Uint8Array;
  metadata_type: string;
  metadata: Uint8Array;
}

/** One channel version: a whole value, or the items it appends to `base` (a version of the same channel). */
export interface ValueRow {
  channel: string;
  version: string;
  /** The version this one extends, null for a whole value. */
  base: string | null;
  /** How many leading items of `base` this version keeps before its own items. */
  base_len: number;
  /** Delta versions back to the nearest whole value; 0 for a whole value. */
  depth: number;
  /** Serialized bytes of the whole value (summed over the chain for a delta). */
  size: number;
  type: string;
  value: Uint8Array;
}

/** One pending write of a task against a checkpoint. */
export interface WriteRow {
  task_id: string;
  idx: number;
  channel: string;
  type: string;
  value: Uint8Array;
  task_path: string;
}

export interface CheckpointQuery {
  threadId?: string;
  ns?: string;
  checkpointId?: string;
  /** Only checkpoints whose id sorts before this one. */
  before?: string;
}

type Maybe<T> = T | Promise<T>;

export interface SaverStore {
  /** A label for errors: the file path (or, later, the server). */
  readonly where: string;
  /** The checkpoint with this id, or the newest of the thread's namespace when `checkpointId` is undefined. */
  checkpoint(threadId: string, ns: string, checkpointId: string | undefined): Maybe<CheckpointRow | undefined>;
  /** Checkpoints matching `query`, newest (largest id) first. */
  checkpoints(query: CheckpointQuery): Maybe<CheckpointRow[]>;
  /**
   * A stored channel version and the versions it extends, newest first, down to a whole value (or to
   * the first missing base). Empty when the version is not stored.
   */
  chain(threadId: string, ns: string, channel: string, version: string): Maybe<ValueRow[]>;
  /** The stored rows of these exact channel versions (only those, not the versions they extend), any order. */
  values(threadId: string, ns: string, versions: Array<{ channel: string; version: string }>): Maybe<ValueRow[]>;
  /** The checkpoint's pending writes in LangGraph's order: task path, task id, index. */
  writes(threadId: string, ns: string, checkpointId: string): Maybe<WriteRow[]>;
  /** Every stored channel version of a thread's namespace, for a history read (any order). */
  namespaceValues(threadId: string, ns: string): Maybe<ValueRow[]>;
  /** Every pending write of a thread's namespace, per checkpoint in LangGraph's order (as `writes`). */
  namespaceWrites(threadId: string, ns: string): Maybe<(WriteRow & { checkpoint_id: string })[]>;
  /** Store a checkpoint and the channel versions it introduced, all or nothing. Versions already stored are kept. */
  putCheckpoint(row: CheckpointRow, values: ValueRow[]): Maybe<void>;
  /**
   * Store pending writes, all or nothing. A write with a negative index (error, interrupt, resume...)
   * replaces an earlier one with the same key; a regular write never replaces one.
   */
  putWrites(threadId: string, ns: string, checkpointId: string, rows: WriteRow[]): Maybe<void>;
  /** Remove every checkpoint, value and write of the thread, in every namespace. */
  deleteThread(threadId: string): Maybe<void>;
  /** Close the connection; calling it twice is harmless. */
  close(): Maybe<void>;
}
