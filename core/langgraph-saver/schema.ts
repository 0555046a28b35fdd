/**
 * ChronographSaver's tables in a SQLite file. Their names start with `lg_` so they sit beside (and are
 * never mistaken for) Chronograph's own checkpoint tables or LangGraph's SqliteSaver tables.
 * `lg_schema_version` holds one row; migration N (index N-1 of MIGRATIONS) takes a file from N-1 to N.
 *
 * - lg_checkpoints: one row per checkpoint, with only its small channel values (schema 2; none in schema 1). Ids are uuid6 (time-ordered), so
 *   "newest first" is checkpoint_id descending, as LangGraph's own savers order them.
 * - lg_values: each channel version not kept inline, once, keyed by (thread, namespace, channel,
 *   version): whole, or the items appended to `base`.
 * - lg_writes: pending writes, keyed as LangGraph keys them, with the task path that orders them.
 */
import { ChronographError } from "../api/errors.ts";
import type { RawDatabase } from "../storage/sqlite/raw.ts";

const MIGRATIONS = [
  `
CREATE TABLE lg_checkpoints (
  thread_id TEXT NOT NULL,
  checkpoint_ns TEXT NOT NULL,
  checkpoint_id TEXT NOT NULL,
  parent_id TEXT,
  type TEXT NOT NULL,
  checkpoint BLOB NOT NULL,
  metadata_type TEXT NOT NULL,
  metadata BLOB NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
) WITHOUT ROWID;
CREATE TABLE lg_values (
  thread_id TEXT NOT NULL,
  checkpoint_ns TEXT NOT NULL,
  channel TEXT NOT NULL,
  version TEXT NOT NULL,
  base TEXT,
  base_len INTEGER NOT NULL,
  depth INTEGER NOT NULL,
  size INTEGER NOT NULL,
  type TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_ns, channel, version)
);
CREATE TABLE lg_writes (
  thread_id TEXT NOT NULL,
  checkpoint_ns TEXT NOT NULL,
  checkpoint_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  channel TEXT NOT NULL,
  type TEXT NOT NULL,
  value BLOB NOT NULL,
  task_path TEXT NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
);
`,
  // 2: small channel values are kept inline in the checkpoint blob's channel_values (inline.ts). No row
  // changes: version 1 files read as before. A version 1 saver would drop those values (it overwrites
  // channel_values), so it must refuse version 2 files: the SCHEMA_TOO_NEW check below does.
  "",
];

/** The schema version this code writes. */
export const SAVER_SCHEMA_VERSION = MIGRATIONS.length;

function statements(script: string): string[] {
  return script.split(";").map((sql) => sql.trim()).filter((sql) => sql.length > 0);
}

/** Bring the file's lg_ tables to SAVER_SCHEMA_VERSION. Throws SCHEMA_TOO_NEW naming the file. */
export function migrate(db: RawDatabase): void {
  db.transaction(() => {
    db.run("CREATE TABLE IF NOT EXISTS lg_schema_version (version INTEGER NOT NULL)");
    const row = db.get<{ version: number }>("SELECT version FROM lg_schema_version");
    const current = row?.version ?? 0;
    if (current > SAVER_SCHEMA_VERSION) {
      throw new ChronographError("SCHEMA_TOO_NEW", `"${db.file}" was written by a newer ChronographSaver (schema ${current}; this one knows ${SAVER_SCHEMA_VERSION}).`, { file: db.file });
    }
    for (let version = current; version < SAVER_SCHEMA_VERSION; version += 1) {
      for (const sql of statements(MIGRATIONS[version]!)) db.run(sql);
    }
    if (row === undefined) db.run("INSERT INTO lg_schema_version (version) VALUES (?)", SAVER_SCHEMA_VERSION);
    else db.run("UPDATE lg_schema_version SET version = ?", SAVER_SCHEMA_VERSION);
  });
}
