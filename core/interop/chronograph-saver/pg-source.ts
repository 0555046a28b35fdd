/**
 * The HistorySource over ChronographSaver's tables on PostgreSQL. The decoding is the SQLite file's
 * (history.ts's saverHistory over the same rows), so every view is the one a saver file shows; only row
 * access differs: SaverRowReader, implemented over pg by core/langgraph-saver/postgres-store.ts opened
 * read-only (wired by core/debugger/sources.ts). A few decoded namespaces are kept (history-cache.ts's
 * AsyncHistoryCache, as the LangGraph PostgreSQL reader's) until the change token moves. The thread list
 * pages in SQL (thread-list.ts over SaverListReads: core/langgraph-saver/postgres-reads.ts), decoding only
 * the page's rows. Never writes.
 */
import { ChronographError } from "../../api/errors.ts";
import type { HistorySource } from "../../api/history-source.ts";
import type { ThreadKey } from "../../api/types.ts";
import { AsyncHistoryCache } from "../langgraph/history-cache.ts";
import { pgCheckpointNotFound, pgThreadNotFound } from "../postgres/pg-reader-base.ts";
import type { HistoryViews } from "../langgraph/views.ts";
import type { SaverHistories } from "./edit.ts";
import { type SaverCheckpointRow, saverHistory, type SaverNamespaceRows, type SaverValueRow, type SaverWriteRow } from "./history.ts";
import { headPartsOverRows, type HeadRowReads } from "./head-statuses.ts";
import { LightHistories } from "./light.ts";
import { SaverReaderBase } from "./reader-base.ts";
import { type SaverListReads, SaverThreadList } from "./thread-list.ts";

type Maybe<T> = T | Promise<T>;

/** The reads the source needs, as ChronographSaver's store answers them. */
export interface SaverRowReader {
  /** The masked URL naming the database in messages. */
  readonly where: string;
  /** A namespace's checkpoints, newest first. */
  checkpoints(query: { threadId: string; ns: string }): Maybe<SaverCheckpointRow[]>;
  namespaceValues(threadId: string, ns: string): Maybe<SaverValueRow[]>;
  /** By checkpoint, each in LangGraph's order. */
  namespaceWrites(threadId: string, ns: string): Maybe<SaverWriteRow[]>;
  changeToken(): Promise<string>;
  close(): Maybe<void>;
}

export class SaverPgSource extends SaverReaderBase implements HistorySource {
  readonly kind = "chronograph-saver" as const;
  private readonly histories: AsyncHistoryCache;
  protected readonly list: SaverThreadList;
  protected readonly light: LightHistories;

  constructor(
    private readonly rows: SaverRowReader,
    private readonly reads: SaverListReads & HeadRowReads & { routingValueRows(threadId: string, ns: string): Promise<SaverValueRow[]>; close(): Promise<void> },
  ) {
    super();
    const token = () => rows.changeToken();
    this.histories = new AsyncHistoryCache(token, async (threadId, namespace) => saverHistory(this.path, threadId, namespace, await this.namespaceRows(threadId, namespace)), (thread) => this.notFound(thread));
    // Many heads' statuses at once from two statements (head-statuses.ts), for the warm-up and the status filter.
    this.list = new SaverThreadList({ ...reads, headParts: headPartsOverRows(reads) }, rows.where, token, async (thread) => (await this.views(thread)).threadRow());
    this.light = new LightHistories(rows.where, token, (threadId, namespace) => this.namespaceRows(threadId, namespace, true), reads, (thread) => this.notFound(thread));
  }

  /** The masked URL. */
  get path(): string {
    return this.rows.where;
  }




  changeToken(): Promise<string> {
    return this.rows.changeToken();
  }

  async close(): Promise<void> {
    this.histories.clear();
    this.list.clear();
    this.light.clear();
    await this.reads.close();
    await this.rows.close();
  }

  /** The decoded history of a (thread, namespace) with its views. Throws THREAD_NOT_FOUND naming it and the database. */
  async views(thread: ThreadKey): Promise<HistoryViews> {
    await this.refresh();
    return this.viewsOf(thread);
  }

  /**
   * One thread's namespaces decoded, for the edit planner (which reads synchronously): their views, the
   * thread's largest checkpoint id, and the thread's own namespaces as the ones the planner looks in for a
   * node or channel the edited history does not know (a file offers every thread's). Throws THREAD_NOT_FOUND.
   */
  async thread(threadId: string): Promise<SaverHistories> {
    await this.refresh();
    const keys = await this.list.namespacesOf(threadId);
    const loaded = new Map<string, HistoryViews>();
    for (const key of keys) loaded.set(key.namespace, await this.viewsOf(key));
    let newest: string | null = null;
    for (const views of loaded.values()) for (const checkpoint of views.history.ordered) if (newest === null || checkpoint.id > newest) newest = checkpoint.id;
    return {
      views: (thread) => {
        const views = thread.threadId === threadId ? loaded.get(thread.namespace ?? "") : undefined;
        if (!views) throw this.notFound(thread);
        return views;
      },
      namespaces: () => keys,
      maxCheckpointId: (id) => (id === threadId ? newest : null),
    };
  }


  protected checkpointMissing(thread: ThreadKey, checkpointId: string): ChronographError {
    return pgCheckpointNotFound(this.path, thread, checkpointId);
  }

  /** Every row of a namespace, checkpoints oldest first; with `routingOnly`, the routing channels' values alone (light.ts). */
  private async namespaceRows(threadId: string, namespace: string, routingOnly = false): Promise<SaverNamespaceRows> {
    const [checkpoints, values, writes] = await Promise.all([
      this.rows.checkpoints({ threadId, ns: namespace }),
      routingOnly ? this.reads.routingValueRows(threadId, namespace) : this.rows.namespaceValues(threadId, namespace),
      this.rows.namespaceWrites(threadId, namespace),
    ]);
    return { checkpoints: [...checkpoints].reverse(), values, writes };
  }

  private notFound(thread: ThreadKey): ChronographError {
    return pgThreadNotFound(this.path, thread);
  }

  private viewsOf(thread: ThreadKey): Promise<HistoryViews> {
    return this.histories.viewsOf(thread);
  }

  private async refresh(): Promise<void> {
    await this.histories.refresh();
  }
}
