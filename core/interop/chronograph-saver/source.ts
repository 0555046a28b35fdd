/**
 * The HistorySource over a SQLite file written by ChronographSaver (LangGraph.js with Chronograph's
 * storage). Opens the file read-only and never writes to it (edits go through the saver itself, in the
 * debugger). Each (thread, namespace) is decoded on first use (history.ts) into the LangGraph.js
 * reader's model and cached until the file changes (changeToken).
 */
import { ChronographError } from "../../api/errors.ts";
import type { HistorySource } from "../../api/history-source.ts";
import type { ThreadKey } from "../../api/types.ts";
import { openRawDatabase, type RawDatabase, READ_BUSY_MS } from "../../storage/sqlite/raw.ts";
import { kindOf } from "../detect.ts";
import { HistoryCache, threadNotFound } from "../langgraph/history-cache.ts";
import type { HistoryViews } from "../langgraph/views.ts";
import { loadSaverHistory, readSaverRows, saverNamespaces } from "./history.ts";
import { LightHistories } from "./light.ts";
import { SaverReaderBase } from "./reader-base.ts";
import { sqliteSaverReads } from "./sqlite-reads.ts";
import { SaverThreadList } from "./thread-list.ts";

export class SaverSource extends SaverReaderBase implements HistorySource {
  readonly kind = "chronograph-saver" as const;
  private readonly histories: HistoryCache;
  /** The paged thread list: SQL aggregates, only the page's rows decoded (thread-list.ts). */
  protected readonly list: SaverThreadList;
  /** Timelines, graphs and windows without rebuilding every checkpoint's state (light.ts). */
  protected readonly light: LightHistories;

  private constructor(
    readonly path: string,
    private readonly db: RawDatabase,
  ) {
    super();
    this.histories = new HistoryCache(db, path, (threadId, namespace) => loadSaverHistory(db, threadId, namespace));
    const reads = sqliteSaverReads(db);
    const token = async () => this.histories.changeToken();
    this.list = new SaverThreadList(reads, path, token, async (thread) => this.views(thread).threadRow());
    this.light = new LightHistories(path, token, async (threadId, namespace) => readSaverRows(db, threadId, namespace, true), reads, (thread) => threadNotFound(path, thread));
  }

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




  /** PRAGMA data_version plus the sizes and times of the file and its WAL: moves on any commit. */
  async changeToken(): Promise<string> {
    return this.histories.changeToken();
  }

  async close(): Promise<void> {
    this.histories.clear();
    this.list.clear();
    this.light.clear();
    this.db.close();
  }

  protected checkpointMissing(thread: ThreadKey, checkpointId: string): ChronographError {
    const ns = thread.namespace ? ` (namespace "${thread.namespace}")` : "";
    return new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${thread.threadId}"${ns} of "${this.path}".`, { file: this.path, thread: thread.threadId, checkpoint: checkpointId });
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
    return this.histories.views(thread);
  }
}
