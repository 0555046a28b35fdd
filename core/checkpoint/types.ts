/**
 * What a checkpointer stores and the promises every store keeps. The engine talks to storage only
 * through `Checkpointer`; each store (memory, SQLite, ...) passes the one conformance suite in
 * test/checkpointer-conformance.ts.
 */
import type { Breakpoint, CheckpointSource, ThreadStatus } from "../api/types.ts";
import type { GraphDescription } from "../graph/describe.ts";

// The contract owns these names; the engine and the stores use the same ones.
export type { CheckpointSource, ThreadStatus };

/** A node invocation planned for the next superstep. */
export interface TaskSpec {
  /** Unique within its checkpoint: the node name, or `node#i` for the i-th `Send` to that node. */
  id: string;
  node: string;
  /** Present for tasks created by `Send(node, arg)`: the node receives `arg` instead of the state. */
  send?: { arg: unknown };
}


/**
 * One checkpoint: the state after a superstep (or after an input, an update, a fork), by reference.
 * Channel values are not inside the record: `versions` names, per channel, the checkpoint that wrote
 * the current value, and the store keeps each value once per version.
 */
export interface CheckpointRecord {
  threadId: string;
  checkpointId: string;
  parentId: string | null;
  /** -1 for the first input, then one per superstep. */
  step: number;
  source: CheckpointSource;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** channel -> id of the checkpoint whose write produced the channel's current value. */
  versions: Record<string, string>;
  /** The tasks that run next, in order; empty when the run is finished. */
  tasks: TaskSpec[];
  /**
   * What each node of this step returned (its update), by node name; a node that ran several times in
   * the step (Send) maps to the list of its updates. For an input checkpoint the key is START; for an
   * update checkpoint it is the `asNode`. Null for fork checkpoints.
   */
  writes: Record<string, unknown> | null;
  /**
   * Set when the run stopped here at a static breakpoint (interruptBefore/After). Not an interrupt: no
   * task waits for an answer. Stores keep it in their `interrupt` column, the name older versions used.
   */
  breakpoint: Breakpoint | null;
  /** The graph that wrote this checkpoint (its topology is stored once per hash with `saveGraph`). */
  graph: { name: string; hash: string } | null;
  /** Milliseconds each task of the step took, by task id. */
  durations?: Record<string, number>;
  /**
   * The run (one invoke() or stream() call) that wrote this checkpoint: LangGraph's `run_id`. Absent on
   * update checkpoints (updateState is no run) and on checkpoints written before runs were recorded.
   */
  runId?: string;
}

/**
 * A channel value written by a checkpoint. `full` stores the whole value; `append` stores only the items
 * this version appended to `base` (the previous version of the same channel, null when it starts from
 * empty). When `fromWrites` is true the items are exactly `appendedFromWrites(record.writes, channel)`, so
 * a store may keep them by reference to the checkpoint's writes instead of a second copy.
 */
export type ChannelBlob =
  | { channel: string; kind: "full"; value: unknown }
  | { channel: string; kind: "append"; base: string | null; items: unknown[]; fromWrites: boolean };

export type PendingWriteKind = "update" | "error" | "interrupt" | "resume";

/** A task's outcome saved against the checkpoint it started from, before the step's checkpoint exists. */
export type PendingWrite =
  | { taskId: string; node: string; kind: "update"; value: TaskUpdate }
  | { taskId: string; node: string; kind: "error"; value: TaskError }
  | { taskId: string; node: string; kind: "interrupt"; value: InterruptInfo }
  | { taskId: string; node: string; kind: "resume"; value: unknown };

export interface TaskUpdate {
  /** The partial state the node returned (or Command.update), or null. */
  update: Record<string, unknown> | null;
  /** Destinations named by a returned `Command({ goto })`: node names and Send targets. */
  goto: Array<string | { node: string; arg: unknown }>;
}

export interface TaskError {
  name: string;
  message: string;
  stack?: string;
}

export interface InterruptInfo {
  /** Stable id: `${taskId}:${index}` of the interrupt() call within its task. */
  id: string;
  /** The payload given to `interrupt(payload)`. */
  value: unknown;
}

export interface CheckpointTuple {
  record: CheckpointRecord;
  /** Materialized channel values for every channel that has a version (hidden channels included). */
  values: Record<string, unknown>;
  /** Task outcomes saved against this checkpoint, in the order they were written. */
  pendingWrites: PendingWrite[];
}

export interface ListOptions {
  /** At most this many checkpoints. */
  limit?: number;
  /** Only checkpoints created before this one (in store order). */
  before?: string;
  /** Only checkpoints whose fields equal these. */
  filter?: { source?: CheckpointSource; step?: number };
  /** When false, `values` is left empty: cheaper, for timelines. Default true. */
  withValues?: boolean;
}

export interface ThreadSummary {
  threadId: string;
  graphName: string | null;
  status: ThreadStatus;
  /** The nodes whose writes made the newest checkpoint, in name order (writersOf); empty for input/fork checkpoints. */
  writers: string[];
  /** Step number of the newest checkpoint. */
  step: number;
  checkpointCount: number;
  /** Number of leaves in the thread's checkpoint tree. */
  branchCount: number;
  headCheckpointId: string;
  createdAt: number;
  updatedAt: number;
}

export interface PruneOptions {
  /** Keep at least the newest N checkpoints of every thread. */
  keepLast?: number;
  /** Only remove checkpoints created before this time (ms since the epoch). */
  olderThan?: number;
}

/**
 * Storage for checkpoints. History is append-only: `put` and `putWrites` add rows and never change
 * existing checkpoints; only `deleteThread` and `prune` remove anything, on the user's request.
 */
export interface Checkpointer {
  /** Store a graph topology once per hash; storing the same hash again is a no-op. */
  saveGraph(graph: GraphDescription, hash: string): Promise<void>;
  /** The topology stored under `hash`, or undefined. */
  loadGraph(hash: string): Promise<GraphDescription | undefined>;
  /**
   * Write one checkpoint and the channel values it changed, atomically: after a crash at any instant
   * either all of it is readable or none of it. Throws UNSERIALIZABLE_VALUE naming the channel when a
   * value cannot be stored. The parent, when given, must exist in the same thread.
   */
  put(record: CheckpointRecord, blobs: ChannelBlob[]): Promise<void>;
  /**
   * Optional: `put` finished before it returns, for a store that writes synchronously (SqliteSaver,
   * MemorySaver). The engine calls it instead of `put`, which spares every superstep its promises and its
   * tick, but only while `put` is the store's own, marked as calling it (sync-put.ts): a wrapper that
   * replaces `put` is called through `put`. Throws what `put` rejects with.
   */
  putSync?(record: CheckpointRecord, blobs: ChannelBlob[]): void;
  /** Save task outcomes against an existing checkpoint, atomically, after any saved before. */
  putWrites(threadId: string, checkpointId: string, writes: PendingWrite[]): Promise<void>;
  /**
   * The given checkpoint, or the thread's newest when `checkpointId` is omitted; undefined if absent.
   * The values are the caller's own copies.
   */
  getTuple(threadId: string, checkpointId?: string): Promise<CheckpointTuple | undefined>;
  /**
   * The thread's checkpoints, newest first across all branches. Values may be shared between the tuples
   * of one answer (a store builds each version once) and frozen: treat them as read-only.
   */
  list(threadId: string, options?: ListOptions): Promise<CheckpointTuple[]>;
  /** Whether any checkpoint has this one as its parent. */
  hasChildren(threadId: string, checkpointId: string): Promise<boolean>;
  /** One summary per thread, most recently updated first. */
  listThreads(): Promise<ThreadSummary[]>;
  /** Remove a thread and everything stored for it; a no-op for an unknown thread. */
  deleteThread(threadId: string): Promise<void>;
  /**
   * Remove old checkpoints: only from the old end of the history (a checkpoint goes only together with
   * all its ancestors), never a branch's newest one, never one of the thread's newest `keepLast`, never
   * one newer than `olderThan`. So no checkpoint is left whose parent is gone: the oldest survivor of a
   * chain becomes a root (parentId null), and every survivor's values stay readable: a survivor's
   * `versions` may be rewritten to point where a value now lives, the values themselves never change.
   * Returns how many checkpoints were removed.
   */
  prune(options: PruneOptions): Promise<{ removed: number }>;
  /**
   * Optional: called where a run of the thread ends (finished, stopped, interrupted or failed). A store
   * that defers a thread's summary while a run writes (SqliteSaver) may bring it current here or later,
   * in a batch with other ended runs' (SqliteSaver: at most 64 lag, none after an idle spell or close);
   * readers see the same answers before and after.
   */
  settle?(threadId: string): Promise<void>;
  close(): Promise<void>;
}
