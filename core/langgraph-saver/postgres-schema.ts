/**
 * ChronographSaver's tables on PostgreSQL: the SQLite file's tables (schema.ts) with the same names,
 * columns and keys, BYTEA for blobs. Ids and keys are TEXT COLLATE "C" so that ordering compares code
 * points, as SQLite's BINARY does: "newest first" is checkpoint_id descending (uuid6 ids), and pending
 * writes come back in LangGraph's (task path, task id, index) order whatever the database's locale.
 *
 * `lg_schema_version` holds one row; migration N (index N-1 of MIGRATIONS) takes a schema from N-1 to N.
 * The numbering follows the SQLite file's (SAVER_SCHEMA_VERSION), so a reader can refuse a newer format.
 */
import { ChronographError } from "../api/errors.ts";
import { quoted } from "../storage/postgres/schema.ts";

const MIGRATIONS: ReadonlyArray<(s: string) => string> = [
  (s) => `
CREATE TABLE ${s}.lg_checkpoints (
  thread_id TEXT COLLATE "C" NOT NULL,
  checkpoint_ns TEXT COLLATE "C" NOT NULL,
  checkpoint_id TEXT COLLATE "C" NOT NULL,
  parent_id TEXT COLLATE "C",
  type TEXT NOT NULL,
  checkpoint BYTEA NOT NULL,
  metadata_type TEXT NOT NULL,
  metadata BYTEA NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
);
CREATE TABLE ${s}.lg_values (
  thread_id TEXT COLLATE "C" NOT NULL,
  checkpoint_ns TEXT COLLATE "C" NOT NULL,
  channel TEXT COLLATE "C" NOT NULL,
  version TEXT COLLATE "C" NOT NULL,
  base TEXT COLLATE "C",
  base_len INTEGER NOT NULL,
  depth INTEGER NOT NULL,
  size INTEGER NOT NULL,
  type TEXT NOT NULL,
  value BYTEA NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_ns, channel, version)
);
CREATE TABLE ${s}.lg_writes (
  thread_id TEXT COLLATE "C" NOT NULL,
  checkpoint_ns TEXT COLLATE "C" NOT NULL,
  checkpoint_id TEXT COLLATE "C" NOT NULL,
  task_id TEXT COLLATE "C" NOT NULL,
  idx INTEGER NOT NULL,
  channel TEXT NOT NULL,
  type TEXT NOT NULL,
  value BYTEA NOT NULL,
  task_path TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
);
`,
  // 2: the saver keeps small channel values inline in the checkpoint blob (inline.ts); no table changes.
  // A version-1 saver would lose those values, so the number tells it to refuse the schema.
  () => "",
];

/** The schema version this code writes on PostgreSQL (the same number as the SQLite file's). */
export const POSTGRES_SAVER_SCHEMA_VERSION = MIGRATIONS.length;

/** What the migration needs from a connection: one query at a time. */
export interface MigrationClient {
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

async function versionOf(client: MigrationClient, s: string): Promise<number | null> {
  const table = await client.query<{ exists: boolean }>("SELECT to_regclass($1) IS NOT NULL AS exists", [`${s}.lg_schema_version`]);
  if (!table.rows[0]!.exists) return null;
  const row = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${s}.lg_schema_version`);
  return row.rows[0]!.version ?? 0;
}

function tooNew(version: number, schema: string, where: string): ChronographError {
  return new ChronographError(
    "SCHEMA_TOO_NEW",
    `Schema "${schema}" at ${where} was written by a newer ChronographSaver (schema ${version}; this one knows ${POSTGRES_SAVER_SCHEMA_VERSION}); update Chronograph.`,
    { database: where },
  );
}

/**
 * The version of the lg_ tables in `schema`, read without writing: null when the schema holds none.
 * Throws SCHEMA_TOO_NEW for tables written by a newer ChronographSaver.
 */
export async function postgresSaverVersion(client: MigrationClient, schema: string, where: string): Promise<number | null> {
  const version = await versionOf(client, quoted(schema));
  if (version !== null && version > POSTGRES_SAVER_SCHEMA_VERSION) throw tooNew(version, schema, where);
  return version;
}

/**
 * Bring the lg_ tables in `schema` (a plain identifier) to POSTGRES_SAVER_SCHEMA_VERSION, creating the
 * schema when missing. An up-to-date schema costs one query and takes no lock; otherwise the work is one
 * transaction under an advisory lock, so savers opening a new database at once create it once. Throws
 * SCHEMA_TOO_NEW naming the schema and `where` (the masked URL).
 */
export async function migratePostgres(client: MigrationClient, schema: string, where: string): Promise<void> {
  const s = quoted(schema);
  const current = await versionOf(client, s);
  if (current === POSTGRES_SAVER_SCHEMA_VERSION) return;
  if (current !== null && current > POSTGRES_SAVER_SCHEMA_VERSION) throw tooNew(current, schema, where);
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`chronograph-saver:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.lg_schema_version (version INTEGER NOT NULL)`);
    // Read again under the lock: another saver may have migrated meanwhile.
    const from = (await versionOf(client, s)) ?? 0;
    if (from > POSTGRES_SAVER_SCHEMA_VERSION) throw tooNew(from, schema, where);
    for (let version = from; version < POSTGRES_SAVER_SCHEMA_VERSION; version += 1) {
      const ddl = MIGRATIONS[version]!(s);
      if (ddl !== "") await client.query(ddl);
    }
    if (from < POSTGRES_SAVER_SCHEMA_VERSION) {
      await client.query(`DELETE FROM ${s}.lg_schema_version`);
      await client.query(`INSERT INTO ${s}.lg_schema_version (version) VALUES ($1)`, [POSTGRES_SAVER_SCHEMA_VERSION]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
