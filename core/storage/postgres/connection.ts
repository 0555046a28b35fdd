/**
 * Opening a connection pool to a PostgreSQL URL: which schema, the timeouts that keep a lost server
 * from hanging a run, 64-bit integers read as numbers, and the pool's 'error' event handled (an idle
 * connection that dies is dropped; the next call reconnects). TLS settings (`sslmode`) are pg's own
 * reading of the URL.
 */
import { createRequire } from "node:module";
import type pg from "pg";
import { ChronographError } from "../../api/errors.ts";
import { checkSchemaName, maskUrl } from "./url.ts";

let loadedPg: typeof pg | undefined;
/** pg, loaded on the first postgres:// connection: opening a SQLite file never pays for it (~120 ms of start-up). */
export function loadPg(): typeof pg {
  return (loadedPg ??= createRequire(import.meta.url)("pg") as typeof pg);
}

export interface PostgresOpenOptions {
  /** The schema holding the tables; default the URL's `?schema=`, else "chronograph". */
  schema?: string;
  /** Connections in the pool. Default 4. */
  maxConnections?: number;
  /**
   * A query (and a connection attempt) failing after this long ends the call with DATABASE_UNAVAILABLE;
   * waiting half as long for another writer of the same thread ends it with DATABASE_LOCKED. Default 30,000 ms.
   */
  timeoutMs?: number;
}

const INT8_OID = 20;

function ignore(): void {}

/** The pool for `url` and the schema to use. Throws INVALID_ARGUMENT for a URL that is not postgres:// or a bad schema name. */
export function openPool(url: string, options: PostgresOpenOptions): { pool: pg.Pool; schema: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ChronographError("INVALID_ARGUMENT", `${maskUrl(url)} is not a postgres:// URL.`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") throw new ChronographError("INVALID_ARGUMENT", `${maskUrl(url)} is not a postgres:// URL.`);
  const schema = options.schema ?? parsed.searchParams.get("schema") ?? "chronograph";
  checkSchemaName(schema);
  parsed.searchParams.delete("schema");
  const timeout = options.timeoutMs ?? 30_000;
  const pool = new (loadPg().Pool)({
    connectionString: parsed.toString(),
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: timeout,
    query_timeout: timeout,
    statement_timeout: timeout,
    lock_timeout: Math.max(1, Math.floor(timeout / 2)),
    idleTimeoutMillis: 10_000,
    keepAlive: true,
    types: { getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === INT8_OID ? Number : loadPg().types.getTypeParser(oid, format as "text"))) as typeof pg.types.getTypeParser },
  });
  pool.on("error", ignore);
  return { pool, schema };
}

/** Run `work` on a connection of its own; a connection dying between two of its queries fails the next query instead of the process. */
export async function withConnection<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  client.on("error", ignore);
  try {
    return await work(client);
  } finally {
    client.off("error", ignore);
    client.release();
  }
}
