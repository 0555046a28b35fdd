/**
 * Appending to LangGraph's PostgresSaver tables (an edit as node written by the debugger): one
 * read-write transaction per edit, holding a transaction-level advisory lock on the (schema, thread,
 * namespace) so two debugger edits of one thread queue instead of interleaving, and re-reading the thread
 * inside it. Only INSERTs: a checkpoint row (plain INSERT: an existing id fails the edit), blobs (plain
 * INSERT: a version another writer already stored fails the edit rather than being silently shared,
 * LangGraph.js issue #1812), and the update task's writes (ON CONFLICT DO NOTHING, as LangGraph's own
 * putWrites). Nothing existing changes; any failure rolls everything back, a row stored meanwhile by
 * another writer as THREAD_CONFLICT naming the thread. Errors name the masked URL.
 */
import type pg from "pg";
import { openPool, withConnection } from "./connection.ts";
import type { LangGraphPgReader } from "./langgraph-reads.ts";
import { ChronographError } from "../../api/errors.ts";
import { maskUrl, postgresError } from "./url.ts";

export interface PgCheckpointInsert {
  checkpointId: string;
  parentId: string | null;
  /** The checkpoint without channel_values (LangGraph.js keeps every value in checkpoint_blobs). */
  checkpoint: unknown;
  metadata: unknown;
}
/** One value per (channel, version): a serializer type and bytes, or type "empty" with no bytes. */
export interface PgBlobInsert {
  channel: string;
  version: string;
  type: string;
  blob: Uint8Array | null;
}
export interface PgWriteInsert {
  checkpointId: string;
  taskId: string;
  idx: number;
  channel: string;
  type: string;
  blob: Uint8Array;
}

/** What an edit sees inside its transaction. */
export interface LangGraphPgTransaction {
  /** The thread's rows, read on the transaction's connection. */
  rows: LangGraphPgReader;
  /** The largest checkpoint id of the thread (any namespace), or null. */
  maxCheckpointId(): Promise<string | null>;
  /** The largest integer version stored for any channel of the (thread, namespace), 0 when none. */
  maxIntegerVersion(): Promise<number>;
  /** Stored values by channel for these (channel, version) pairs (json ones parsed, as stored). */
  storedJson(versions: Record<string, unknown>): Promise<Map<string, unknown>>;
  insert(checkpoint: PgCheckpointInsert, blobs: PgBlobInsert[], writes: PgWriteInsert[]): Promise<void>;
}

export class LangGraphPgWriter {
  private pool: pg.Pool | null = null;

  constructor(
    private readonly url: string,
    private readonly reader: LangGraphPgReader,
  ) {}

  /** Run `work` in one read-write transaction locked on the thread; commits what it inserted, or rolls back. */
  async transaction<T>(threadId: string, namespace: string, work: (tx: LangGraphPgTransaction) => Promise<T>): Promise<T> {
    this.pool ??= openPool(this.url, { schema: this.reader.schema, maxConnections: 1, timeoutMs: 30_000 }).pool;
    const table = (name: string) => `"${this.reader.schema}".${name}`;
    try {
      return await withConnection(this.pool, async (client) => {
        await client.query("BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE");
        try {
          await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [JSON.stringify(["chronograph-edit", this.reader.schema, threadId, namespace])]);
          const tx: LangGraphPgTransaction = {
            rows: this.reader.onClient(client),
            maxCheckpointId: async () => (await client.query<{ id: string | null }>(`SELECT MAX(checkpoint_id) AS id FROM ${table("checkpoints")} WHERE thread_id = $1`, [threadId])).rows[0]!.id,
            maxIntegerVersion: async () => {
              const result = await client.query<{ v: string | null }>(
                `SELECT MAX(version::numeric) AS v FROM ${table("checkpoint_blobs")} WHERE thread_id = $1 AND checkpoint_ns = $2 AND version ~ '^[0-9]+$'`,
                [threadId, namespace],
              );
              return Number(result.rows[0]!.v ?? 0);
            },
            storedJson: async (versions) => {
              const pairs = Object.entries(versions).map(([channel, version]) => [channel, String(version)]);
              if (pairs.length === 0) return new Map();
              const result = await client.query<{ channel: string; blob: Buffer | null }>(
                `SELECT b.channel, b.blob FROM ${table("checkpoint_blobs")} b JOIN unnest($3::text[], $4::text[]) AS v(channel, version)
                   ON b.channel = v.channel AND b.version = v.version WHERE b.thread_id = $1 AND b.checkpoint_ns = $2 AND b.type = 'json'`,
                [threadId, namespace, pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1])],
              );
              return new Map(result.rows.filter((row) => row.blob !== null).map((row) => [row.channel, JSON.parse(row.blob!.toString("utf8")) as unknown]));
            },
            insert: async (checkpoint, blobs, writes) => {
              for (const blob of blobs) {
                await client.query(`INSERT INTO ${table("checkpoint_blobs")} (thread_id, checkpoint_ns, channel, version, type, blob) VALUES ($1, $2, $3, $4, $5, $6)`, [
                  threadId, namespace, blob.channel, blob.version, blob.type, blob.blob === null ? null : Buffer.from(blob.blob),
                ]);
              }
              await client.query(
                `INSERT INTO ${table("checkpoints")} (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata) VALUES ($1, $2, $3, $4, $5, $6)`,
                [threadId, namespace, checkpoint.checkpointId, checkpoint.parentId, checkpoint.checkpoint, checkpoint.metadata],
              );
              for (const write of writes) {
                await client.query(
                  `INSERT INTO ${table("checkpoint_writes")} (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                     ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) DO NOTHING`,
                  [threadId, namespace, write.checkpointId, write.taskId, write.idx, write.channel, write.type, Buffer.from(write.blob)],
                );
              }
            },
          };
          const result = await work(tx);
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        }
      });
    } catch (error) {
      // 23505: a row this edit inserts was stored meanwhile by a writer that does not take our lock (LangGraph.js itself).
      if ((error as { code?: string }).code === "23505") {
        const where = maskUrl(this.url);
        throw new ChronographError("THREAD_CONFLICT", `Another writer stored rows of thread "${threadId}" in ${where} while this edit was being written; nothing of the edit was saved. Reload the thread and edit again.`, { database: where, thread: threadId });
      }
      throw postgresError(error, this.url, threadId);
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end().catch(() => undefined);
  }
}
