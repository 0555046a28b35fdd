/**
 * The engine's store a graph host writes through, for the database a job names: a SQLite file
 * (SqliteSaver), or Chronograph's schema on PostgreSQL (PostgresSaver; the job's URL carries `?schema=`).
 * A read-only store (a dry run) never writes: SQLite opens the file read-only, PostgreSQL runs every
 * transaction READ ONLY.
 */
import type { Checkpointer } from "../../checkpoint/types.ts";
import { PostgresSaver } from "../../storage/postgres/index.ts";
import { isPostgresUrl, readOnlyUrl } from "../../storage/postgres/langgraph-reads.ts";
import { SqliteSaver } from "../../storage/sqlite/index.ts";

export async function openEngineStore(database: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): Promise<Checkpointer> {
  if (isPostgresUrl(database)) return PostgresSaver.open(options.readonly ? readOnlyUrl(database) : database, { maxConnections: 2 });
  return SqliteSaver.open(database, { readonly: options.readonly ?? false, busyTimeoutMs: options.busyTimeoutMs });
}
