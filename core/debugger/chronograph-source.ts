/**
 * The HistorySource over Chronograph's own SQLite files. Opens the file read-only (the saver never
 * writes through this connection) plus a second read-only connection that only watches for commits.
 */
import { ChronographError } from "../api/errors.ts";
import type { HistorySource, TimelineSkeletonRow } from "../api/history-source.ts";
import type { CheckpointEntry, CheckpointVersions, CheckpointView, GraphView, ThreadKey, ThreadPage, ThreadQuery, ThreadRow } from "../api/types.ts";
import type { GraphDescription } from "../graph/describe.ts";
import { SqliteSaver } from "../storage/sqlite/index.ts";
import { openChangeProbe, type ChangeProbe } from "../storage/sqlite/probe.ts";
import { READ_BUSY_MS } from "../storage/sqlite/raw.ts";
import { SkeletonReader } from "../storage/sqlite/skeleton.ts";
import { SqliteThreadChanges } from "../storage/sqlite/thread-changes.ts";
import { SqliteThreadGraphs } from "../storage/sqlite/thread-graphs.ts";
import { SqliteThreadPages } from "../storage/sqlite/thread-page.ts";
import { DEFAULT_BUDGET } from "../checkpoint/value-budget.ts";
import type { Tolerance, WarnedTuple } from "../storage/sqlite/history.ts";
import { entryOf, threadRowOf, versionsOf, viewOf } from "./entries.ts";
import { inferGraphView, toGraphView } from "./graph-view.ts";

export interface ChronographSourceOptions {
  /** How long a read waits for another connection's exclusive lock; at most READ_BUSY_MS (50 ms). */
  busyTimeoutMs?: number;
  /** Called with each thread row the thread list decodes (tests count them). */
  onDecodeThread?: (threadId: string) => void;
}

export class ChronographSource implements HistorySource {
  readonly kind = "chronograph" as const;

  private constructor(
    readonly path: string,
    /** The read-only saver; the debugger also reads records and stored graphs through it. */
    readonly saver: SqliteSaver,
    private readonly probe: ChangeProbe,
    /** Light reads for long timelines, on a connection of its own opened when first used. */
    private readonly light: SkeletonReader,
    /** The thread list's pages, counts and stamps in SQL, on a connection of its own opened when first used. */
    private readonly pages: SqliteThreadPages,
    /** The threads' graph names (graph code checks against them), on a connection of its own opened when first used. */
    private readonly graphs: SqliteThreadGraphs,
    /** Which threads changed since the last notice, on a connection of its own opened when first used. */
    private readonly changes: SqliteThreadChanges,
  ) {}

  /** Open `path` read-only. Throws FILE_NOT_FOUND, NOT_A_DATABASE, NOT_A_CHECKPOINT_DATABASE, SCHEMA_TOO_NEW, DATABASE_LOCKED. */
  static async open(path: string, options: ChronographSourceOptions = {}): Promise<ChronographSource> {
    // Reads never hold other requests for a writer's whole busy timeout (see READ_BUSY_MS).
    const busyTimeoutMs = Math.min(options.busyTimeoutMs ?? READ_BUSY_MS, READ_BUSY_MS);
    const saver = SqliteSaver.open(path, { readonly: true, busyTimeoutMs });
    try {
      const pages = new SqliteThreadPages(path, busyTimeoutMs, options.onDecodeThread);
      return new ChronographSource(path, saver, openChangeProbe(path, { busyTimeoutMs }), new SkeletonReader({ file: path, budget: DEFAULT_BUDGET }, busyTimeoutMs), pages, new SqliteThreadGraphs(path, busyTimeoutMs), new SqliteThreadChanges(path, busyTimeoutMs));
    } catch (error) {
      await saver.close();
      throw error;
    }
  }

  async listThreads(): Promise<ThreadRow[]> {
    return (await this.saver.listThreads()).map(threadRowOf);
  }

  /** One page of the thread list: filtered, counted, ordered and cut in SQL; only the page's rows decoded (thread-page.ts). */
  async pageThreads(query: ThreadQuery): Promise<ThreadPage> {
    return this.pages.page(query);
  }

  async threadStamps(): Promise<Map<string, string>> {
    return this.pages.stamps();
  }

  /** Threads changed since the previous call, compared inside SQLite (thread-changes.ts). */
  async changedThreads(): Promise<string[]> {
    return this.changes.changed();
  }

  async threadKeys(): Promise<ThreadKey[]> {
    return this.pages.keys().map((threadId) => ({ threadId, namespace: "" }));
  }

  async threadRow(thread: ThreadKey): Promise<ThreadRow | undefined> {
    return thread.namespace === "" ? this.pages.row(thread.threadId) : undefined;
  }

  async threadGraphNames(): Promise<string[]> {
    return this.graphs.names();
  }

  async newestThreadOfGraph(name: string): Promise<string | undefined> {
    return this.graphs.newestThread(name);
  }

  async listCheckpoints(thread: ThreadKey, page?: { limit: number }): Promise<CheckpointEntry[]> {
    const tuples = await this.saver.readTolerant(this.threadId(thread), this.tolerance(), { withValues: false, ...(page ? { limit: page.limit } : {}) });
    if (tuples.length === 0) throw this.threadNotFound(thread);
    return tuples.map((tuple) => this.viewOrWarning(tuple, true));
  }

  async listCheckpointsPage(thread: ThreadKey, page: { limit: number }): Promise<CheckpointEntry[]> {
    return this.listCheckpoints(thread, page);
  }

  async listSkeleton(thread: ThreadKey): Promise<TimelineSkeletonRow[]> {
    const items = this.light.skeleton(this.threadId(thread));
    if (items.length === 0) throw this.threadNotFound(thread);
    return items.map((item) => ("row" in item ? item.row : this.viewOrWarning(item.tuple, true)));
  }

  async listCheckpointsByIds(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointEntry[]> {
    return this.light.byIds(this.threadId(thread), ids).map((tuple) => this.viewOrWarning(tuple, true));
  }

  /** The thread's checkpoint ids, newest first, from its light read (no value decoded): inspect pages through a long thread with them. */
  async listCheckpointIds(thread: ThreadKey): Promise<string[]> {
    const items = this.light.skeleton(this.threadId(thread));
    if (items.length === 0) throw this.threadNotFound(thread);
    return items.map((item) => ("row" in item ? item.row.checkpointId : item.tuple.record.checkpointId));
  }

  async getCheckpoint(thread: ThreadKey, checkpointId: string): Promise<CheckpointView> {
    const [tuple] = await this.saver.readTolerant(this.threadId(thread), this.tolerance(), { checkpointId });
    if (!tuple) throw this.checkpointNotFound(thread, checkpointId);
    return this.viewOrWarning(tuple, false);
  }

  async listCheckpointViews(thread: ThreadKey): Promise<CheckpointView[]> {
    const tuples = await this.saver.readTolerant(this.threadId(thread), this.tolerance());
    if (tuples.length === 0) throw this.threadNotFound(thread);
    return tuples.map((tuple) => this.viewOrWarning(tuple, false));
  }

  /** The description of the graph that wrote the thread's newest checkpoint, or undefined. */
  async graphDescription(thread: ThreadKey): Promise<GraphDescription | undefined> {
    const head = await this.saver.getTuple(this.threadId(thread));
    if (!head) throw this.threadNotFound(thread);
    return head.record.graph ? this.saver.loadGraph(head.record.graph.hash) : undefined;
  }

  async getGraph(thread: ThreadKey): Promise<GraphView> {
    const description = await this.graphDescription(thread);
    if (description) return toGraphView(description, "stored");
    const head = await this.saver.getTuple(this.threadId(thread));
    return inferGraphView(head?.record.graph?.name ?? thread.threadId, await this.listCheckpoints(thread));
  }

  async getVersions(thread: ThreadKey, checkpointId: string): Promise<CheckpointVersions> {
    const [tuple] = await this.saver.readTolerant(this.threadId(thread), this.tolerance(), { checkpointId, withValues: false });
    if (!tuple) throw this.checkpointNotFound(thread, checkpointId);
    return versionsOf(tuple.record);
  }

  async changeToken(): Promise<string> {
    return String(this.probe.dataVersion());
  }

  async close(): Promise<void> {
    this.probe.close();
    this.light.close();
    this.pages.close();
    this.graphs.close();
    this.changes.close();
    await this.saver.close();
  }

  private tolerance(): Tolerance {
    return { file: this.path, budget: DEFAULT_BUDGET };
  }

  /**
   * The view of a tuple read tolerantly, its warnings attached. A record too damaged to describe (its
   * tasks or writes in a shape the views cannot read) still yields a bare view with a warning, so one
   * bad row never fails the thread.
   */
  private viewOrWarning(tuple: WarnedTuple, entryOnly: boolean): CheckpointView {
    const warnings = [...(tuple.warnings ?? [])];
    let view: CheckpointView;
    try {
      view = entryOnly ? ({ ...entryOf(tuple.record, tuple.pendingWrites) } as CheckpointView) : viewOf(tuple);
    } catch (error) {
      const { record } = tuple;
      warnings.push(`Checkpoint "${record.checkpointId}" of thread "${record.threadId}" in "${this.path}" cannot be described: ${error instanceof Error ? error.message : String(error)}.`);
      const entry = { checkpointId: record.checkpointId, parentId: record.parentId, step: record.step, source: record.source, writers: [], next: [], createdAt: null, durationMs: null, errors: [], interrupted: [], breakpoint: null };
      view = entryOnly ? (entry as unknown as CheckpointView) : { ...entry, threadId: record.threadId, namespace: "", tasks: [], pendingWrites: [], values: tuple.values, writes: null };
    }
    if (warnings.length > 0) view.warnings = warnings;
    return view;
  }

  private threadId(thread: ThreadKey): string {
    if (thread.namespace !== "") throw this.threadNotFound(thread);
    return thread.threadId;
  }

  private checkpointNotFound(thread: ThreadKey, checkpointId: string): ChronographError {
    return new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${thread.threadId}" of "${this.path}".`, {
      thread: thread.threadId,
      checkpoint: checkpointId,
    });
  }

  private threadNotFound(thread: ThreadKey): ChronographError {
    const where = thread.namespace ? ` (namespace "${thread.namespace}")` : "";
    return new ChronographError("THREAD_NOT_FOUND", `Thread "${thread.threadId}"${where} does not exist in "${this.path}".`, { thread: thread.threadId });
  }
}
