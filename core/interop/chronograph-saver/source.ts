/**
 * The HistorySource over a SQLite file written by ChronographSaver (LangGraph.js with Chronograph's
 * storage). Opens the file read-only and never writes to it (edits go through the saver itself, in the
 * debugger). Each (thread, namespace) is decoded on first use (history.ts) into the LangGraph.js
 * reader's model and cached until the file changes (changeToken).
 */
import { ChronographError } from "../../api/errors.ts";
import type { HistorySource } from "../../api/history-source.ts";
import type { CheckpointEntry, CheckpointVersions, CheckpointView, GraphView, ThreadKey, ThreadRow } from "../../api/types.ts";
import { openRawDatabase, type RawDatabase, READ_BUSY_MS } from "../../storage/sqlite/raw.ts";
import { fileChangeToken } from "../change-token.ts";
import { kindOf } from "../detect.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import { HistoryViews } from "../langgraph/views.ts";
import { loadSaverHistory, saverNamespaces } from "./history.ts";

export class SaverSource implements HistorySource {
  readonly kind = "chronograph-saver" as const;
  private readonly cache = new Map<string, HistoryViews>();
  private cacheToken = "";

  private constructor(
    readonly path: string,
    private readonly db: RawDatabase,
  ) {}

  /** Open `path` read-only. Throws FILE_NOT_FOUND, NOT_A_DATABASE, NOT_A_CHECKPOINT_DATABASE (another kind of file), DATABASE_LOCKED. */
  static async open(path: string, options: { busyTimeoutMs?: number } = {}): Promise<SaverSource> {
    const db = openRawDatabase(path, { readonly: true, busyTimeoutMs: Math.min(options.busyTimeoutMs ?? READ_BUSY_MS, READ_BUSY_MS) });
    try {
      const kind = kindOf(db);
      if (kind !== "chronograph-saver") throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `"${path}" was not written by ChronographSaver (it is a ${kind} database).`, { file: path });
      return new SaverSource(path, db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async listThreads(): Promise<ThreadRow[]> {
    this.refresh();
    const rows = this.namespaces().map((key) => this.viewsOf(key).threadRow());
    return rows.sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0) || (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : a.namespace < b.namespace ? -1 : 1));
  }

  async listCheckpoints(thread: ThreadKey): Promise<CheckpointEntry[]> {
    const views = this.views(thread);
    return [...views.history.ordered].reverse().map((checkpoint) => views.entry(checkpoint));
  }

  async getCheckpoint(thread: ThreadKey, checkpointId: string): Promise<CheckpointView> {
    const views = this.views(thread);
    return views.view(this.find(views, thread, checkpointId));
  }

  async listCheckpointViews(thread: ThreadKey): Promise<CheckpointView[]> {
    const views = this.views(thread);
    return [...views.history.ordered].reverse().map((checkpoint) => views.view(checkpoint));
  }

  async getVersions(thread: ThreadKey, checkpointId: string): Promise<CheckpointVersions> {
    const views = this.views(thread);
    return views.versions(this.find(views, thread, checkpointId));
  }

  async getGraph(thread: ThreadKey): Promise<GraphView> {
    return this.views(thread).graphView();
  }

  /** PRAGMA data_version plus the sizes and times of the file and its WAL: moves on any commit. */
  async changeToken(): Promise<string> {
    return this.token();
  }

  async close(): Promise<void> {
    this.cache.clear();
    this.db.close();
  }

  /** Every (thread, namespace) of the file. */
  namespaces(): ThreadKey[] {
    return saverNamespaces(this.db).map((row) => ({ threadId: row.thread_id, namespace: row.checkpoint_ns }));
  }

  /** The largest checkpoint id of a thread in any namespace (an edit's id sorts after it), or null. */
  maxCheckpointId(threadId: string): string | null {
    return this.db.get<{ id: string | null }>("SELECT MAX(checkpoint_id) AS id FROM lg_checkpoints WHERE thread_id = ?", threadId)?.id ?? null;
  }

  /** The decoded history of a thread with its views. Throws THREAD_NOT_FOUND naming the thread, namespace and file. */
  views(thread: ThreadKey): HistoryViews {
    this.refresh();
    return this.viewsOf(thread);
  }

  private find(views: HistoryViews, thread: ThreadKey, checkpointId: string): LoadedCheckpoint {
    const checkpoint = views.history.byId.get(checkpointId);
    if (checkpoint) return checkpoint;
    throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${thread.threadId}"${nsWords(thread)} of "${this.path}".`, {
      file: this.path,
      thread: thread.threadId,
      checkpoint: checkpointId,
    });
  }

  private viewsOf(thread: ThreadKey): HistoryViews {
    const namespace = thread.namespace ?? "";
    const key = `${thread.threadId}\u0000${namespace}`;
    let views = this.cache.get(key);
    if (!views) {
      const history = loadSaverHistory(this.db, thread.threadId, namespace);
      if (!history) throw new ChronographError("THREAD_NOT_FOUND", `Thread "${thread.threadId}"${nsWords(thread)} has no checkpoints in "${this.path}".`, { file: this.path, thread: thread.threadId });
      views = new HistoryViews(history);
      this.cache.set(key, views);
    }
    return views;
  }

  private token(): string {
    return fileChangeToken(this.db, this.path);
  }

  private refresh(): void {
    const token = this.token();
    if (token !== this.cacheToken) {
      this.cache.clear();
      this.cacheToken = token;
    }
  }
}

function nsWords(thread: ThreadKey): string {
  return thread.namespace ? ` (namespace "${thread.namespace}")` : "";
}
