/**
 * The HistorySource over LangGraph's PostgresSaver tables. The row-to-view logic is the SQLite reader's
 * (NamespaceHistory + HistoryViews); only row access differs (PostgresRows, paged, read-only). A few
 * decoded namespaces are kept (most recently used first) until the change token moves; the thread list
 * decodes one namespace at a time and keeps only its row, so memory holds one history, not the database.
 */
import { ChronographError } from "../../api/errors.ts";
import type { HistorySource } from "../../api/history-source.ts";
import { emptyCounts, likePattern, normalizeQuery, pageBounds, rollUpThreads } from "../../api/thread-filter.ts";
import type { CheckpointEntry, CheckpointVersions, CheckpointView, GraphView, ThreadKey, ThreadPage, ThreadQuery, ThreadRow } from "../../api/types.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import { HistoryViews } from "../langgraph/views.ts";
import type { LangGraphKind } from "../langgraph/source.ts";
import { dialectOf, headStatus, loadPostgresHistory, type PostgresRows } from "./history.ts";

const KEEP = 8;

export class PostgresLangGraphSource implements HistorySource {
  private readonly cache = new Map<string, HistoryViews>();
  private cacheToken = "";

  private constructor(
    private readonly rows: PostgresRows,
    readonly kind: LangGraphKind,
  ) {}

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
    source.cacheToken = await rows.changeToken();
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
      const rows: ThreadRow[] = [];
      for (const thread of page.threads) rows.push(await this.threadRowOf(thread));
      return { rows, offset, total: page.total };
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
    const rows: ThreadRow[] = [];
    for (const thread of hits.slice(offset, offset + limit)) rows.push(await this.threadRowOf(thread));
    return { rows, offset, total: hits.length, counts };
  }

  /** Per thread id, a stamp that moves with each checkpoint or write (SQL alone). */
  threadStamps(): Promise<Map<string, string>> {
    return this.rows.threadStamps!();
  }

  /** Every (thread, namespace) by thread id then namespace, nothing decoded. */
  async threadKeys(): Promise<ThreadKey[]> {
    const keys: ThreadKey[] = [];
    for await (const page of this.rows.namespaces()) for (const row of page) keys.push({ threadId: row.thread_id, namespace: row.checkpoint_ns });
    return keys.sort((a, b) => (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  }

  /** One thread's row (its root namespace, the others inside it), decoding its namespaces one at a time. */
  private async threadRowOf(thread: { thread_id: string; namespaces: Array<[string, number, string]> }): Promise<ThreadRow> {
    const rows: ThreadRow[] = [];
    for (const [namespace] of thread.namespaces) rows.push((await this.viewsOf({ threadId: thread.thread_id, namespace })).threadRow());
    return rollUpThreads(rows)[0]!;
  }

  async listCheckpoints(thread: ThreadKey): Promise<CheckpointEntry[]> {
    const views = await this.views(thread);
    return [...views.history.ordered].reverse().map((checkpoint) => views.entry(checkpoint));
  }

  async getCheckpoint(thread: ThreadKey, checkpointId: string): Promise<CheckpointView> {
    const views = await this.views(thread);
    return views.view(this.find(views, thread, checkpointId));
  }

  async listCheckpointViews(thread: ThreadKey): Promise<CheckpointView[]> {
    const views = await this.views(thread);
    return [...views.history.ordered].reverse().map((checkpoint) => views.view(checkpoint));
  }

  async getVersions(thread: ThreadKey, checkpointId: string): Promise<CheckpointVersions> {
    const views = await this.views(thread);
    return views.versions(this.find(views, thread, checkpointId));
  }

  async getGraph(thread: ThreadKey): Promise<GraphView> {
    return (await this.views(thread)).graphView();
  }

  /** The newest checkpoint and write ids and row counts: one small read-only query. */
  changeToken(): Promise<string> {
    return this.rows.changeToken();
  }

  async close(): Promise<void> {
    this.cache.clear();
    await this.rows.close();
  }

  /** The decoded history of a (thread, namespace) with its views. Throws THREAD_NOT_FOUND naming it and the database. */
  async views(thread: ThreadKey): Promise<HistoryViews> {
    await this.refresh();
    return this.viewsOf(thread);
  }

  private find(views: HistoryViews, thread: ThreadKey, checkpointId: string): LoadedCheckpoint {
    const checkpoint = views.history.byId.get(checkpointId);
    if (checkpoint) return checkpoint;
    throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${thread.threadId}"${nsWords(thread)} of ${this.path}.`, {
      database: this.path,
      thread: thread.threadId,
      checkpoint: checkpointId,
    });
  }

  private async viewsOf(thread: ThreadKey): Promise<HistoryViews> {
    const namespace = thread.namespace ?? "";
    const key = `${thread.threadId}\u0000${namespace}`;
    let views = this.cache.get(key);
    if (views) {
      this.cache.delete(key);
    } else {
      const history = await loadPostgresHistory(this.rows, thread.threadId, namespace, this.kind === "langgraph-py" ? "py" : "js");
      if (!history) throw new ChronographError("THREAD_NOT_FOUND", `Thread "${thread.threadId}"${nsWords(thread)} has no checkpoints in ${this.path}.`, { database: this.path, thread: thread.threadId });
      views = new HistoryViews(history);
    }
    this.cache.set(key, views);
    while (this.cache.size > KEEP) this.cache.delete(this.cache.keys().next().value!);
    return views;
  }

  private async refresh(): Promise<void> {
    const token = await this.rows.changeToken();
    if (token !== this.cacheToken) {
      this.cache.clear();
      this.cacheToken = token;
    }
  }
}

function nsWords(thread: ThreadKey): string {
  return thread.namespace ? ` (namespace "${thread.namespace}")` : "";
}
