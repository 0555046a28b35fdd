/**
 * Reading a PostgreSQL database for the debugger: which schema a URL holds (Chronograph's own tables, or
 * LangGraph's PostgresSaver tables at a known migration version), and the rows of LangGraph's tables in
 * pages (keyset ORDER BY ... LIMIT), each page one read-only statement, so opening never writes
 * and never holds the whole database in memory. Rows come back undecoded; core/interop/postgres turns
 * them into views. The connections set default_transaction_read_only, so every statement is a READ ONLY
 * transaction of its own (one round trip). Every error names the URL with its password masked.
 */
import type pg from "pg";
import { ChronographError } from "../../api/errors.ts";
import { openPool, withConnection } from "./connection.ts";
import { maskUrl, postgresError } from "./url.ts";
import {
  namespaceStamp,
  namespaceSummaryRows,
  newestIds,
  type PgBlobRow,
  type PgCheckpointRow,
  type PgNamespaceKey,
  type PgNamespaceSummaryRows,
  type PgSkeletonBlobRow,
  type PgWriteRow,
  skeletonBlobs,
  skeletonCheckpoints,
  skeletonRowsAfter,
  skeletonWrites,
  windowRows,
} from "./langgraph-window-reads.ts";

export type { PgBlobRow, PgCheckpointRow, PgWriteRow } from "./langgraph-window-reads.ts";

/** The largest `checkpoint_migrations.v` we know: LangGraph.js stops at 4, Python LangGraph at 9 (task_path). */
export const LANGGRAPH_MAX_MIGRATION = 9;
const LANGGRAPH_TABLES = ["checkpoints", "checkpoint_blobs", "checkpoint_writes", "checkpoint_migrations"];
const CHRONOGRAPH_TABLES = ["schema_version", "checkpoints", "blobs", "writes", "threads", "graphs"];
const PAGE = 500;

export interface PgNamespaceRow {
  thread_id: string;
  checkpoint_ns: string;
}
/** A thread of the index: its namespaces as [namespace, checkpoint count, newest checkpoint id], the root first. */
export interface PgIndexedThread {
  thread_id: string;
  namespaces: Array<[string, number, string]>;
}

/** A thread's first namespace's head (PgIndexedThread's namespaces[0]) with its writes as [task, idx, channel, type, base64 value]. */
export interface PgHeadRow extends PgIndexedThread, PgCheckpointRow {
  writes: Array<[string, number, string, string | null, string | null]>;
  /** The head's channel values stored as blobs: [channel, version, type, base64 blob]. */
  blobs: Array<[string, string, string, string | null]>;
}

export type DetectedSchema = { kind: "chronograph"; schema: string; reader: LangGraphPgReader } | { kind: "langgraph"; schema: string; reader: LangGraphPgReader };

/**
 * `url` with every transaction of its connections READ ONLY (`options=-c default_transaction_read_only=on`),
 * for a reader that goes through a saver whose queries are not its own.
 */
export function readOnlyUrl(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", "-c default_transaction_read_only=on");
  return parsed.toString();
}

/** True for text that is a postgres:// (or postgresql://) URL rather than a file path. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/**
 * Connect to `url` and say which schema it holds: the URL's `?schema=`, else "chronograph" when it holds
 * Chronograph's tables, else "public". Throws DATABASE_UNAVAILABLE (cannot connect, wrong password),
 * NOT_A_CHECKPOINT_DATABASE (neither schema), SCHEMA_TOO_NEW (a LangGraph migration version we do not know).
 */
export async function detectPostgres(url: string, options: { pageSize?: number } = {}): Promise<DetectedSchema> {
  const asked = new URL(url).searchParams.get("schema");
  // Every statement on these connections is its own READ ONLY transaction: one round trip per read.
  const { pool } = openPool(readOnlyUrl(url), { schema: asked ?? "public", maxConnections: 2, timeoutMs: 10_000 });
  const reader = new LangGraphPgReader(url, pool, asked ?? "public", options.pageSize ?? PAGE);
  try {
    const found = await reader.readOnly(async (client) => {
      const result = await client.query<{ table_schema: string; table_name: string }>(
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY($1)",
        [asked === null ? ["chronograph", "public"] : [asked]],
      );
      const tables = (schema: string) => new Set(result.rows.filter((row) => row.table_schema === schema).map((row) => row.table_name));
      const candidates = asked === null ? ["chronograph", "public"] : [asked];
      for (const schema of candidates) {
        const names = tables(schema);
        if (CHRONOGRAPH_TABLES.every((name) => names.has(name))) return { kind: "chronograph" as const, schema };
        if (LANGGRAPH_TABLES.every((name) => names.has(name))) {
          const version = await client.query<{ v: number | null }>(`SELECT MAX(v) AS v FROM "${schema}".checkpoint_migrations`);
          return { kind: "langgraph" as const, schema, version: version.rows[0]?.v ?? null };
        }
      }
      return null;
    });
    const where = maskUrl(url);
    if (found === null) {
      const schemas = asked === null ? 'schemas "chronograph" and "public"' : `schema "${asked}"`;
      throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `PostgreSQL at ${where} holds neither Chronograph's nor LangGraph's checkpoint tables in ${schemas}.`, { database: where });
    }
    reader.schema = found.schema;
    if (found.kind === "chronograph") {
      reader.tables = { checkpoints: "checkpoints", writes: "writes" };
      return { kind: "chronograph", schema: found.schema, reader };
    }
    if (found.version === null || found.version > LANGGRAPH_MAX_MIGRATION) {
      throw new ChronographError(
        "SCHEMA_TOO_NEW",
        `PostgreSQL at ${where}: LangGraph's tables in schema "${found.schema}" are at migration version ${found.version ?? "(none)"}, which this Chronograph does not know (it reads versions up to ${LANGGRAPH_MAX_MIGRATION}).`,
        { database: where },
      );
    }
    return { kind: "langgraph", schema: found.schema, reader };
  } catch (error) {
    await reader.close();
    throw postgresError(error, url);
  }
}

/**
 * The rows of LangGraph's PostgresSaver tables in one schema, read in pages inside READ ONLY transactions.
 * For Chronograph's own schema only changeToken is used (over its checkpoints and writes tables).
 */
export class LangGraphPgReader {
  /** The tables changeToken watches. */
  tables = { checkpoints: "checkpoints", writes: "checkpoint_writes" };

  constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    public schema: string,
    /** Rows per page (keyset paging); small in tests to cross page boundaries. */
    private readonly pageSize = PAGE,
  ) {}

  /** The URL with its password masked, and the schema when it is not the default: for messages and as the source's path. */
  get where(): string {
    return this.schema === "public" ? maskUrl(this.url) : maskUrl(withSchema(this.url, this.schema));
  }

  /**
   * Run `work` on a read-only connection; pg errors become coded errors naming the masked URL. A read
   * that lost its connection is tried once more on a new one (after a server restart the pool may still
   * hold dead idle connections); a read-only transaction is always safe to repeat.
   */
  async readOnly<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      return await this.attempt(work);
    } catch (error) {
      const coded = postgresError(error, this.url);
      if (!(coded instanceof ChronographError) || coded.code !== "DATABASE_UNAVAILABLE") throw coded;
      try {
        return await this.attempt(work);
      } catch (again) {
        throw postgresError(again, this.url);
      }
    }
  }

  /**
   * The same rows read on `client` (inside the caller's transaction, for a writer that re-reads a thread
   * under its lock); the client stays the caller's, and close() does not end it.
   */
  onClient(client: pg.PoolClient): LangGraphPgReader {
    const reader = new LangGraphPgReader(this.url, this.pool, this.schema, this.pageSize);
    reader.fixed = client;
    return reader;
  }

  private fixed: pg.PoolClient | null = null;

  /** The pool's connections run with default_transaction_read_only (readOnlyUrl): each statement is a READ ONLY transaction. */
  private attempt<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.fixed ? work(this.fixed) : withConnection(this.pool, work);
  }

  /** Every (thread, namespace), in pages ordered by thread id then namespace. */
  namespaces(): AsyncIterable<PgNamespaceRow[]> {
    return this.pages<PgNamespaceRow>(
      (after) =>
        `SELECT DISTINCT thread_id, checkpoint_ns FROM ${this.table("checkpoints")} ${after ? "WHERE (thread_id, checkpoint_ns) > ($1, $2)" : ""} ORDER BY thread_id, checkpoint_ns LIMIT ${this.pageSize}`,
      (row) => [row.thread_id, row.checkpoint_ns],
    );
  }

  /** The checkpoints of one (thread, namespace), oldest first, in pages. */
  checkpoints(threadId: string, namespace: string): AsyncIterable<PgCheckpointRow[]> {
    return this.pages<PgCheckpointRow>(
      (after) =>
        `SELECT checkpoint_id, parent_checkpoint_id, checkpoint, metadata FROM ${this.table("checkpoints")}
          WHERE thread_id = $1 AND checkpoint_ns = $2 ${after ? "AND checkpoint_id > $3" : ""} ORDER BY checkpoint_id LIMIT ${this.pageSize}`,
      (row) => [row.checkpoint_id],
      [threadId, namespace],
    );
  }

  /** The stored channel values of one (thread, namespace), one row per (channel, version), in pages. */
  blobs(threadId: string, namespace: string): AsyncIterable<PgBlobRow[]> {
    return this.pages<PgBlobRow>(
      (after) =>
        `SELECT channel, version, type, blob FROM ${this.table("checkpoint_blobs")}
          WHERE thread_id = $1 AND checkpoint_ns = $2 ${after ? "AND (channel, version) > ($3, $4)" : ""} ORDER BY channel, version LIMIT ${this.pageSize}`,
      (row) => [row.channel, row.version],
      [threadId, namespace],
    );
  }

  /** The pending writes of one (thread, namespace), by checkpoint, task and idx, in pages. */
  writes(threadId: string, namespace: string): AsyncIterable<PgWriteRow[]> {
    return this.pages<PgWriteRow>(
      (after) =>
        `SELECT checkpoint_id, task_id, idx, channel, type, blob AS value FROM ${this.table("checkpoint_writes")}
          WHERE thread_id = $1 AND checkpoint_ns = $2 ${after ? "AND (checkpoint_id, task_id, idx) > ($3, $4, $5)" : ""} ORDER BY checkpoint_id, task_id, idx LIMIT ${this.pageSize}`,
      (row) => [row.checkpoint_id, row.task_id, row.idx],
      [threadId, namespace],
    );
  }

  /**
   * The threads matching `pattern` (an ILIKE pattern on thread id or any namespace; null for all), newest
   * root head first (LangGraph's "latest": the largest checkpoint id), `offset` and `limit` applied, with
   * how many match: one aggregate over the checkpoints' primary key, nothing decoded.
   */
  async threadIndex(pattern: string | null, offset: number, limit: number): Promise<{ total: number; threads: PgIndexedThread[] }> {
    return this.readOnly(async (client) => {
      const rows = (await client.query<PgIndexedThread & { total: string }>(
        `${this.indexSql()} SELECT thread_id, namespaces, count(*) OVER () AS total FROM th WHERE $1::text IS NULL OR hit ORDER BY key DESC, thread_id LIMIT $2 OFFSET $3`,
        [pattern, limit, offset],
      )).rows;
      if (rows.length > 0 || offset === 0) return { total: Number(rows[0]?.total ?? 0), threads: rows };
      const counted = await client.query<{ total: string }>(`${this.indexSql()} SELECT count(*) AS total FROM th WHERE $1::text IS NULL OR hit`, [pattern]);
      return { total: Number(counted.rows[0]!.total), threads: [] };
    });
  }

  /**
   * For every thread threadIndex(pattern) lists, in its order: the head of its first namespace (the root's,
   * else the newest) with that head's writes (values base64), what a status needs and nothing more.
   */
  async indexHeads(pattern: string | null): Promise<PgHeadRow[]> {
    const writes = `(SELECT coalesce(json_agg(json_build_array(w.task_id, w.idx, w.channel, w.type, encode(w.blob, 'base64')) ORDER BY w.task_id, w.idx), '[]')
      FROM ${this.table("checkpoint_writes")} w WHERE w.thread_id = c.thread_id AND w.checkpoint_ns = c.checkpoint_ns AND w.checkpoint_id = c.checkpoint_id)`;
    const blobs = `(SELECT coalesce(json_agg(json_build_array(b.channel, b.version, b.type, encode(b.blob, 'base64'))), '[]') FROM ${this.table("checkpoint_blobs")} b
      WHERE b.thread_id = c.thread_id AND b.checkpoint_ns = c.checkpoint_ns AND (b.channel, b.version) IN (SELECT key, value FROM jsonb_each_text(c.checkpoint->'channel_versions')))`;
    return this.readOnly(async (client) =>
      (await client.query<PgHeadRow>(
        `${this.indexSql()} SELECT th.thread_id, th.namespaces, c.checkpoint_id, c.parent_checkpoint_id, c.checkpoint, c.metadata, ${writes} AS writes, ${blobs} AS blobs
         FROM th JOIN ${this.table("checkpoints")} c ON c.thread_id = th.thread_id AND c.checkpoint_ns = th.namespaces->0->>0 AND c.checkpoint_id = th.namespaces->0->>2
         WHERE $1::text IS NULL OR hit ORDER BY key DESC, th.thread_id`,
        [pattern],
      )).rows,
    );
  }

  /** The thread index (CTE `th`: thread_id, key, namespaces root first then newest head first, hit for ILIKE $1), from the checkpoints' primary key. */
  private indexSql(): string {
    return `WITH ns AS (SELECT thread_id, checkpoint_ns, count(*)::int AS n, max(checkpoint_id) AS head FROM ${this.table("checkpoints")} GROUP BY thread_id, checkpoint_ns),
      th AS (SELECT thread_id, coalesce(max(head) FILTER (WHERE checkpoint_ns = ''), max(head)) AS key,
               json_agg(json_build_array(checkpoint_ns, n, head) ORDER BY checkpoint_ns <> '', head DESC) AS namespaces,
               bool_or(thread_id ILIKE $1 OR checkpoint_ns ILIKE $1) AS hit
             FROM ns GROUP BY thread_id)`;
  }

  /**
   * A namespace's skeleton rows (langgraph-window-reads.ts): three statements side by side on the pool's
   * connections. Each is its own snapshot, so a row committed in between can show in one and not another:
   * the caller reads again when the change token moved meanwhile.
   */
  async skeletonRows(threadId: string, namespace: string): Promise<{ checkpoints: PgCheckpointRow[]; blobs: PgSkeletonBlobRow[]; writes: Array<PgWriteRow & { valued: boolean }> }> {
    // The two longest first, so the blobs (the shortest) take whichever connection frees first.
    const [checkpoints, writes, blobs] = await Promise.all([skeletonCheckpoints(this, threadId, namespace), skeletonWrites(this, threadId, namespace), skeletonBlobs(this, threadId, namespace)]);
    return { checkpoints, blobs, writes };
  }

  skeletonRowsAfter(threadId: string, namespace: string, afterId: string, alsoIds: readonly string[]): Promise<{ checkpoints: PgCheckpointRow[]; blobs: PgSkeletonBlobRow[]; writes: Array<PgWriteRow & { valued: boolean }> }> {
    return skeletonRowsAfter(this, threadId, namespace, afterId, alsoIds);
  }

  windowRows(threadId: string, namespace: string, ids: readonly string[]): Promise<{ checkpoints: PgCheckpointRow[]; blobs: PgBlobRow[]; writes: PgWriteRow[] }> {
    return windowRows(this, threadId, namespace, ids);
  }

  namespaceStamp(threadId: string, namespace: string): Promise<string> {
    return namespaceStamp(this, threadId, namespace);
  }

  newestIds(threadId: string, namespace: string, limit: number): Promise<string[]> {
    return newestIds(this, threadId, namespace, limit);
  }

  namespaceSummaries(keys: readonly PgNamespaceKey[]): Promise<PgNamespaceSummaryRows[]> {
    return namespaceSummaryRows(this, keys);
  }

  /** Per thread id, a stamp that moves when the thread gets a checkpoint (any namespace's head or count) or a write. */
  async threadStamps(): Promise<Map<string, string>> {
    const rows = await this.readOnly(async (client) =>
      (await client.query<{ thread_id: string; stamp: string }>(
        `WITH ns AS (SELECT thread_id, checkpoint_ns, count(*) AS n, max(checkpoint_id) AS head FROM ${this.table("checkpoints")} GROUP BY thread_id, checkpoint_ns),
              w AS (SELECT thread_id, count(*) AS n, max(checkpoint_id) AS head FROM ${this.table("checkpoint_writes")} GROUP BY thread_id)
         SELECT ns.thread_id, string_agg(ns.checkpoint_ns || '=' || ns.head || '/' || ns.n, ';' ORDER BY ns.checkpoint_ns) || '#' || coalesce(min(w.head) || '/' || min(w.n), '-') AS stamp
         FROM ns LEFT JOIN w ON w.thread_id = ns.thread_id GROUP BY ns.thread_id`,
      )).rows,
    );
    return new Map(rows.map((row) => [row.thread_id, row.stamp]));
  }

  /**
   * Moves whenever a checkpoint or write is added anywhere in the schema: the newest ids and the row
   * counts. Cheap when nothing was written: one statement that reads the server's WAL insert position
   * and counts the tables only when it moved since the last call (CASE evaluates the counting subquery
   * only then), so an idle database is never scanned. A server that cannot say (a standby replaying
   * WAL) is counted every time.
   */
  async changeToken(): Promise<string> {
    const { checkpoints, writes } = this.tables;
    const counts = `(SELECT MAX(checkpoint_id) FROM ${this.table(checkpoints)}) || ':' || (SELECT COUNT(*) FROM ${this.table(checkpoints)}) || ':' ||
                    COALESCE((SELECT MAX(checkpoint_id) FROM ${this.table(writes)}), '-') || ':' || (SELECT COUNT(*) FROM ${this.table(writes)})`;
    if (this.walGate) {
      try {
        const row = await this.readOnly(async (client) => {
          const result = await client.query<{ lsn: string; token: string | null }>(
            `SELECT lsn::text AS lsn, CASE WHEN lsn::text = $1 THEN NULL ELSE COALESCE(${counts}, '-') END AS token FROM pg_current_wal_insert_lsn() AS lsn`,
            [this.lastLsn],
          );
          return result.rows[0]!;
        });
        if (row.token !== null) this.lastToken = row.token;
        this.lastLsn = row.lsn;
        return this.lastToken;
      } catch (error) {
        // 55000: recovery is in progress (a standby); anything else is a real failure.
        if ((error as { cause?: { code?: string } }).cause?.code !== "55000" && !/recovery is in progress/.test(String((error as Error).message))) throw error;
        this.walGate = false;
      }
    }
    return this.readOnly(async (client) => (await client.query<{ token: string | null }>(`SELECT COALESCE(${counts}, '-') AS token`)).rows[0]!.token ?? "-");
  }

  /** Whether changeToken may skip counting while the WAL position stands still, and what it saw last. */
  private walGate = true;
  private lastLsn = "";
  private lastToken = "";

  async close(): Promise<void> {
    if (this.fixed) return;
    await this.pool.end().catch(() => undefined);
  }

  /** `name` qualified by the schema, for the SQL of langgraph-window-reads.ts. */
  table(name: string): string {
    return `"${this.schema}".${name}`;
  }

  /** One read-only statement's rows (as objects). */
  async rowsOf<T>(text: string, params: unknown[]): Promise<T[]> {
    return this.readOnly(async (client) => (await client.query(text, params)).rows as T[]);
  }

  /** Keyset paging: each page is one READ ONLY query continuing after the last row of the page before. */
  private async *pages<T>(sql: (after: boolean) => string, key: (row: T) => unknown[], params: unknown[] = []): AsyncGenerator<T[]> {
    let after: unknown[] | null = null;
    for (;;) {
      const args: unknown[] = after === null ? params : [...params, ...after];
      const text = sql(after !== null);
      const rows = await this.readOnly(async (client) => (await client.query(text, args)).rows as T[]);
      if (rows.length > 0) yield rows;
      if (rows.length < this.pageSize) return;
      after = key(rows[rows.length - 1]!);
    }
  }
}

function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("schema", schema);
  return parsed.toString();
}
