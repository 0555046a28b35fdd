/**
 * Looking at a SQLite file without opening it as a checkpointer: which kind of checkpoint database it
 * is (ours, LangGraph.js's, Python LangGraph's), and a cheap counter that moves whenever another
 * connection commits to it. Kept apart from the saver: the debugger needs both before it knows which
 * reader to use, and neither changes the file.
 */
import { existsSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { ChronographError } from "../../api/errors.ts";
import type { DatabaseKind } from "../../api/types.ts";
import { guarded, sqliteError } from "./errors.ts";

/** Columns a LangGraph checkpoint table has (JS and Python write the same layout). */
const LANGGRAPH_CHECKPOINT_COLUMNS = ["thread_id", "checkpoint_ns", "checkpoint_id", "parent_checkpoint_id", "type", "checkpoint", "metadata"];
const LANGGRAPH_WRITE_COLUMNS = ["thread_id", "checkpoint_ns", "checkpoint_id", "task_id", "idx", "channel", "type", "value"];
// Our files are marked by their schema_version table; opening them as a saver checks the version itself.
const CHRONOGRAPH_TABLES = ["schema_version", "checkpoints", "threads"];

export interface ProbeOptions {
  /** How long to wait for another connection's exclusive lock before DATABASE_LOCKED. Default 2000 ms. */
  busyTimeoutMs?: number;
}

/** Open `file` read-only for probing. Throws FILE_NOT_FOUND, NOT_A_DATABASE or DATABASE_LOCKED naming it. */
function openReadOnly(file: string, options: ProbeOptions): Database.Database {
  if (!existsSync(file)) throw new ChronographError("FILE_NOT_FOUND", `The file "${file}" does not exist.`, { file });
  if (statSync(file).isDirectory()) throw new ChronographError("NOT_A_DATABASE", `"${file}" is a folder, not a SQLite database.`, { file });
  try {
    return new Database(file, { readonly: true, fileMustExist: true, timeout: options.busyTimeoutMs ?? 2000 });
  } catch (error) {
    throw sqliteError(error, file);
  }
}

function columnsOf(db: Database.Database, table: string): Set<string> {
  const rows = db.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[];
  return new Set(rows);
}

/**
 * Which kind of checkpoint database `file` is, read from its table names and columns. A LangGraph file
 * counts as Python's when its first checkpoint is serialized with msgpack (LangGraph.js writes JSON).
 * Throws FILE_NOT_FOUND, NOT_A_DATABASE, NOT_A_CHECKPOINT_DATABASE or DATABASE_LOCKED, naming the file.
 * Never writes to the file.
 */
export function detectDatabaseKind(file: string, options: ProbeOptions = {}): DatabaseKind {
  const db = openReadOnly(file, options);
  try {
    return guarded(file, () => {
      const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
      if (CHRONOGRAPH_TABLES.every((name) => tables.has(name))) return "chronograph";
      if (tables.has("checkpoints") && tables.has("writes")) {
        const checkpointColumns = columnsOf(db, "checkpoints");
        const writeColumns = columnsOf(db, "writes");
        if (LANGGRAPH_CHECKPOINT_COLUMNS.every((c) => checkpointColumns.has(c)) && LANGGRAPH_WRITE_COLUMNS.every((c) => writeColumns.has(c))) {
          const type = db.prepare("SELECT type FROM checkpoints WHERE type IS NOT NULL LIMIT 1").pluck().get() as string | undefined;
          return type === "msgpack" ? "langgraph-py" : "langgraph-js";
        }
      }
      const what = tables.size === 0 ? "an empty SQLite database" : `a SQLite database (tables: ${[...tables].sort().slice(0, 8).join(", ")})`;
      throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `"${file}" is ${what}, not a checkpoint database written by Chronograph or LangGraph.`, { file });
    });
  } finally {
    db.close();
  }
}

/** A connection kept open only to notice commits by other connections. */
export interface ChangeProbe {
  /** SQLite's PRAGMA data_version: changes whenever another connection commits to the file. */
  dataVersion(): number;
  /** Close the probe's connection; calling it again is a no-op. */
  close(): void;
}

/** Open a change probe on `file`. Throws like detectDatabaseKind when the file cannot be opened. */
export function openChangeProbe(file: string, options: ProbeOptions = {}): ChangeProbe {
  const db = openReadOnly(file, options);
  const statement = db.prepare("PRAGMA data_version").pluck();
  return {
    dataVersion: () => guarded(file, () => statement.get() as number),
    close: () => {
      if (db.open) db.close();
    },
  };
}
