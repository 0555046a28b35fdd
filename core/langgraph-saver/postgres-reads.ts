/**
 * What the debugger's paged thread list reads of ChronographSaver's PostgreSQL tables (the reader's
 * SaverListReads, core/interop/chronograph-saver/thread-list.ts, which this layer may not import: the
 * shapes are repeated structurally): aggregates over lg_checkpoints and lg_writes, and the rows of named
 * checkpoints, values and writes, each through the tables' primary keys. Its own small pool, every
 * transaction READ ONLY, connected on first use. Errors name the masked URL.
 */
import { ChronographError } from "../api/errors.ts";
import { openPool } from "../storage/postgres/connection.ts";
import { readOnlyUrl } from "../storage/postgres/langgraph-reads.ts";
import { quoted } from "../storage/postgres/schema.ts";
import { maskUrl, postgresError } from "../storage/postgres/url.ts";
import type { CheckpointRow, ValueRow, WriteRow } from "./store.ts";

/** A checkpoint row as the reader decodes it (its thread and namespace are the call's). */
export type SaverPgCheckpointRow = Omit<CheckpointRow, "thread_id" | "checkpoint_ns">;

export interface SaverPgReads {
  namespaceIndex(): Promise<Array<{ thread_id: string; checkpoint_ns: string; count: number; head_id: string }>>;
  writeStamps(): Promise<Map<string, string>>;
  firstCheckpointRow(threadId: string, ns: string): Promise<SaverPgCheckpointRow | undefined>;
  parentCount(threadId: string, ns: string): Promise<number>;
  checkpointRows(threadId: string, ns: string, ids: readonly string[]): Promise<SaverPgCheckpointRow[]>;
  valueRows(threadId: string, ns: string, pairs: ReadonlyArray<readonly [string, string]>): Promise<Array<Omit<ValueRow, "depth" | "size">>>;
  /** The namespace's values of channels whose names could route a run (`__`, branch:, join:, start:), in any order. */
  routingValueRows(threadId: string, ns: string): Promise<Array<Omit<ValueRow, "depth" | "size">>>;
  writeRows(threadId: string, ns: string, ids: readonly string[]): Promise<Array<Omit<WriteRow, "task_path"> & { checkpoint_id: string }>>;
  /** The rows of many [thread, namespace, checkpoint id] that exist in one statement, each with its place in the list (`at`) and whether writes are stored against it. */
  headRows(heads: ReadonlyArray<readonly [string, string, string]>): Promise<Array<SaverPgCheckpointRow & { at: number; has_writes: boolean }>>;
  /** Of many (at, thread, namespace, channel, version), in one statement, those with an lg_values row. */
  storedChannels(asked: ReadonlyArray<{ at: number; threadId: string; ns: string; channel: string; version: string }>): Promise<Array<{ at: number; channel: string }>>;
  close(): Promise<void>;
}

const CHECKPOINT_COLUMNS = "checkpoint_id, parent_id, type, checkpoint, metadata_type, metadata";

/** The reads over the lg_ tables in `schema` at `url`. Throws INVALID_ARGUMENT for a URL that is not postgres://. */
export function openSaverPgReads(url: string, schema: string, options: { timeoutMs?: number } = {}): SaverPgReads {
  const { pool } = openPool(readOnlyUrl(url), { schema, maxConnections: 2, timeoutMs: options.timeoutMs ?? 10_000 });
  const s = quoted(schema);
  const where = maskUrl(url);
  let closed = false;
  async function query<R>(text: string, values: unknown[], thread?: string): Promise<R[]> {
    if (closed) throw new ChronographError("DATABASE_UNAVAILABLE", `The ChronographSaver reader of ${where} is closed.`, { database: where });
    try {
      return (await pool.query({ text, values })).rows as R[];
    } catch (error) {
      throw postgresError(error, url, thread);
    }
  }
  return {
    namespaceIndex: () =>
      query(`SELECT thread_id, checkpoint_ns, count(*) AS count, max(checkpoint_id) AS head_id FROM ${s}.lg_checkpoints GROUP BY thread_id, checkpoint_ns ORDER BY thread_id, checkpoint_ns`, []),
    // A write replaced (a negative index) is a new row version: its xmin moves.
    writeStamps: async () =>
      new Map(
        (await query<{ thread_id: string; stamp: string }>(`SELECT thread_id, count(*) || '/' || max(checkpoint_id) || '/' || max(xmin::text::bigint) AS stamp FROM ${s}.lg_writes GROUP BY thread_id`, [])).map((row) => [
          row.thread_id,
          row.stamp,
        ]),
      ),
    firstCheckpointRow: async (threadId, ns) =>
      (await query<SaverPgCheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM ${s}.lg_checkpoints WHERE thread_id = $1 AND checkpoint_ns = $2 ORDER BY checkpoint_id LIMIT 1`, [threadId, ns], threadId))[0],
    parentCount: async (threadId, ns) =>
      (
        await query<{ count: number }>(
          `SELECT count(DISTINCT c.parent_id) AS count FROM ${s}.lg_checkpoints c JOIN ${s}.lg_checkpoints p
             ON p.thread_id = c.thread_id AND p.checkpoint_ns = c.checkpoint_ns AND p.checkpoint_id = c.parent_id
           WHERE c.thread_id = $1 AND c.checkpoint_ns = $2`,
          [threadId, ns],
          threadId,
        )
      )[0]!.count,
    checkpointRows: (threadId, ns, ids) =>
      query(`SELECT ${CHECKPOINT_COLUMNS} FROM ${s}.lg_checkpoints WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = ANY($3::text[])`, [threadId, ns, ids], threadId),
    valueRows: async (threadId, ns, pairs) =>
      pairs.length === 0
        ? []
        : query(
            `SELECT channel, version, base, base_len, type, value FROM ${s}.lg_values
             WHERE thread_id = $1 AND checkpoint_ns = $2 AND (channel, version) IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
            [threadId, ns, pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1])],
            threadId,
          ),
    routingValueRows: (threadId, ns) =>
      query(
        `SELECT channel, version, base, base_len, type, value FROM ${s}.lg_values
         WHERE thread_id = $1 AND checkpoint_ns = $2 AND (channel LIKE '\\_\\_%' ESCAPE '\\' OR channel LIKE 'branch:%' OR channel LIKE 'join:%' OR channel LIKE 'start:%')`,
        [threadId, ns],
        threadId,
      ),
    writeRows: (threadId, ns, ids) =>
      query(
        `SELECT checkpoint_id, task_id, idx, channel, type, value FROM ${s}.lg_writes WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = ANY($3::text[]) ORDER BY checkpoint_id, task_path, task_id, idx`,
        [threadId, ns, ids],
        threadId,
      ),
    headRows: (heads) =>
      query(
        `SELECT (want.at - 1)::int AS at, c.${CHECKPOINT_COLUMNS.split(", ").join(", c.")},
           EXISTS (SELECT 1 FROM ${s}.lg_writes w WHERE w.thread_id = c.thread_id AND w.checkpoint_ns = c.checkpoint_ns AND w.checkpoint_id = c.checkpoint_id) AS has_writes
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS want(thread_id, ns, id, at)
         JOIN ${s}.lg_checkpoints c ON c.thread_id = want.thread_id AND c.checkpoint_ns = want.ns AND c.checkpoint_id = want.id`,
        [heads.map((head) => head[0]), heads.map((head) => head[1]), heads.map((head) => head[2])],
      ),
    storedChannels: async (asked) =>
      asked.length === 0
        ? []
        : query(
            `SELECT t.at, t.channel FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(at, thread_id, ns, channel, version)
             WHERE EXISTS (SELECT 1 FROM ${s}.lg_values x WHERE x.thread_id = t.thread_id AND x.checkpoint_ns = t.ns AND x.channel = t.channel AND x.version = t.version)`,
            [asked.map((one) => one.at), asked.map((one) => one.threadId), asked.map((one) => one.ns), asked.map((one) => one.channel), asked.map((one) => one.version)],
          ),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end().catch(() => undefined);
    },
  };
}
