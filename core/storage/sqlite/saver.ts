/**
 * A checkpointer on one SQLite file (better-sqlite3, WAL). Several processes may read and write the
 * same file: every write is one IMMEDIATE transaction, or one statement (a put that extends the head of
 * a thread whose summary row lags while a run goes on, and the first put of a new thread whose run goes
 * on: thread-lag.ts); a thread's head is the checkpoint inserted last,
 * and its history is ordered by checkpoint id, which sorts in creation order. A process
 * killed at any instant leaves every committed checkpoint whole and nothing of an uncommitted one.
 */
import Database from "better-sqlite3";
import { ChronographError } from "../../api/errors.ts";
import type { GraphDescription } from "../../graph/describe.ts";
import { toJson } from "../../checkpoint/serde.ts";
import { markPutAsSync } from "../../checkpoint/sync-put.ts";
import type {
  ChannelBlob,
  Checkpointer,
  CheckpointRecord,
  CheckpointTuple,
  ListOptions,
  PendingWrite,
  PruneOptions,
  ThreadSummary,
} from "../../checkpoint/types.ts";
import { type OpenOptions, openDatabase, readPragmas, type SqlitePragmas } from "./connection.ts";
import { guarded, sqliteError } from "./errors.ts";
import { readList, readTuple, type Tolerance, type WarnedTuple } from "./history.ts";
import { pruneAll } from "./prune.ts";
import { channelsColumn, insertRow, NEEDS_TRANSACTION, sortsAfter } from "./put-row.ts";
import { checkpointValues } from "./put-values.ts";
import { headSummary, storedHeadStatus } from "./rows.ts";
import { prepareStatements, type Statements } from "./statements.ts";
import { LagWriter } from "./lag-writer.ts";
import { installThreadRows, prepareLag } from "./thread-lag.ts";
import { summaryOfRow } from "./thread-page.ts";

/** Thrown inside a put's transaction (rolling it back) when closing the saver's deferred chain did not apply. */
const CHAIN_BROKEN = new Error("the thread changed since this saver's last deferred put");

/**
 * The SQLite checkpointer. Methods are async to match `Checkpointer` but do their work synchronously
 * (better-sqlite3); each write is one transaction, each read one consistent snapshot.
 */
export class SqliteSaver implements Checkpointer {
  static {
    // put only calls putSync, so the engine may call putSync itself (sync-put.ts).
    markPutAsSync(SqliteSaver.prototype.put);
  }

  private readonly statements: Statements;
  /** Runs its argument in one transaction: `.immediate` for writes, `.deferred` for reads. */
  private readonly transaction: Database.Transaction<(work: () => unknown) => unknown>;
  /** The rows this saver leaves lagging (thread-lag.ts); null when read-only. */
  private readonly lag: LagWriter | null;
  /** Called first in each read transaction: keeps thread-lag.ts's view overlaying rows exactly while some are marked. */
  private readonly refreshView: () => void;

  private constructor(
    private readonly db: Database.Database,
    /** The database file this saver reads and writes. */
    readonly file: string,
    /** True when opened read-only: every write throws READ_ONLY. */
    readonly readonly: boolean,
  ) {
    this.refreshView = installThreadRows(db);
    this.statements = prepareStatements(db);
    this.transaction = db.transaction((work: () => unknown) => work());
    this.lag = readonly ? null : new LagWriter(prepareLag(db), (work) => this.write(work), () => db.open);
  }

  /**
   * Open the checkpoint database at `file`, creating it (mode 0600) and its tables unless `readonly`.
   * Throws FILE_NOT_FOUND, NOT_A_DATABASE, NOT_A_CHECKPOINT_DATABASE, SCHEMA_TOO_NEW or DATABASE_LOCKED,
   * each naming the file. Close the saver when done.
   */
  static open(file: string, options: OpenOptions = {}): SqliteSaver {
    const db = openDatabase(file, options);
    const saver = guarded(file, () => new SqliteSaver(db, file, options.readonly === true));
    // Rows a crashed writer left lagging are brought current by the next writable open.
    saver.lag?.settleLeftovers();
    return saver;
  }

  /** journal_mode, the effective synchronous level and page_size of this connection. */
  pragmas(): SqlitePragmas {
    return guarded(this.file, () => readPragmas(this.db));
  }

  /** Move the WAL into the database file and truncate the WAL (PRAGMA wal_checkpoint(TRUNCATE)). */
  walCheckpoint(): void {
    guarded(this.file, () => this.db.pragma("wal_checkpoint(TRUNCATE)"));
  }

  async saveGraph(graph: GraphDescription, hash: string): Promise<void> {
    this.writable("save a graph");
    const json = toJson(graph, { channel: "(graph description)" });
    guarded(this.file, () => this.statements.saveGraph.run(hash, graph.name, json));
  }

  async loadGraph(hash: string): Promise<GraphDescription | undefined> {
    const json = guarded(this.file, () => this.statements.loadGraph.get(hash));
    return json === undefined ? undefined : (JSON.parse(json) as GraphDescription);
  }

  /**
   * Write one checkpoint atomically: its row, the channel values it changed (a by-reference append delta
   * costs no bytes of its own), its parent's child count and its thread's summary, in one transaction;
   * or, while a run extends the head of a thread this saver marked, its row alone in one statement (the
   * summary is brought current later: thread-lag.ts, lag-writer.ts), and a new thread's first checkpoint
   * with its summary row and mark in one statement (putInOneStatement). Throws
   * CHECKPOINT_NOT_FOUND (parent, or an append's base version, not in the thread), INVALID_ARGUMENT (id
   * already stored), UNSERIALIZABLE_VALUE naming the channel, READ_ONLY, DATABASE_LOCKED.
   */
  async put(record: CheckpointRecord, blobs: ChannelBlob[]): Promise<void> {
    this.putSync(record, blobs);
  }

  /**
   * `put`, done when it returns (Checkpointer.putSync): what the engine calls every superstep. `put`
   * calls it, so a subclass that changes how a checkpoint is written overrides this method.
   */
  putSync(record: CheckpointRecord, blobs: ChannelBlob[]): void {
    // The action is spelled out only when refused: put runs every superstep.
    if (this.readonly) this.writable(`write checkpoint "${record.checkpointId}"`);
    // No closure for guarded(): this runs every superstep.
    let done: boolean;
    try {
      done = this.putInOneStatement(record, blobs);
    } catch (error) {
      throw sqliteError(error, this.file);
    }
    if (done) return;
    try {
      this.write(() => this.putNow(record, blobs));
    } catch (error) {
      if (error !== CHAIN_BROKEN) throw error;
      // Another writer changed the thread since this saver's last deferred put: write it the usual way.
      this.lag!.forget(record.threadId);
      this.write(() => this.putNow(record, blobs));
    }
  }

  /**
   * Called where a run ends: the thread's summary row, if this saver left it lagging (thread-lag.ts), is
   * settled in the next batch with other ended runs' (lag-writer.ts: at most MAX_LAGGING lag, and none
   * after an idle spell or close). Readers are exact either way; settling only spares them computing it.
   */
  async settle(threadId: string): Promise<void> {
    this.lag?.ended(threadId);
  }

  /** Append task outcomes to a stored checkpoint, and refresh the thread's status when it is the head. */
  async putWrites(threadId: string, checkpointId: string, writes: PendingWrite[]): Promise<void> {
    this.writable(`save pending writes of checkpoint "${checkpointId}"`);
    this.write(() => this.putWritesNow(threadId, checkpointId, writes));
  }

  /** One checkpoint with fresh values (the caller may change them); it reads only that checkpoint's chains. */
  async getTuple(threadId: string, checkpointId?: string): Promise<CheckpointTuple | undefined> {
    // A run's first read of a brand-new thread: one statement says it has nothing, without a read transaction.
    if (checkpointId === undefined && guarded(this.file, () => this.statements.hasThread.get(threadId)) === undefined) return undefined;
    return this.read(() => {
      const id = checkpointId ?? this.statements.thread.get(threadId)?.head_checkpoint_id;
      const row = id === undefined ? undefined : this.statements.checkpoint.get(threadId, id);
      return row && readTuple(this.statements, threadId, row);
    });
  }

  /**
   * The thread's checkpoints newest first (by time-ordered id) across all branches. Each version is built
   * once per call, so tuples of one call share value objects, deeply frozen: copy a value before
   * changing it.
   */
  async list(threadId: string, options: ListOptions = {}): Promise<CheckpointTuple[]> {
    return this.read(() => readList(this.statements, threadId, options));
  }

  /**
   * For the debugger: like getTuple (checkpointId given) or list, but a damaged row, value or pending
   * write becomes a warning on its checkpoint instead of failing the read, and values are decoded
   * within `tolerance.budget`.
   */
  async readTolerant(threadId: string, tolerance: Tolerance, options: ListOptions & { checkpointId?: string } = {}): Promise<WarnedTuple[]> {
    return this.read(() => {
      if (options.checkpointId === undefined) return readList(this.statements, threadId, options, tolerance);
      const row = this.statements.checkpoint.get(threadId, options.checkpointId);
      return row ? [readTuple(this.statements, threadId, row, tolerance)] : [];
    });
  }

  /** Whether any stored checkpoint names this one as its parent (a counter kept by `put`, or a child that extended it as head). */
  async hasChildren(threadId: string, checkpointId: string): Promise<boolean> {
    return guarded(this.file, () => this.statements.hasChildren.get(threadId, checkpointId) === 1);
  }

  /** One summary per thread: the threads table, a lagging thread's computed from its head (thread-lag.ts). One query. */
  async listThreads(): Promise<ThreadSummary[]> {
    return this.read(() => this.statements.threads.all()).map(summaryOfRow);
  }

  async deleteThread(threadId: string): Promise<void> {
    this.writable(`delete thread "${threadId}"`);
    this.write(() => {
      this.lag!.settleIn(threadId);
      for (const statement of this.statements.deleteThread) statement.run(threadId);
    });
  }

  /** Prune each thread in its own transaction (see prune.ts); survivors' values stay as they were. */
  async prune(options: PruneOptions): Promise<{ removed: number }> {
    this.writable("prune checkpoints");
    // Each thread's row is brought current in its prune's transaction: prune recounts it from its checkpoints.
    const lag = this.lag!;
    return { removed: guarded(this.file, () => pruneAll(this.db, this.statements, options, (threadId) => lag.settleIn(threadId))) };
  }

  /** Close the connection; calling it again is a no-op. Any later call fails naming the file. */
  async close(): Promise<void> {
    if (!this.db.open) return;
    this.lag?.close();
    this.db.close();
  }

  private read<T>(work: () => T): T {
    return guarded(
      this.file,
      () =>
        this.transaction.deferred(() => {
          this.refreshView();
          return work();
        }) as T,
    );
  }

  private write(work: () => void): void {
    guarded(this.file, () => this.transaction.immediate(work));
  }

  private writable(action: string): void {
    if (this.readonly) {
      throw new ChronographError("READ_ONLY", `Cannot ${action}: the checkpoint database "${this.file}" was opened read-only.`, { file: this.file });
    }
  }

  /**
   * The puts that are one autocommit statement (thread-lag.ts): a put that extends the head of a thread
   * this saver marked (its row alone; the summary is brought current later), and a new thread's first
   * put whose run goes on (LagWriter.mayOpen: its row, the thread's summary row and its mark). Either needs
   * nothing else written: a large value needs the blobs table, so such a put takes the transaction. False
   * when neither applied (nothing was written).
   */
  private putInOneStatement(record: CheckpointRecord, blobs: ChannelBlob[]): boolean {
    const { threadId, checkpointId, parentId } = record;
    const lag = this.lag!;
    const extending = lag.has(threadId);
    if (extending ? parentId === null || !sortsAfter(checkpointId, parentId) : !lag.mayOpen(record)) return false;
    let channels: string;
    try {
      channels = channelsColumn(this.statements, record, blobs, false);
    } catch (error) {
      if (error === NEEDS_TRANSACTION) return false;
      throw error;
    }
    const values = checkpointValues(record, channels);
    if (extending) {
      values.push(threadId, parentId);
      return lag.appended(record, values);
    }
    const { status, lastNode } = headSummary(record);
    values.push(status, lastNode);
    return lag.openedThread(record, values);
  }

  private putNow(record: CheckpointRecord, blobs: ChannelBlob[]): void {
    const { threadId, checkpointId, parentId } = record;
    // A put that holds a large value (or whose ids SQLite may sort differently) after this saver's deferred puts: its row, then
    // the thread's row brought current with it as head, in one update.
    if (this.lag!.extendsChain(record)) {
      insertRow(this.statements, record, blobs);
      if (this.lag!.closedChain(record)) return;
      throw CHAIN_BROKEN;
    }
    // Any other put first brings a lagging row current, so the counts below start from the truth.
    this.lag!.settleIn(threadId);
    const { addChild, extendHead, upsertThread } = this.statements;
    const { graph: graphName, status, lastNode, step, time: createdAt } = headSummary(record);
    // Inside the put's transaction: a missing parent or a taken id throws and rolls everything back. The
    // usual put extends the head: one update of the thread row, and the child is not counted on its
    // parent (schema version 3: hasChildren finds it by its id, which must sort after the parent's).
    const extended =
      parentId !== null && sortsAfter(checkpointId, parentId) && extendHead.run(graphName, status, lastNode, step, checkpointId, createdAt, threadId, parentId).changes === 1;
    if (parentId !== null && !extended && addChild.run(threadId, parentId).changes === 0) {
      throw new ChronographError("CHECKPOINT_NOT_FOUND", `Parent checkpoint "${parentId}" does not exist in thread "${threadId}".`, { thread: threadId, checkpoint: parentId });
    }
    insertRow(this.statements, record, blobs);
    if (!extended) upsertThread.run(threadId, graphName, status, lastNode, step, checkpointId, createdAt, createdAt, parentId, parentId, checkpointId, parentId, threadId);
    this.lag!.afterPut(record);
  }

  private putWritesNow(threadId: string, checkpointId: string, writes: PendingWrite[]): void {
    const row = this.statements.statusFields.get(threadId, checkpointId);
    if (!row) {
      throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${threadId}".`, { thread: threadId, checkpoint: checkpointId });
    }
    let seq = this.statements.nextWriteSeq.get(threadId, checkpointId)!;
    for (const write of writes) {
      const value = toJson(write.value, { channel: `(pending write of task ${write.taskId})`, node: write.node, threadId });
      this.statements.insertWrite.run(threadId, checkpointId, seq++, write.taskId, write.node, write.kind, value);
    }
    // The thread's status is its head's: only writes against the head can change it. A lagging row's
    // status is computed by its readers (thread-lag.ts) from these writes until it is settled.
    if (this.lag!.lagging(threadId)) return;
    if (this.statements.thread.get(threadId)?.head_checkpoint_id !== checkpointId) return;
    this.statements.setThreadStatus.run(storedHeadStatus(row, this.statements.writes.all(threadId, checkpointId)), threadId);
  }
}
