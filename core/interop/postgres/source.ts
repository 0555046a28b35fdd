/**
 * The HistorySource over LangGraph's PostgresSaver tables. The row-to-view logic is the SQLite reader's
 * (NamespaceHistory + HistoryViews); only row access differs (PostgresRows, paged, read-only). A few
 * decoded namespaces (history-cache.ts's AsyncHistoryCache) and timeline skeletons (timeline.ts) are kept
 * until the change token moves; a thread-list row decodes its namespaces' heads and their parents, a
 * timeline window its rows, so memory holds skeletons and a few histories, not the database.
 */
import { ChronographError } from "../../api/errors.ts";
import type { HistorySource, TimelineSkeletonRow } from "../../api/history-source.ts";
import { byThreadKey, emptyCounts, likePattern, normalizeQuery, pageBounds, rollUpThreads } from "../../api/thread-filter.ts";
import type { CheckpointEntry, CheckpointVersions, CheckpointView, GraphView, ThreadKey, ThreadPage, ThreadQuery, ThreadRow } from "../../api/types.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import { AsyncHistoryCache, keepRecent } from "../langgraph/history-cache.ts";
import { HistoryViews } from "../langgraph/views.ts";
import type { LangGraphKind } from "../langgraph/source.ts";
import { dialectOf, headStatus, loadPostgresHistory, partialHistory, type PostgresRows } from "./history.ts";
import { PgThreadTimeline } from "./timeline.ts";
import { pgCheckpointNotFound, pgThreadNotFound } from "./pg-reader-base.ts";

/** Timeline skeletons kept (the timelines being looked at). */
const KEEP_TIMELINES = 4;
/** Threads with at most this many checkpoints are read whole for inspect's views (their skeleton would cost as much). */
const WHOLE_UP_TO = 256;

export class PostgresLangGraphSource implements HistorySource {
  /** Whole decoded histories (getCheckpoint, views, the small-file reads), the SQLite readers' cache with asynchronous loads. */
  private readonly histories: AsyncHistoryCache;
  /** Skeletons, each with its namespace's stamp and the token generation it was last known current at. */
  private readonly timelines = new Map<string, { timeline: PgThreadTimeline; stamp: string; generation: number }>();
  /** Moves each time the change token does. */
  private generation = 0;

  private constructor(
    private readonly rows: PostgresRows,
    readonly kind: LangGraphKind,
  ) {
    this.histories = new AsyncHistoryCache(
      () => rows.changeToken(),
      (threadId, namespace) => loadPostgresHistory(rows, threadId, namespace, kind === "langgraph-py" ? "py" : "js"),
      (thread) => this.notFound(thread),
    );
  }

  /** The masked URL (with ?schema= when not "public"). */
  get path(): string {
    return this.rows.where;
  }

  /** Open over `rows`; the dialect is read from the newest-listed thread's first checkpoint (integer versions: JS, text: Python). */
  static async open(rows: PostgresRows): Promise<PostgresLangGraphSource> {
    let kind: LangGraphKind = "langgraph-js";
    for await (const page of rows.namespaces()) {
      const first = page[0]!;
      for await (const checkpoints of rows.checkpoints(first.thread_id, first.checkpoint_ns)) {
        kind = dialectOf(checkpoints[0]!.checkpoint) === "py" ? "langgraph-py" : "langgraph-js";
        break;
      }
      break;
    }
    const source = new PostgresLangGraphSource(rows, kind);
    await source.refresh();
    return source;
  }

  async listThreads(): Promise<ThreadRow[]> {
    await this.refresh();
    const out: ThreadRow[] = [];
    for await (const page of this.rows.namespaces()) {
      for (const row of page) out.push((await this.viewsOf({ threadId: row.thread_id, namespace: row.checkpoint_ns })).threadRow());
    }
    return out.sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0) || (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : a.namespace < b.namespace ? -1 : 1));
  }

  /**
   * One page of the thread list: which threads match the text (thread id and namespaces, as the SQLite
   * reader's index), their order, offset, limit and total come from SQL; only the page's threads are decoded.
   * A status filter decodes every text match's head and its writes alone (its status), nothing more.
   */
  async pageThreads(query: ThreadQuery): Promise<ThreadPage> {
    const index = this.rows.threadIndex!.bind(this.rows);
    await this.refresh();
    const pattern = likePattern(normalizeQuery(query.query));
    const { offset, limit } = pageBounds(query);
    if ((query.status ?? []).length === 0) {
      const page = await index(pattern, offset, limit);
      return { rows: await this.threadRowsOf(page.threads), offset, total: page.total };
    }
    const wanted = new Set(query.status);
    const counts = emptyCounts();
    const hits: Array<{ thread_id: string; namespaces: Array<[string, number, string]> }> = [];
    const dialect = this.kind === "langgraph-py" ? "py" : "js";
    for (const head of await this.rows.indexHeads!(pattern)) {
      const status = headStatus(this.path, head.thread_id, head.namespaces[0]![0], dialect, head);
      counts[status] += 1;
      if (wanted.has(status)) hits.push(head);
    }
    return { rows: await this.threadRowsOf(hits.slice(offset, offset + limit)), offset, total: hits.length, counts };
  }

  /** Per thread id, a stamp that moves with each checkpoint or write (SQL alone). */
  threadStamps(): Promise<Map<string, string>> {
    return this.rows.threadStamps!();
  }

  /** Every (thread, namespace) by thread id then namespace, nothing decoded. */
  async threadKeys(): Promise<ThreadKey[]> {
    const keys: ThreadKey[] = [];
    for await (const page of this.rows.namespaces()) for (const row of page) keys.push({ threadId: row.thread_id, namespace: row.checkpoint_ns });
    return keys.sort(byThreadKey);
  }

  /**
   * The rows of the threads named (each its root namespace with the others inside it), in order. Each
   * namespace's row is decided from its head, the head's parent (who wrote the head) and their writes,
   * with the first checkpoint's time and the branch count from SQL: a page holding a 20,000-checkpoint
   * thread decodes two checkpoints of it. A head that is an update with no recorded writer takes its writer
   * from the namespace's skeleton (the inferred graph tells it). Without namespaceSummaries, each namespace
   * is decoded whole.
   */
  private async threadRowsOf(threads: ReadonlyArray<{ thread_id: string; namespaces: Array<[string, number, string]> }>): Promise<ThreadRow[]> {
    const keys = threads.flatMap((thread) => thread.namespaces.map(([namespace, count, head]) => ({ thread_id: thread.thread_id, checkpoint_ns: namespace, head, count })));
    const rows: ThreadRow[] = [];
    if (this.rows.namespaceSummaries) {
      const dialect = this.kind === "langgraph-py" ? "py" : "js";
      const summaries = await this.rows.namespaceSummaries(keys);
      for (const [index, key] of keys.entries()) {
        const summary = summaries[index]!;
        if (summary.checkpoints.length === 0) continue;
        const history = partialHistory(this.path, key.thread_id, key.checkpoint_ns, dialect, summary);
        const row = new HistoryViews(history).threadRow();
        // An update LangGraph did not record the writer of is told apart by the graph of the whole namespace: its skeleton's.
        if (history.head.source === "update" && row.writers.length === 0) row.writers = (await this.timeline({ threadId: key.thread_id, namespace: key.checkpoint_ns })).writersOf(key.head);
        const parsed = typeof summary.firstTs === "string" ? Date.parse(summary.firstTs) : NaN;
        rows.push({ ...row, checkpointCount: key.count, branchCount: summary.leaves, createdAt: Number.isNaN(parsed) ? null : parsed });
      }
    } else {
      for (const key of keys) rows.push((await this.viewsOf({ threadId: key.thread_id, namespace: key.checkpoint_ns })).threadRow());
    }
    // rollUpThreads keeps each thread's root first and its namespaces newest first, whatever order they come in.
    const byThread = new Map<string, ThreadRow[]>();
    for (const row of rows) byThread.set(row.threadId, [...(byThread.get(row.threadId) ?? []), row]);
    return threads.flatMap((thread) => rollUpThreads(byThread.get(thread.thread_id) ?? []));
  }

  async listCheckpoints(thread: ThreadKey): Promise<CheckpointEntry[]> {
    const views = await this.views(thread);
    return [...views.history.ordered].reverse().map((checkpoint) => views.entry(checkpoint));
  }

  /** Every checkpoint newest first with what the timeline's order and run marks need, from the skeleton (timeline.ts): values are not decoded. */
  async listSkeleton(thread: ThreadKey): Promise<TimelineSkeletonRow[]> {
    return (await this.timeline(thread)).skeleton();
  }

  /** The named checkpoints' timeline rows, newest first, decoding only those rows and their parents. */
  async listCheckpointsByIds(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointEntry[]> {
    return (await this.timeline(thread)).entries(ids);
  }

  /** The newest `limit` checkpoints' timeline rows, newest first (a run's new rows), decoding only those and their parents. */
  async listCheckpointsPage(thread: ThreadKey, page: { limit: number }): Promise<CheckpointEntry[]> {
    const timeline = await this.timeline(thread);
    return timeline.entries(await this.rows.newestIds!(thread.threadId, thread.namespace ?? "", page.limit));
  }

  /** One checkpoint in full; over the skeleton (decoding it, its parent and children) where the rows offer one. */
  async getCheckpoint(thread: ThreadKey, checkpointId: string): Promise<CheckpointView> {
    if (this.rows.skeletonRows) {
      const view = await (await this.timeline(thread)).view(checkpointId);
      if (view) return view;
    }
    const views = await this.views(thread);
    return views.view(this.find(views, thread, checkpointId));
  }

  async listCheckpointViews(thread: ThreadKey): Promise<CheckpointView[]> {
    const views = await this.views(thread);
    return [...views.history.ordered].reverse().map((checkpoint) => views.view(checkpoint));
  }

  /** The thread's checkpoint ids, newest first, from the primary key alone (inspect pages with them). Throws THREAD_NOT_FOUND. */
  async listCheckpointIds(thread: ThreadKey): Promise<string[]> {
    if (!this.rows.newestIds) return (await this.views(thread)).history.ordered.map((checkpoint) => checkpoint.id).reverse();
    const ids = await this.rows.newestIds(thread.threadId, thread.namespace ?? "", Number.MAX_SAFE_INTEGER);
    if (ids.length === 0) throw this.notFound(thread);
    return ids;
  }

  /**
   * The named checkpoints in full, newest first. A long thread decodes a page with its parents and children
   * over its skeleton (timeline.ts), so inspect holds the skeleton and a page, not the thread; a short one
   * (or one with delta channels) is decoded whole, as its skeleton would cost as much.
   */
  async listCheckpointViewsByIds(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointView[]> {
    const namespace = thread.namespace ?? "";
    if (this.rows.skeletonRows && this.rows.newestIds && (await this.rows.newestIds(thread.threadId, namespace, WHOLE_UP_TO + 1)).length > WHOLE_UP_TO) {
      const views = await (await this.timeline(thread)).views(ids);
      if (views) return views;
    }
    const views = await this.views(thread);
    const wanted = new Set(ids);
    return [...views.history.ordered].reverse().filter((checkpoint) => wanted.has(checkpoint.id)).map((checkpoint) => views.view(checkpoint));
  }

  /** One checkpoint's versions ("why did this run"); over the skeleton where the rows offer one. */
  async getVersions(thread: ThreadKey, checkpointId: string): Promise<CheckpointVersions> {
    if (this.rows.skeletonRows) {
      const versions = await (await this.timeline(thread)).versions(checkpointId);
      if (versions) return versions;
    }
    const views = await this.views(thread);
    return views.versions(this.find(views, thread, checkpointId));
  }

  /** The graph inferred from the namespace's history, from its skeleton (no value decoded) where the rows offer one. */
  async getGraph(thread: ThreadKey): Promise<GraphView> {
    if (this.rows.skeletonRows) return (await this.timeline(thread)).graphView();
    return (await this.views(thread)).graphView();
  }

  /** The newest checkpoint and write ids and row counts: one small read-only query. */
  changeToken(): Promise<string> {
    return this.rows.changeToken();
  }

  async close(): Promise<void> {
    this.histories.clear();
    this.timelines.clear();
    await this.rows.close();
  }

  /** The decoded history of a (thread, namespace) with its views. Throws THREAD_NOT_FOUND naming it and the database. */
  async views(thread: ThreadKey): Promise<HistoryViews> {
    await this.refresh();
    return this.viewsOf(thread);
  }

  /**
   * The namespace's skeleton, read on first use and kept (a few, most recently used). When the change token
   * moved, a kept skeleton is used still if its namespace's stamp did not (another thread changed), else
   * read again. Throws THREAD_NOT_FOUND.
   */
  private async timeline(thread: ThreadKey): Promise<PgThreadTimeline> {
    await this.refresh();
    const namespace = thread.namespace ?? "";
    const key = `${thread.threadId}\u0000${namespace}`;
    let held = this.timelines.get(key);
    if (held && held.generation !== this.generation) {
      const stamp = await this.stampOf(thread.threadId, namespace);
      if (stamp !== null && stamp === held.stamp) held = { ...held, generation: this.generation };
      else held = stamp === null ? undefined : await this.extend(thread.threadId, namespace, held.timeline, stamp);
    }
    if (!held) {
      // The skeleton's statements are separate snapshots: read again (a few times at most) when a commit fell between them.
      let stamp = await this.stampOf(thread.threadId, namespace);
      let skeleton = await this.rows.skeletonRows!(thread.threadId, namespace);
      for (let again = 0; again < 2 && (await this.refresh()); again += 1) {
        stamp = await this.stampOf(thread.threadId, namespace);
        skeleton = await this.rows.skeletonRows!(thread.threadId, namespace);
      }
      if (skeleton.checkpoints.length === 0) throw this.notFound(thread);
      const timeline = new PgThreadTimeline(this.path, thread.threadId, namespace, this.kind === "langgraph-py" ? "py" : "js", {
        skeleton,
        window: (ids) => this.rows.windowRows!(thread.threadId, namespace, ids),
      });
      held = { timeline, stamp: stamp ?? "", generation: stamp === null ? -1 : this.generation };
    }
    return keepRecent(this.timelines, key, held, KEEP_TIMELINES).timeline;
  }

  /**
   * A held skeleton with the rows added since its head (a run's new checkpoints and the writes against them,
   * their parents and the old head), or undefined when that does not account for every row the namespace's
   * stamp counts (a write against an older checkpoint, a row with a smaller id): then it is read whole.
   */
  private async extend(threadId: string, namespace: string, timeline: PgThreadTimeline, stamp: string): Promise<{ timeline: PgThreadTimeline; stamp: string; generation: number } | undefined> {
    if (!this.rows.skeletonRowsAfter) return undefined;
    const { headId } = timeline.extent;
    const rows = await this.rows.skeletonRowsAfter(threadId, namespace, headId, [headId]);
    const reread = new Set([headId, ...rows.checkpoints.map((row) => row.parent_checkpoint_id ?? "")]);
    const next = timeline.extended({ skeleton: rows, window: (ids) => this.rows.windowRows!(threadId, namespace, ids) }, (id) => id > headId || reread.has(id));
    const [checkpoints, writes] = stamp.split("#").map((part) => Number(part.split("/")[0]));
    const now = await this.stampOf(threadId, namespace);
    if (now !== stamp || next.extent.checkpoints !== checkpoints || next.extent.writes !== writes) return undefined;
    return { timeline: next, stamp, generation: this.generation };
  }

  /** The namespace's stamp, or null when the rows cannot say (the skeleton is then read again on every change). */
  private async stampOf(threadId: string, namespace: string): Promise<string | null> {
    return this.rows.namespaceStamp ? this.rows.namespaceStamp(threadId, namespace) : null;
  }

  private notFound(thread: ThreadKey): ChronographError {
    return pgThreadNotFound(this.path, thread);
  }

  private find(views: HistoryViews, thread: ThreadKey, checkpointId: string): LoadedCheckpoint {
    const checkpoint = views.history.byId.get(checkpointId);
    if (checkpoint) return checkpoint;
    throw pgCheckpointNotFound(this.path, thread, checkpointId);
  }

  private viewsOf(thread: ThreadKey): Promise<HistoryViews> {
    return this.histories.viewsOf(thread);
  }

  /** Drop decoded histories when the change token moved (skeletons are checked by their stamps); true when it did. */
  private async refresh(): Promise<boolean> {
    if (!(await this.histories.refresh())) return false;
    this.generation += 1;
    return true;
  }
}
