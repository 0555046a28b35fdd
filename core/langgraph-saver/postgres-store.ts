/**
 * The SaverStore over PostgreSQL, through core/storage/postgres's pool (pg is loaded on the first
 * connection, so SQLite users never load it). Opening is synchronous and connects nothing: the first
 * call connects and creates or upgrades the lg_ tables (postgres-schema.ts); a failed first connection
 * is tried again by the next call. Each write is one statement (one round trip, atomic by itself):
 * a put's checkpoint row and values go in one multi-row INSERT with a data-modifying CTE, a putWrites'
 * rows in one. Every failure is a ChronographError naming the masked URL: no password in any message.
 */
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { ChronographError } from "../api/errors.ts";
import { openPool, withConnection } from "../storage/postgres/connection.ts";
import { readOnlyUrl } from "../storage/postgres/langgraph-reads.ts";
import { quoted } from "../storage/postgres/schema.ts";
import { maskUrl, postgresError } from "../storage/postgres/url.ts";
import { type MigrationClient, migratePostgres, postgresSaverVersion } from "./postgres-schema.ts";
import type { CheckpointQuery, CheckpointRow, SaverStore, ValueRow, WriteRow } from "./store.ts";

export interface PostgresStoreOptions {
  /** The schema holding the lg_ tables (created when missing); default the URL's `?schema=`, else "public". */
  schema?: string;
  /** Connections in the pool. Default 4. */
  maxConnections?: number;
  /** A connection attempt or query failing after this long ends the call with DATABASE_UNAVAILABLE. Default 30,000 ms. */
  timeoutMs?: number;
  /**
   * Read only (the debugger): every statement is a READ ONLY transaction, and the first call checks the
   * tables' version instead of creating or upgrading them (NOT_A_CHECKPOINT_DATABASE when there are none).
   */
  readOnly?: boolean;
}

/** ChronographSaver.open's options for PostgreSQL. */
export interface ChronographSaverPostgresOptions extends PostgresStoreOptions {
  /** postgres://user:password@host:port/database (`?schema=NAME` and `sslmode` honoured). */
  url: string;
  /** The serializer; LangGraph's default (JsonPlusSerializer) when omitted. */
  serde?: SerializerProtocol;
}

/** The store, and where its tables live. */
export interface PostgresStore extends SaverStore {
  readonly schema: string;
  /** Every (thread, namespace) with a checkpoint, by thread id then namespace. */
  namespaces(): Promise<Array<{ thread_id: string; checkpoint_ns: string }>>;
  /** Moves whenever a checkpoint or a write is added (row counts and newest ids; one small query). */
  changeToken(): Promise<string>;
}


const CHECKPOINT_COLUMNS = "thread_id, checkpoint_ns, checkpoint_id, parent_id, type, checkpoint, metadata_type, metadata";
const VALUE_COLUMNS = "channel, version, base, base_len, depth, size, type, value";
const WRITE_COLUMNS = "task_id, idx, channel, type, value, task_path";
/** Rows per statement: 8 parameters a value row, well under PostgreSQL's 65,535 bound parameters. */
const BATCH = 4096;

/** "($a, $b, ...)" for `count` rows of `width` parameters numbered from `first`. */
function placeholders(count: number, width: number, first: number, prefix = ""): string {
  const rows: string[] = [];
  for (let row = 0; row < count; row += 1) {
    const cells: string[] = [];
    for (let cell = 0; cell < width; cell += 1) cells.push(`$${first + row * width + cell}`);
    rows.push(`(${prefix}${cells.join(", ")})`);
  }
  return rows.join(", ");
}

/** pg sends a Buffer as bytes; a plain Uint8Array it would send as text. */
function bytes(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** A pooled connection the server ended (shut down, restarted, terminated by an administrator). */
function deadConnection(error: unknown): boolean {
  const { code = "", message = "" } = (error ?? {}) as { code?: string; message?: string };
  return code === "57P01" || code === "57P02" || /Connection terminated|terminating connection|not queryable/i.test(message);
}

function schemaOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get("schema") ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * A store over the PostgreSQL server at `url` (postgres:// or postgresql://). Connects on first use.
 * Throws INVALID_ARGUMENT (masked URL) for a URL that is not postgres:// or a schema that is not a plain
 * lower-case identifier; the first call fails with DATABASE_UNAVAILABLE for an unreachable server or a
 * refused login, SCHEMA_TOO_NEW for tables written by a newer ChronographSaver.
 */
export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): PostgresStore {
  const readOnly = options.readOnly === true;
  const { pool, schema } = openPool(readOnly ? readOnlyUrl(url) : url, { schema: options.schema ?? schemaOf(url) ?? "public", maxConnections: options.maxConnections, timeoutMs: options.timeoutMs });
  const where = maskUrl(url);
  const s = quoted(schema);
  let ready: Promise<void> | undefined;
  let closed = false;
  /** changeToken's last answer and the WAL position it was taken at. */
  let token = { lsn: "", value: "" };
  let walGate = true;
  const prepare = async (client: MigrationClient): Promise<void> => {
    if (!readOnly) return migratePostgres(client, schema, where);
    if ((await postgresSaverVersion(client, schema, where)) === null) {
      throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `Schema "${schema}" at ${where} holds no ChronographSaver tables.`, { database: where });
    }
  };
  const connect = (): Promise<void> =>
    (ready ??= withConnection(pool, (client) => prepare(client as unknown as MigrationClient)).catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
  const maxConnections = options.maxConnections ?? 4;
  async function query<R>(text: string, values: unknown[], thread?: string): Promise<R[]> {
    if (closed) throw new ChronographError("DATABASE_UNAVAILABLE", `ChronographSaver on ${where} is closed.`, { database: where });
    // Sent again when a pooled connection turns out dead (a server restart ends every one the pool holds),
    // on the next one, up to one more than the pool holds; once when reaching the server failed. Every
    // statement here is idempotent (upserts of the same rows, keep-existing inserts, deletes), so a write
    // that committed before its answer was lost is harmless to send again.
    for (let tries = 0; ; tries += 1) {
      try {
        await connect();
        return (await pool.query({ text, values })).rows as R[];
      } catch (error) {
        const coded = postgresError(error, url, thread);
        const unavailable = coded instanceof ChronographError && coded.code === "DATABASE_UNAVAILABLE";
        if (!unavailable || tries >= (deadConnection(error) ? maxConnections : 1)) throw coded;
      }
    }
  }
  const valueSelect = `SELECT ${VALUE_COLUMNS} FROM ${s}.lg_values WHERE thread_id = $1 AND checkpoint_ns = $2`;
  return {
    where,
    schema,
    async checkpoint(threadId, ns, checkpointId) {
      const rows =
        checkpointId === undefined
          ? await query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM ${s}.lg_checkpoints WHERE thread_id = $1 AND checkpoint_ns = $2 ORDER BY checkpoint_id DESC LIMIT 1`, [threadId, ns], threadId)
          : await query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM ${s}.lg_checkpoints WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = $3`, [threadId, ns, checkpointId], threadId);
      return rows[0];
    },
    checkpoints(wanted: CheckpointQuery) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (condition: string, param: string | undefined) => {
        if (param === undefined) return;
        params.push(param);
        where.push(`${condition} $${params.length}`);
      };
      add("thread_id =", wanted.threadId);
      add("checkpoint_ns =", wanted.ns);
      add("checkpoint_id =", wanted.checkpointId);
      add("checkpoint_id <", wanted.before);
      const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
      return query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM ${s}.lg_checkpoints ${filter} ORDER BY checkpoint_id DESC`, params, wanted.threadId);
    },
    chain(threadId, ns, channel, version) {
      // One round trip for the whole chain: each step is a primary-key lookup of the base.
      return query<ValueRow>(
        `WITH RECURSIVE chain AS (
           SELECT ${VALUE_COLUMNS}, 0 AS n FROM ${s}.lg_values WHERE thread_id = $1 AND checkpoint_ns = $2 AND channel = $3 AND version = $4
           UNION ALL
           SELECT v.channel, v.version, v.base, v.base_len, v.depth, v.size, v.type, v.value, chain.n + 1
           FROM chain JOIN ${s}.lg_values v ON v.thread_id = $1 AND v.checkpoint_ns = $2 AND v.channel = $3 AND v.version = chain.base
         )
         SELECT ${VALUE_COLUMNS} FROM chain ORDER BY n`,
        [threadId, ns, channel, version],
        threadId,
      );
    },
    async values(threadId, ns, versions) {
      if (versions.length === 0) return [];
      return query<ValueRow>(
        `${valueSelect} AND (channel, version) IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
        [threadId, ns, versions.map((entry) => entry.channel), versions.map((entry) => entry.version)],
        threadId,
      );
    },
    writes(threadId, ns, checkpointId) {
      return query<WriteRow>(
        `SELECT ${WRITE_COLUMNS} FROM ${s}.lg_writes WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = $3 ORDER BY task_path, task_id, idx`,
        [threadId, ns, checkpointId],
        threadId,
      );
    },
    namespaceValues(threadId, ns) {
      return query<ValueRow>(valueSelect, [threadId, ns], threadId);
    },
    namespaceWrites(threadId, ns) {
      return query<WriteRow & { checkpoint_id: string }>(
        `SELECT checkpoint_id, ${WRITE_COLUMNS} FROM ${s}.lg_writes WHERE thread_id = $1 AND checkpoint_ns = $2 ORDER BY checkpoint_id, task_path, task_id, idx`,
        [threadId, ns],
        threadId,
      );
    },
    async putCheckpoint(row, values) {
      // One statement: the checkpoint row (replacing one with the same id, as SQLite's INSERT OR REPLACE)
      // in a data-modifying CTE, and the new values beside it; versions already stored are kept.
      const params: unknown[] = [row.thread_id, row.checkpoint_ns, row.checkpoint_id, row.parent_id, row.type, bytes(row.checkpoint), row.metadata_type, bytes(row.metadata)];
      const upsert = `INSERT INTO ${s}.lg_checkpoints (${CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET parent_id = excluded.parent_id, type = excluded.type,
        checkpoint = excluded.checkpoint, metadata_type = excluded.metadata_type, metadata = excluded.metadata`;
      if (values.length === 0) {
        await query(upsert, params, row.thread_id);
        return;
      }
      if (values.length > BATCH) throw new ChronographError("INVALID_ARGUMENT", `ChronographSaver on ${where}: a checkpoint of thread "${row.thread_id}" has ${values.length} new channel versions (at most ${BATCH}).`, { database: where, thread: row.thread_id });
      for (const value of values) params.push(value.channel, value.version, value.base, value.base_len, value.depth, value.size, value.type, bytes(value.value));
      await query(
        `WITH checkpoint AS (${upsert})
         INSERT INTO ${s}.lg_values (thread_id, checkpoint_ns, ${VALUE_COLUMNS}) VALUES ${placeholders(values.length, 8, 9, "$1, $2, ")}
         ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING`,
        params,
        row.thread_id,
      );
    },
    async putWrites(threadId, ns, checkpointId, rows) {
      // A special write (error, interrupt, resume: negative index) replaces; a regular one never does.
      // Of several special writes with one key, the last wins (as one after another would); an upsert
      // may not touch a row twice in one statement, so the others are dropped here.
      const special = new Map<string, WriteRow>();
      const regular: WriteRow[] = [];
      for (const write of rows) {
        if (write.idx < 0) special.set(JSON.stringify([write.task_id, write.idx]), write);
        else regular.push(write);
      }
      if (rows.length === 0) return;
      if (rows.length > BATCH) throw new ChronographError("INVALID_ARGUMENT", `ChronographSaver on ${where}: ${rows.length} pending writes at once for thread "${threadId}" (at most ${BATCH}).`, { database: where, thread: threadId });
      const params: unknown[] = [threadId, ns, checkpointId];
      const insert = (writes: WriteRow[], conflict: string) => {
        const first = params.length + 1;
        for (const write of writes) params.push(write.task_id, write.idx, write.channel, write.type, bytes(write.value), write.task_path);
        return `INSERT INTO ${s}.lg_writes (thread_id, checkpoint_ns, checkpoint_id, ${WRITE_COLUMNS}) VALUES ${placeholders(writes.length, 6, first, "$1, $2, $3, ")}
          ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) ${conflict}`;
      };
      const statements: string[] = [];
      if (regular.length > 0) statements.push(insert(regular, "DO NOTHING"));
      if (special.size > 0) statements.push(insert([...special.values()], "DO UPDATE SET channel = excluded.channel, type = excluded.type, value = excluded.value, task_path = excluded.task_path"));
      // Two kinds: one statement still, the first as a data-modifying CTE (their keys never overlap).
      const text = statements.length === 1 ? statements[0]! : `WITH regular AS (${statements[0]}) ${statements[1]}`;
      await query(text, params, threadId);
    },
    namespaces() {
      return query<{ thread_id: string; checkpoint_ns: string }>(`SELECT DISTINCT thread_id, checkpoint_ns FROM ${s}.lg_checkpoints ORDER BY thread_id, checkpoint_ns`, []);
    },
    async changeToken() {
      // The counts scan both tables: they are taken only when the server's WAL moved since the last token
      // (nothing was written anywhere otherwise). A standby has no insert position; it counts every time.
      const counts = `(SELECT count(*) FROM ${s}.lg_checkpoints) || ':' || coalesce((SELECT max(checkpoint_id) FROM ${s}.lg_checkpoints), '-') || ':' ||
        (SELECT count(*) FROM ${s}.lg_writes) || ':' || coalesce((SELECT max(checkpoint_id) FROM ${s}.lg_writes), '-')`;
      if (walGate) {
        try {
          const [row] = await query<{ lsn: string; token: string | null }>(
            `SELECT lsn::text AS lsn, CASE WHEN lsn::text = $1 THEN NULL ELSE ${counts} END AS token FROM pg_current_wal_insert_lsn() AS lsn`,
            [token.lsn],
          );
          if (row!.token !== null) token = { lsn: row!.lsn, value: row!.token };
          return token.value;
        } catch (error) {
          if (!(error instanceof ChronographError) || error.code !== "INTERNAL") throw error;
          walGate = false;
        }
      }
      const [row] = await query<{ token: string }>(`SELECT ${counts} AS token`, []);
      return row!.token;
    },
    async deleteThread(threadId) {
      await query(
        `WITH c AS (DELETE FROM ${s}.lg_checkpoints WHERE thread_id = $1), v AS (DELETE FROM ${s}.lg_values WHERE thread_id = $1)
         DELETE FROM ${s}.lg_writes WHERE thread_id = $1`,
        [threadId],
        threadId,
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end().catch(() => undefined);
    },
  };
}
