/**
 * A HistorySource reads one kind of checkpoint database and answers in the contract's shapes. The
 * debugger backend knows only this interface: Chronograph's own files, LangGraph.js files and Python
 * LangGraph files each have one implementation (core/debugger, core/interop), and the same conformance
 * suite checks them all. Types only: it sits below both the readers and the backend that picks one.
 */
import type { CheckpointEntry, CheckpointVersions, CheckpointView, DatabaseKind, GraphView, ThreadKey, ThreadPage, ThreadQuery, ThreadRow } from "./types.ts";

/** What ordering a timeline (timeline-order.ts) and marking its runs (run-boundaries.ts) need of a checkpoint. */
export type TimelineSkeletonRow = Pick<
  CheckpointEntry,
  "checkpointId" | "parentId" | "step" | "source" | "createdAt" | "next" | "errors" | "interrupted" | "breakpoint" | "answered" | "runId" | "errorFixed"
>;

/** Which threads' keys threadKeySlice gives: after a thread id (a slice of `limit` threads), or one thread's. */
export interface ThreadKeySliceQuery {
  after?: string;
  threadId?: string;
  limit: number;
}

export interface HistorySource {
  readonly kind: DatabaseKind;
  /** Absolute path of the file. */
  readonly path: string;
  /** Every thread (one row per thread and namespace), most recently updated first. Reads every thread: small files, tests. */
  listThreads(): Promise<ThreadRow[]>;
  /**
   * One page of the thread list (one row per thread, subgraph namespaces inside it; core/api/thread-filter.ts
   * says what the query matches), for readers that can answer it without reading every thread (big files).
   * Without it the backend pages listThreads' rows (thread-filter.ts's rollUpThreads and pageOfRows).
   */
  pageThreads?(query: ThreadQuery): Promise<ThreadPage>;
  /**
   * Per thread id, a stamp that moves whenever the thread gets a checkpoint or a write, read cheaply (no
   * decoding): how the backend notices changed threads without listing them all. Optional, as pageThreads.
   */
  threadStamps?(): Promise<Map<string, string>>;
  /**
   * The ids of threads new, changed (as threadStamps would say) or gone since the previous call, without
   * building every thread's stamp: how the backend notices a live run's threads at the cost of the change
   * rather than of the file. The first call only marks where the file is and answers []. Optional; the
   * backend prefers it to threadStamps.
   */
  changedThreads?(): Promise<string[]>;
  /**
   * True when pageThreads answers the first screen before threadStamps has read the whole file (its pages
   * say `counting` meanwhile): the backend then reads the stamps in the background instead of on open.
   */
  readonly pagesWhileCounting?: boolean;
  /**
   * Resolves once every thread's status is decided (or the reader stopped trying), for readers whose status
   * filters answer meanwhile from the threads decided so far (ThreadPage.statusCounting): the backend then
   * has the app ask again. Optional, as pageThreads.
   */
  statusesDecided?(): Promise<void>;
  /** Every (thread, namespace), by thread id then namespace, read cheaply (for inspect over big files). Optional, as pageThreads. */
  threadKeys?(): Promise<ThreadKey[]>;
  /**
   * Every namespace of up to `limit` threads whose id sorts after `after` (bytewise; from the first thread
   * without it), or of thread `threadId` alone, by thread id then namespace, read without listing every
   * thread: how inspect walks a big file in order holding one slice of keys. Optional, as pageThreads.
   */
  threadKeySlice?(query: ThreadKeySliceQuery): Promise<ThreadKey[]>;
  /** One thread's row (no `namespaces`), or undefined when there is none, read without listing every thread. Optional, as pageThreads. */
  threadRow?(thread: ThreadKey): Promise<ThreadRow | undefined>;
  /** The distinct graph names of the thread rows (ThreadRow.graphName, nulls aside), read without listing every thread. Optional, as pageThreads. */
  threadGraphNames?(): Promise<string[]>;
  /** The first thread of graph `name` in listThreads' order (most recently updated), or undefined, read without listing every thread. Optional, with threadGraphNames. */
  newestThreadOfGraph?(name: string): Promise<string | undefined>;
  /** The thread's checkpoints without values, newest first. Throws THREAD_NOT_FOUND. */
  listCheckpoints(thread: ThreadKey): Promise<CheckpointEntry[]>;
  /**
   * The thread's newest `limit` checkpoints without values, newest first, decoding only those: how the
   * backend reads a run's new rows. Optional: without it the backend reads listCheckpoints whole.
   */
  listCheckpointsPage?(thread: ThreadKey, page: { limit: number }): Promise<CheckpointEntry[]>;
  /**
   * Every checkpoint of the thread, newest first, with only what the timeline's order and run marks need
   * (TimelineSkeletonRow), read without decoding values or what nodes wrote: how a long timeline's first
   * window avoids decoding every row. Optional, with listCheckpointsByIds: without both the backend reads
   * listCheckpoints whole. Throws THREAD_NOT_FOUND.
   */
  listSkeleton?(thread: ThreadKey): Promise<TimelineSkeletonRow[]>;
  /** The named checkpoints of the thread that exist, without values, newest first (the rows a window shows). */
  listCheckpointsByIds?(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointEntry[]>;
  /**
   * Every checkpoint id of the thread, newest first, read without decoding (inspect pages through a long
   * thread with it and listCheckpointViewsByIds). Optional, with listCheckpointViewsByIds: without both,
   * inspect reads listCheckpoints whole. Throws THREAD_NOT_FOUND.
   */
  listCheckpointIds?(thread: ThreadKey): Promise<string[]>;
  /** The named checkpoints of the thread that exist, in full, newest first, decoding only what they need. */
  listCheckpointViewsByIds?(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointView[]>;
  /** One checkpoint in full. Throws CHECKPOINT_NOT_FOUND naming thread and checkpoint. */
  getCheckpoint(thread: ThreadKey, checkpointId: string): Promise<CheckpointView>;
  /** Every checkpoint in full, newest first (for inspect --json and diffs over ranges). */
  listCheckpointViews(thread: ThreadKey): Promise<CheckpointView[]>;
  /** The graph as stored with the history, or inferred from it. */
  getGraph(thread: ThreadKey): Promise<GraphView>;
  /** One checkpoint's channel versions, versions seen, routing channels and Send tasks ("why did this node run"). Throws CHECKPOINT_NOT_FOUND. */
  getVersions?(thread: ThreadKey, checkpointId: string): Promise<CheckpointVersions>;
  /**
   * A cheap token that changes whenever another connection commits to the file (e.g. SQLite's
   * PRAGMA data_version combined with the WAL size); the backend polls it to notice live writes.
   */
  changeToken(): Promise<string>;
  close(): Promise<void>;
}
