/**
 * The checkpoint database's tables and how a file is brought up to date. `schema_version` holds one row;
 * migration N (index N-1 of MIGRATIONS) takes a file from version N-1 to N. A file newer than this code
 * is refused (SCHEMA_TOO_NEW) rather than half-understood. Migrations only add or drop indexes and
 * summary tables: they never rewrite or delete a checkpoint.
 *
 * Layout (version 4). Every put touches as few B-tree pages as possible, since each dirty page is
 * written to the WAL at commit: the checkpoint row, its one index entry, and, unless the put extends the
 * head of a thread marked as lagging, the thread row (and the parent row, unless the parent is the head).
 * - checkpoints: one row per checkpoint. Checkpoint ids sort in creation order (core/checkpoint/ids.ts),
 *   so the UNIQUE index on (thread_id, checkpoint_id) both finds a checkpoint by id and gives a thread's
 *   history newest first without a sort. `seq` is the row id (insertion order). JSON columns hold the
 *   record's fields; `channels` holds the channel versions this checkpoint wrote (see stored-blob.ts),
 *   so a history read needs no second table; `child_count` counts the children
 *   added while their parent was not the head (version 3; see VERSION_3), which with a seek for a
 *   child of the head answers hasChildren and counts leaves without an index.
 * - blobs: values and deltas too long to sit inline in `channels`, by row id.
 * - writes: pending writes per checkpoint, `seq` in arrival order.
 * - threads: one summary row per thread, kept current inside every write transaction, except while the
 *   thread is marked in thread_lag (version 4): then readers compute it (thread-lag.ts).
 * - graphs: topologies by hash.
 *
 * Version 1 also had an index on thread_id alone (history in `seq` order); version 2 drops it, which
 * makes every put one index entry (one WAL page) cheaper. Code at version 4 reads version-1 to
 * version-3 files as they are (without thread_lag no row lags) (the extra index is unused; their child counts are complete), so a
 * read-only open never needs to upgrade one.
 */
import type Database from "better-sqlite3";
import { ChronographError } from "../../api/errors.ts";

const VERSION_1 = `
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE checkpoints (
  seq INTEGER PRIMARY KEY,
  thread_id TEXT NOT NULL,
  checkpoint_id TEXT NOT NULL,
  parent_id TEXT,
  step INTEGER NOT NULL,
  source TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  versions TEXT NOT NULL,
  tasks TEXT NOT NULL,
  writes TEXT,
  interrupt TEXT,
  graph_name TEXT,
  graph_hash TEXT,
  durations TEXT,
  channels TEXT NOT NULL,
  child_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (thread_id, checkpoint_id)
);
CREATE INDEX checkpoints_by_thread ON checkpoints (thread_id);
CREATE TABLE blobs (id INTEGER PRIMARY KEY, thread_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX blobs_by_thread ON blobs (thread_id);
CREATE TABLE writes (
  thread_id TEXT NOT NULL,
  checkpoint_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  task_id TEXT NOT NULL,
  node TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_id, seq)
) WITHOUT ROWID;
CREATE TABLE threads (
  thread_id TEXT PRIMARY KEY,
  graph_name TEXT,
  status TEXT NOT NULL,
  last_node TEXT,
  step INTEGER NOT NULL,
  checkpoint_count INTEGER NOT NULL,
  branch_count INTEGER NOT NULL,
  head_checkpoint_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE graphs (hash TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL);
`;

/** History is read by the UNIQUE (thread_id, checkpoint_id) index; the thread-only index only cost writes. */
const VERSION_2 = "DROP INDEX IF EXISTS checkpoints_by_thread;";

/**
 * Version 3 changes what child_count means, not a table: a child that extends its thread's head (the
 * usual put) is no longer counted, which spares every put an update of its parent's row. hasChildren
 * and the leaf count find such a child by its parent id instead (statements.ts HAS_CHILD), which also
 * reads the fuller counts of versions 1 and 2 right, so no row is rewritten. The version is raised so
 * that older code, which would read the missing counts as leaves, refuses a file written this way.
 */
const VERSION_3 = "-- child_count no longer counts a child of the head";

/**
 * Version 4 adds the threads whose `threads` row lags their checkpoints (thread-lag.ts): a put that
 * extends its thread's head while the thread is marked writes only its checkpoint row, and readers
 * overlay the marked threads' rows with their computed summary. No row is rewritten; the version is
 * raised so that older code, which would read a lagging row as it is, refuses a file written this way.
 */
const VERSION_4 = "CREATE TABLE thread_lag (thread_id TEXT PRIMARY KEY) WITHOUT ROWID;";

const MIGRATIONS: readonly string[] = [VERSION_1, VERSION_2, VERSION_3, VERSION_4];

/** The schema version this code reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The oldest version this code reads as it is (a read-only open does not upgrade a file). */
export const OLDEST_READABLE_VERSION = 1;

/** Names of the tables in the file, without SQLite's own. Fails with SQLITE_NOTADB on a non-SQLite file. */
function tablesOf(db: Database.Database): Set<string> {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return new Set(names);
}

/** The file's schema version, or null when it has no schema_version table (not one of ours, or empty). */
export function schemaVersionOf(db: Database.Database): number | null {
  if (!tablesOf(db).has("schema_version")) return null;
  const version = db.prepare("SELECT MAX(version) FROM schema_version").pluck().get() as number | null;
  return version ?? 0;
}

function tooNew(file: string, version: number): ChronographError {
  return new ChronographError(
    "SCHEMA_TOO_NEW",
    `The checkpoint database "${file}" has schema version ${version}, newer than this Chronograph understands (${SCHEMA_VERSION}); update Chronograph to open it.`,
    { file },
  );
}

/**
 * Check that a file opened read-only holds our tables at a version this code reads as it is (from
 * OLDEST_READABLE_VERSION to ours). Throws NOT_A_CHECKPOINT_DATABASE (no tables of ours, or an older
 * schema that only a writable open upgrades) or SCHEMA_TOO_NEW, each naming the file.
 */
export function checkSchema(db: Database.Database, file: string): void {
  const version = schemaVersionOf(db);
  if (version === null) {
    throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `"${file}" is a SQLite database but not a Chronograph checkpoint database.`, { file });
  }
  if (version > SCHEMA_VERSION) throw tooNew(file, version);
  if (version < OLDEST_READABLE_VERSION) {
    throw new ChronographError(
      "NOT_A_CHECKPOINT_DATABASE",
      `The checkpoint database "${file}" has the older schema version ${version}; open it once for writing to upgrade it to ${SCHEMA_VERSION}.`,
      { file },
    );
  }
}

/**
 * Refuse, before anything is changed, a file that holds other tables than ours
 * (NOT_A_CHECKPOINT_DATABASE) or our tables at a newer version (SCHEMA_TOO_NEW). An empty file passes.
 */
export function checkWritable(db: Database.Database, file: string): void {
  const tables = tablesOf(db);
  if (!tables.has("schema_version")) {
    if (tables.size > 0) {
      throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `"${file}" is a SQLite database with other tables, not a Chronograph checkpoint database.`, { file });
    }
    return;
  }
  const version = schemaVersionOf(db) ?? 0;
  if (version > SCHEMA_VERSION) throw tooNew(file, version);
}

/**
 * Create or upgrade the schema in one IMMEDIATE transaction, so two processes opening a new file at
 * once do not both create it. Call `checkWritable` first; this checks again inside the transaction.
 * A file already at our version is left alone without taking the write lock.
 */
export function migrate(db: Database.Database, file: string): void {
  if (schemaVersionOf(db) === SCHEMA_VERSION) return;
  db.transaction(() => {
    checkWritable(db, file);
    const from = schemaVersionOf(db) ?? 0;
    if (from === SCHEMA_VERSION) return;
    for (let index = from; index < SCHEMA_VERSION; index += 1) db.exec(MIGRATIONS[index]!);
    db.prepare("DELETE FROM schema_version").run();
    db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(SCHEMA_VERSION);
  }).immediate();
}
