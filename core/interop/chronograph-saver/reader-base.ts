/**
 * What both ChronographSaver readers (the SQLite file's, PostgreSQL's) answer the same way: the thread
 * list from their SaverThreadList (thread-list.ts) and a thread's timeline, graph and windows from their
 * LightHistories (light.ts), so nothing on a first screen rebuilds a long thread's state. Each reader sets
 * `list` and `light` in its constructor and gives whole decoded histories (`views`: the full listing,
 * versions, every view of a thread) its own way.
 */
import type { ChronographError } from "../../api/errors.ts";
import type { TimelineSkeletonRow } from "../../api/history-source.ts";
import type { CheckpointEntry, CheckpointVersions, CheckpointView, GraphView, ThreadKey, ThreadPage, ThreadQuery, ThreadRow } from "../../api/types.ts";
import type { HistoryViews } from "../langgraph/views.ts";
import type { LightHistories } from "./light.ts";
import type { SaverThreadList } from "./thread-list.ts";

export abstract class SaverReaderBase {
  protected abstract readonly list: SaverThreadList;
  protected abstract readonly light: LightHistories;

  /** The whole decoded history of a (thread, namespace) with its views. Throws THREAD_NOT_FOUND. */
  abstract views(thread: ThreadKey): HistoryViews | Promise<HistoryViews>;

  /** Every thread (one row per thread and namespace), most recently updated first, each decoded whole. */
  async listThreads(): Promise<ThreadRow[]> {
    const rows: ThreadRow[] = [];
    for (const key of await this.list.keys()) rows.push((await this.views(key)).threadRow());
    return rows.sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0) || (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : a.namespace < b.namespace ? -1 : 1));
  }

  /** Every checkpoint in full, newest first, from the whole decoded history. */
  async listCheckpointViews(thread: ThreadKey): Promise<CheckpointView[]> {
    const views = await this.views(thread);
    return [...views.history.ordered].reverse().map((checkpoint) => views.view(checkpoint));
  }

  /** One checkpoint's versions ("why did this run"). Throws CHECKPOINT_NOT_FOUND. */
  async getVersions(thread: ThreadKey, checkpointId: string): Promise<CheckpointVersions> {
    const views = await this.views(thread);
    const checkpoint = views.history.byId.get(checkpointId);
    if (!checkpoint) throw this.checkpointMissing(thread, checkpointId);
    return views.versions(checkpoint);
  }

  /** One page of threads, newest root head first; a text query matches thread ids and namespaces. */
  pageThreads(query: ThreadQuery): Promise<ThreadPage> {
    return this.list.page(query);
  }

  /** Resolves once every thread's status is decided in the background (a status filter answers meanwhile from those decided). */
  statusesDecided(): Promise<void> {
    return this.list.statusesDecided();
  }

  /** One (thread, namespace)'s row, decoding only its heads and their parents. */
  threadRow(thread: ThreadKey): Promise<ThreadRow | undefined> {
    return this.list.row(thread);
  }

  /** Per thread id, a stamp that moves with each checkpoint or write (SQL aggregates alone). */
  threadStamps(): Promise<Map<string, string>> {
    return this.list.stamps();
  }

  /** Every (thread, namespace), by thread id then namespace, nothing decoded. */
  threadKeys(): Promise<ThreadKey[]> {
    return this.list.keys();
  }

  /** ChronographSaver's rows name no graph (ThreadRow.graphName is null): none. */
  async threadGraphNames(): Promise<string[]> {
    return [];
  }

  async newestThreadOfGraph(_name: string): Promise<string | undefined> {
    return undefined;
  }

  /** The thread's checkpoints without values, newest first, from its light history. Throws THREAD_NOT_FOUND. */
  listCheckpoints(thread: ThreadKey): Promise<CheckpointEntry[]> {
    return this.light.entries(thread);
  }

  listSkeleton(thread: ThreadKey): Promise<TimelineSkeletonRow[]> {
    return this.light.skeleton(thread);
  }

  listCheckpointsByIds(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointEntry[]> {
    return this.light.entriesOf(thread, ids);
  }

  async listCheckpointsPage(thread: ThreadKey, page: { limit: number }): Promise<CheckpointEntry[]> {
    const ids = await this.light.ids(thread);
    return this.light.entriesOf(thread, ids.slice(0, Math.max(0, page.limit)));
  }

  listCheckpointIds(thread: ThreadKey): Promise<string[]> {
    return this.light.ids(thread);
  }

  /** The named checkpoints in full, newest first, decoding only them, their parents and children with values. */
  listCheckpointViewsByIds(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointView[]> {
    return this.light.viewsOf(thread, ids);
  }

  /** One checkpoint in full (a window of one). Throws CHECKPOINT_NOT_FOUND naming thread and checkpoint. */
  async getCheckpoint(thread: ThreadKey, checkpointId: string): Promise<CheckpointView> {
    const [view] = await this.light.viewsOf(thread, [checkpointId]);
    if (view) return view;
    throw this.checkpointMissing(thread, checkpointId);
  }

  /** CHECKPOINT_NOT_FOUND naming the thread, namespace, checkpoint and database. */
  protected abstract checkpointMissing(thread: ThreadKey, checkpointId: string): ChronographError;

  /** The graph inferred from the light history (no state value needed). */
  getGraph(thread: ThreadKey): Promise<GraphView> {
    return this.light.graphView(thread);
  }
}
