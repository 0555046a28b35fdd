/**
 * Opening a checkpoint database file: creating it private (mode 0600), choosing WAL, the busy timeout
 * and the sync level, checking what the file is, and reading back the settings in force.
 */
import { chmodSync, closeSync, existsSync, openSync } from "node:fs";
import Database from "better-sqlite3";
import { ChronographError } from "../../api/errors.ts";
import { sqliteError } from "./errors.ts";
import { openReadOnlyFile } from "./read-only-open.ts";
import { checkRegularFile } from "./regular-file.ts";
import { checkSchema, checkWritable, migrate } from "./schema.ts";

export interface OpenOptions {
  /** Open without the right to write: never creates, migrates or changes the file. Default false. */
  readonly?: boolean;
  /** NORMAL (default) commits without fsync in WAL mode; FULL also fsyncs every commit. */
  synchronous?: "NORMAL" | "FULL";
  /** How long a write waits for another connection's lock before DATABASE_LOCKED. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** A writable open of a missing file fails with FILE_NOT_FOUND instead of creating it. Default false. */
  mustExist?: boolean;
}

/** The settings a connection actually runs with, as reported next to benchmark figures. */
export interface SqlitePragmas {
  journalMode: string;
  synchronous: string;
  pageSize: number;
}

const SYNCHRONOUS_NAMES = ["OFF", "NORMAL", "FULL", "EXTRA"];

/**
 * A writer moves the WAL into the database file once it holds this many pages (SQLite's default is
 * 1,000). Each such checkpoint costs two fsyncs even at synchronous=NORMAL, and a put dirties three
 * pages (its row, its index entry, its thread's summary): at the default a run paid those fsyncs every
 * ~330 supersteps, a large share of W1's wall time on a busy disk. 4,000 pages lets the WAL grow to
 * about 16 MB between checkpoints; what a commit writes, crash safety and readers are unchanged.
 */
const WAL_CHECKPOINT_PAGES = 4000;

/** Read journal_mode, the effective synchronous level (by name) and page_size of a connection. */
export function readPragmas(db: Database.Database): SqlitePragmas {
  const level = Number(db.pragma("synchronous", { simple: true }));
  return {
    journalMode: String(db.pragma("journal_mode", { simple: true })),
    synchronous: SYNCHRONOUS_NAMES[level] ?? String(level),
    pageSize: Number(db.pragma("page_size", { simple: true })),
  };
}

/** Create `file` readable and writable by its owner only, before SQLite ever opens it. */
function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, "a", 0o600));
    // openSync's mode is filtered by the umask; say it outright.
    chmodSync(file, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = error instanceof Error ? error.message : String(error);
    if (code === "ENOENT") throw new ChronographError("FILE_NOT_FOUND", `Cannot create the checkpoint database "${file}": its folder does not exist.`, { file });
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
      throw new ChronographError("READ_ONLY", `Cannot create the checkpoint database "${file}": ${reason}.`, { file });
    }
    throw new ChronographError("INTERNAL", `Cannot create the checkpoint database "${file}": ${reason}.`, { file });
  }
}

/**
 * Open (and for a writable open, create or upgrade) the checkpoint database at `file`. Throws
 * FILE_NOT_FOUND (read-only open of a missing file, or a missing folder), NOT_A_DATABASE (also for a
 * folder), NOT_A_CHECKPOINT_DATABASE, SCHEMA_TOO_NEW, READ_ONLY (cannot create) or DATABASE_LOCKED,
 * each naming the file. The caller owns the returned connection.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const readonly = options.readonly === true;
  const timeout = options.busyTimeoutMs ?? 5000;
  if (!existsSync(file)) {
    if (readonly || options.mustExist === true) throw new ChronographError("FILE_NOT_FOUND", `The checkpoint database "${file}" does not exist.`, { file });
    createPrivateFile(file);
  }
  checkRegularFile(file, "the checkpoint database");
  let db: Database.Database;
  try {
    db = readonly ? openReadOnlyFile(file, timeout) : new Database(file, { readonly, fileMustExist: true, timeout });
  } catch (error) {
    throw sqliteError(error, file);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(timeout))}`);
    if (readonly) {
      checkSchema(db, file);
    } else {
      // Settle what the file is before changing anything: a non-SQLite file fails here with NOTADB.
      checkWritable(db, file);
      db.pragma("journal_mode = WAL");
      db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      migrate(db, file);
    }
    db.pragma(`synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`);
    return db;
  } catch (error) {
    db.close();
    throw sqliteError(error, file);
  }
}
