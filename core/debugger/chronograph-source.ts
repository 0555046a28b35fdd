/**
 * The HistorySource over Chronograph's own SQLite files. Opens the file read-only (the saver never
 * writes through this connection) plus a second read-only connection that only watches for commits.
 */
import { ChronographError } from "../api/errors.ts";
import type { HistorySource } from "../api/history-source.ts";
import type { CheckpointEntry, CheckpointView, GraphView, ThreadKey, ThreadRow } from "../api/types.ts";
import type { GraphDescription } from "../graph/describe.ts";
import { SqliteSaver } from "../storage/sqlite/index.ts";
import { openChangeProbe, type ChangeProbe } from "../storage/sqlite/probe.ts";
import { entryOf, threadRowOf, viewOf } from "./entries.ts";
import { inferGraphView, toGraphView } from "./graph-view.ts";

export interface ChronographSourceOptions {
  /** How long a read waits for another connection's exclusive lock. Default 2000 ms. */
  busyTimeoutMs?: number;
}

export class ChronographSource implements HistorySource {
  readonly kind = "chronograph" as const;

  private constructor(
    readonly path: string,
    /** The read-only saver; the debugger also reads records and stored graphs through it. */
    readonly saver: SqliteSaver,
    private readonly probe: ChangeProbe,
  ) {}

  /** Open `path` read-only. Throws FILE_NOT_FOUND, NOT_A_DATABASE, NOT_A_CHECKPOINT_DATABASE, SCHEMA_TOO_NEW, DATABASE_LOCKED. */
  static async open(path: string, options: ChronographSourceOptions = {}): Promise<ChronographSource> {
    const busyTimeoutMs = options.busyTimeoutMs ?? 2000;
    const saver = SqliteSaver.open(path, { readonly: true, busyTimeoutMs });
    try {
      return new ChronographSource(path, saver, openChangeProbe(path, { busyTimeoutMs }));
    } catch (error) {
      await saver.close();
      throw error;
    }
  }

  async listThreads(): Promise<ThreadRow[]> {
    return (await this.saver.listThreads()).map(threadRowOf);
  }

  async listCheckpoints(thread: ThreadKey): Promise<CheckpointEntry[]> {
    const tuples = await this.saver.list(this.threadId(thread), { withValues: false });
    if (tuples.length === 0) throw this.threadNotFound(thread);
    return tuples.map((tuple) => entryOf(tuple.record, tuple.pendingWrites));
  }

  async getCheckpoint(thread: ThreadKey, checkpointId: string): Promise<CheckpointView> {
    const tuple = await this.saver.getTuple(this.threadId(thread), checkpointId);
    if (!tuple) {
      throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${thread.threadId}" of "${this.path}".`, {
        thread: thread.threadId,
        checkpoint: checkpointId,
      });
    }
    return viewOf(tuple);
  }

  async listCheckpointViews(thread: ThreadKey): Promise<CheckpointView[]> {
    const tuples = await this.saver.list(this.threadId(thread));
    if (tuples.length === 0) throw this.threadNotFound(thread);
    return tuples.map(viewOf);
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

  async changeToken(): Promise<string> {
    return String(this.probe.dataVersion());
  }

  async close(): Promise<void> {
    this.probe.close();
    await this.saver.close();
  }

  private threadId(thread: ThreadKey): string {
    if (thread.namespace !== "") throw this.threadNotFound(thread);
    return thread.threadId;
  }

  private threadNotFound(thread: ThreadKey): ChronographError {
    const where = thread.namespace ? ` (namespace "${thread.namespace}")` : "";
    return new ChronographError("THREAD_NOT_FOUND", `Thread "${thread.threadId}"${where} does not exist in "${this.path}".`, { thread: thread.threadId });
  }
}
