/**
 * A checkpointer on PostgreSQL (node-postgres). Many workers on many machines may share one database:
 * each write is one statement (a function call, with its change notification), so one round trip and one transaction; writers of
 * one thread queue on that thread's row alone, and a worker that advances a thread another worker has
 * advanced since it read it gets THREAD_CONFLICT with nothing stored. Every query has a timeout and a
 * lost connection fails the call with DATABASE_UNAVAILABLE; the pool reconnects on the next call.
 * The URL is only ever shown masked (url.ts).
 */
import { randomInt } from "node:crypto";
import type pg from "pg";
import { ChronographError } from "../../api/errors.ts";
import { writersColumn, writersOf } from "../../checkpoint/thread-status.ts";
import { toJson } from "../../checkpoint/serde.ts";
import type { ChannelBlob, Checkpointer, CheckpointRecord, CheckpointTuple, ListOptions, PendingWrite, PruneOptions, ThreadSummary } from "../../checkpoint/types.ts";
import type { GraphDescription } from "../../graph/describe.ts";
import { type BlobContext, planBlob } from "../sqlite/append-store.ts";
import { channelsJson } from "../sqlite/stored-blob.ts";
import { pruneThread } from "./prune.ts";
import { fetchMiss, readList, readTuple, type RowQuery, type Statement, statement } from "./reads.ts";
import { recordJson } from "./rows.ts";
import { openPool, type PostgresOpenOptions, withConnection } from "./connection.ts";
import { migrate, quoted, SCHEMA_VERSION } from "./schema.ts";
import { NOTIFY_CHANNEL, notifyPayload } from "./notify.ts";
import { packWrites } from "./compress.ts";
import { CONFLICT_STATE, MISSING_CHECKPOINT_STATE, MISSING_PARENT_STATE, maskUrl, postgresError } from "./url.ts";
import { KnownRows, resolving } from "./version-cache.ts";
import { type SummaryRow, summaryOf, summarySql, THREAD_ORDER } from "./thread-page.ts";

/** Threads whose recent versions a saver remembers for its next put. */
const KNOWN_THREADS = 64;
/** Past this many versions remembered for one thread, start over. */
const KNOWN_VERSIONS = 4096;

export class PostgresSaver implements Checkpointer {
  private readonly s: string;
  private readonly known = new Map<string, KnownRows>();
  /** Per thread, the head this saver last read or wrote: a put on it must still find it the head. */
  private readonly heads = new Map<string, string | null>();
  private closed = false;
  /** Graph hashes stored (graphs are never deleted). */
  private readonly savedGraphs = new Set<string>();
  /** Counts round trips, for benchmarks and tests. */
  queries = 0;
  /**
   * The schema version the tables are at: SCHEMA_VERSION, or an older one (from 1) left as it is by a
   * read-only open (the debugger's), read without the columns added since.
   */
  schemaVersion = SCHEMA_VERSION;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    /** The schema holding this store's tables. */
    readonly schema: string,
  ) {
    this.s = quoted(schema);
    // pg_notify rides in the same statement: one round trip, sent only if the write commits (notify.ts).
    this.putSql = statement(`SELECT ${this.s}.put_checkpoint($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15), pg_notify($16, $17)`);
    this.putWritesSql = statement(`SELECT ${this.s}.put_writes($1, $2, $3, $4, $5, $6, $7), pg_notify($8, $9)`);
  }

  /**
   * Connect to `url`, creating or upgrading the tables in `schema`. Honours the URL's TLS settings
   * (`sslmode`). Throws DATABASE_UNAVAILABLE (unreachable, refused login, TLS refused),
   * NOT_A_CHECKPOINT_DATABASE, SCHEMA_TOO_NEW or INVALID_ARGUMENT, naming the masked URL.
   */
  static async open(url: string, options: PostgresOpenOptions = {}): Promise<PostgresSaver> {
    const { pool, schema } = openPool(url, options);
    const saver = new PostgresSaver(pool, url, schema);
    try {
      saver.schemaVersion = await migrate(pool, schema, maskUrl(url));
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw postgresError(error, url);
    }
    return saver;
  }

  /** Whether the tables have `writes_z` (schema version 2 on). */
  private get compressed(): boolean {
    return this.schemaVersion >= 2;
  }

  /** The URL with its password masked, for messages. */
  get where(): string {
    return maskUrl(this.url);
  }

  /** Store a topology once per hash; this saver remembers what it stored, so each run after the first costs no round trip. */
  async saveGraph(graph: GraphDescription, hash: string): Promise<void> {
    if (this.savedGraphs.has(hash)) return;
    const json = toJson(graph, { channel: "(graph description)" });
    await this.rows(`INSERT INTO ${this.s}.graphs (hash, name, description) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING`, [hash, graph.name, json]);
    this.savedGraphs.add(hash);
  }

  async loadGraph(hash: string): Promise<GraphDescription | undefined> {
    const rows = await this.rows<[string]>(`SELECT description FROM ${this.s}.graphs WHERE hash = $1`, [hash]);
    return rows.length === 0 ? undefined : (JSON.parse(rows[0]![0]) as GraphDescription);
  }

  /**
   * Write one checkpoint in one round trip and one transaction. Throws THREAD_CONFLICT when its parent
   * is the head this saver last saw but another writer has moved the head since; CHECKPOINT_NOT_FOUND
   * (parent or an append's base not stored), INVALID_ARGUMENT (id taken), UNSERIALIZABLE_VALUE naming
   * the channel, DATABASE_UNAVAILABLE. Nothing is stored when it throws.
   */
  async put(record: CheckpointRecord, blobs: ChannelBlob[]): Promise<void> {
    const { threadId, checkpointId, parentId } = record;
    const known = this.knownRows(threadId);
    let largeIds: number[] = [];
    let largeData: string[] = [];
    const channels = await this.guard(resolving(
      () => {
        largeIds = [];
        largeData = [];
        const context: BlobContext = {
          threadId,
          parentId,
          writes: record.writes,
          lookup: known.lookup,
          large: known.largeLookup,
          storeLarge: (data) => {
            // Unique within the thread (the key is thread + id); a clash fails the put, never overwrites.
            const id = randomInt(1, 2 ** 47);
            largeIds.push(id);
            largeData.push(data);
            return id;
          },
        };
        return channelsJson(blobs.map((blob) => [blob.channel, planBlob(blob, context)] as const));
      },
      (miss) => fetchMiss(this.query, this.s, threadId, known, miss, 32, this.compressed),
    ), threadId);
    known.large.clear();
    const { meta, writes } = recordJson(record);
    const packed = packWrites(writes);
    const checkHead = this.heads.has(threadId) && this.heads.get(threadId) === parentId;
    try {
      await this.query(this.putSql, [
        threadId,
        checkpointId,
        parentId,
        record.step,
        record.source,
        record.createdAt,
        meta,
        packed.text,
        packed.deflated,
        channels,
        record.graph?.name ?? null,
        writersColumn(writersOf(record)),
        checkHead,
        largeIds.length > 0 ? largeIds : null,
        largeIds.length > 0 ? largeData : null,
        NOTIFY_CHANNEL,
        notifyPayload(this.schema, threadId),
      ]);
    } catch (error) {
      throw this.writeError(error, threadId, checkpointId, parentId);
    }
    known.addVersion(checkpointId, parentId, channels, writes);
    this.heads.set(threadId, checkpointId);
  }

  /** Append task outcomes to a stored checkpoint, in one round trip; THREAD_CONFLICT as for put. */
  async putWrites(threadId: string, checkpointId: string, writes: PendingWrite[]): Promise<void> {
    const values = writes.map((write) => toJson(write.value, { channel: `(pending write of task ${write.taskId})`, node: write.node, threadId }));
    const checkHead = this.heads.get(threadId) === checkpointId;
    try {
      await this.query(this.putWritesSql, [
        threadId,
        checkpointId,
        checkHead,
        writes.map((write) => write.taskId),
        writes.map((write) => write.node),
        writes.map((write) => write.kind),
        values,
        NOTIFY_CHANNEL,
        notifyPayload(this.schema, threadId),
      ]);
    } catch (error) {
      throw this.writeError(error, threadId, checkpointId, checkpointId);
    }
  }

  async getTuple(threadId: string, checkpointId?: string): Promise<CheckpointTuple | undefined> {
    const tuple = await this.guard(readTuple(this.query, this.s, threadId, checkpointId, this.compressed), threadId);
    if (checkpointId === undefined) this.heads.set(threadId, tuple?.record.checkpointId ?? null);
    return tuple;
  }

  async list(threadId: string, options: ListOptions = {}): Promise<CheckpointTuple[]> {
    return this.guard(readList(this.query, this.s, threadId, options, this.compressed), threadId);
  }

  async hasChildren(threadId: string, checkpointId: string): Promise<boolean> {
    const rows = await this.rows<[boolean]>(
      `SELECT EXISTS (SELECT 1 FROM ${this.s}.checkpoints WHERE thread_id = $1 AND checkpoint_id = $2)
          AND NOT EXISTS (SELECT 1 FROM ${this.s}.leaves WHERE thread_id = $1 AND checkpoint_id = $2)
          AND NOT EXISTS (SELECT 1 FROM ${this.s}.threads WHERE thread_id = $1 AND head_checkpoint_id = $2)`,
      [threadId, checkpointId],
      threadId,
    );
    return rows[0]![0];
  }

  /** One summary per thread, most recently updated first; each status read from its head and the head's pending writes. */
  async listThreads(): Promise<ThreadSummary[]> {
    return (await this.rows<SummaryRow>(`${summarySql(this.s, this.compressed)} ${THREAD_ORDER}`, [])).map(summaryOf);
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.rows(
      `WITH a AS (DELETE FROM ${this.s}.checkpoints WHERE thread_id = $1), b AS (DELETE FROM ${this.s}.blobs WHERE thread_id = $1),
            w AS (DELETE FROM ${this.s}.writes WHERE thread_id = $1), l AS (DELETE FROM ${this.s}.leaves WHERE thread_id = $1)
       DELETE FROM ${this.s}.threads WHERE thread_id = $1`,
      [threadId],
      threadId,
    );
    this.forget(threadId);
  }

  /** Prune each thread in its own transaction (see prune.ts). */
  async prune(options: PruneOptions): Promise<{ removed: number }> {
    let removed = 0;
    for (const [threadId] of await this.rows<[string]>(`SELECT thread_id FROM ${this.s}.threads`, [])) {
      this.forget(threadId);
      removed += await this.guard(withConnection(this.pool, (client) => pruneThread(client, this.s, threadId, options)), threadId);
    }
    return { removed };
  }

  /** Close every connection; calling it again is a no-op. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** The two writes, as statements prepared once per connection (pg names them; see `query`). */
  private readonly putSql: Statement;
  private readonly putWritesSql: Statement;

  private readonly query: RowQuery = async <R extends unknown[]>(sql: string | Statement, params: unknown[]) => {
    if (this.closed) throw new ChronographError("INVALID_ARGUMENT", `The checkpoint database ${this.where} (schema "${this.schema}") is closed.`, { database: this.where });
    this.queries += 1;
    const result = await this.pool.query<R>(typeof sql === "string" ? { text: sql, values: params, rowMode: "array" } : { ...sql, values: params, rowMode: "array" });
    return result.rows;
  };

  private rows<R extends unknown[]>(sql: string, params: unknown[], thread?: string): Promise<R[]> {
    return this.guard(this.query<R>(sql, params), thread);
  }

  private async guard<T>(work: Promise<T>, thread?: string): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw postgresError(error, this.url, thread);
    }
  }

  private writeError(error: unknown, threadId: string, checkpointId: string, parentId: string | null): unknown {
    const code = (error as { code?: string } | null)?.code;
    const subject = { thread: threadId, checkpoint: checkpointId };
    if (code === CONFLICT_STATE) {
      this.forget(threadId);
      return new ChronographError("THREAD_CONFLICT", `Thread "${threadId}" was advanced by another worker since this one read it; checkpoint "${checkpointId}" was not stored. Read the thread again and retry.`, subject);
    }
    if (code === MISSING_PARENT_STATE || code === MISSING_CHECKPOINT_STATE) {
      return new ChronographError("CHECKPOINT_NOT_FOUND", `${code === MISSING_PARENT_STATE ? "Parent checkpoint" : "Checkpoint"} "${parentId}" does not exist in thread "${threadId}".`, { thread: threadId, checkpoint: parentId ?? "" });
    }
    if (code === "23505") return new ChronographError("INVALID_ARGUMENT", `Checkpoint "${checkpointId}" already exists in thread "${threadId}"; history is append-only.`, subject);
    return postgresError(error, this.url, threadId);
  }

  private knownRows(threadId: string): KnownRows {
    let known = this.known.get(threadId);
    if (known !== undefined && known.versions.size <= KNOWN_VERSIONS) {
      // Re-inserting keeps the Map in least-recently-used order.
      this.known.delete(threadId);
    } else {
      known = new KnownRows();
    }
    this.known.set(threadId, known);
    if (this.known.size > KNOWN_THREADS) this.known.delete(this.known.keys().next().value!);
    return known;
  }

  private forget(threadId: string): void {
    this.known.delete(threadId);
    this.heads.delete(threadId);
  }
}
