/**
 * Plain SQL access to a SQLite file that is not one of our checkpoint databases (LangGraph's, or any
 * file whose kind is still being detected). core/interop reads and writes LangGraph files through this
 * and nothing else, so better-sqlite3 stays inside core/storage/sqlite/.
 *
 * Promises:
 * - Never creates the file, never changes its journal mode or any other setting.
 * - A read-only open cannot write: SQLite reads the `-wal` file beside a WAL-mode database (so the most
 *   recent commits are seen) but a read-only connection never checkpoints or deletes that WAL, on close
 *   or otherwise. It may create a `-shm` index beside the file, as SQLite does for every WAL reader.
 * - Every failure is a ChronographError naming the file (FILE_NOT_FOUND, NOT_A_DATABASE, DATABASE_LOCKED,
 *   READ_ONLY, INTERNAL).
 */
import Database from "better-sqlite3";
import { guarded, sqliteError } from "./errors.ts";
import { openReadOnlyFile } from "./read-only-open.ts";
import { checkRegularFile } from "./regular-file.ts";

/**
 * The most a debugger read waits for another connection's lock. Readers of a WAL file never wait for a
 * writer (SQLite's snapshot isolation), so this only matters for rollback-journal files, where a writer
 * holding its EXCLUSIVE lock would otherwise hold every request of the server for the whole busy
 * timeout. A commit takes milliseconds, so 50 ms rides over one; a writer that holds its lock longer
 * gets DATABASE_LOCKED back at once, and the app's next poll tries again.
 */
export const READ_BUSY_MS = 50;

export interface RawOpenOptions {
  /** Open without the right to write. Default true: write access is asked for explicitly. */
  readonly?: boolean;
  /** How long a statement waits for another connection's lock before DATABASE_LOCKED. Default 2000 ms. */
  busyTimeoutMs?: number;
}

/** One connection to one file. Parameters bind positionally; BLOB columns come back as Uint8Array. */
export interface RawDatabase {
  readonly file: string;
  readonly readonly: boolean;
  /** Every row of a query. */
  all<T>(sql: string, ...params: unknown[]): T[];
  /** The first row of a query, or undefined. */
  get<T>(sql: string, ...params: unknown[]): T | undefined;
  /** Run a statement that returns no rows; says how many rows it changed. */
  run(sql: string, ...params: unknown[]): { changes: number };
  /** Run `work` inside one IMMEDIATE transaction: all of it commits, or none of it (it rethrows). */
  transaction<T>(work: () => T): T;
  /** SQLite's PRAGMA data_version: moves whenever another connection commits to the file. */
  dataVersion(): number;
  /** Close the connection; calling it twice is harmless. */
  close(): void;
}

/**
 * Open `file` for raw access. Throws FILE_NOT_FOUND when it does not exist (it is never created),
 * NOT_A_DATABASE for a folder or a file that is not SQLite, each naming the file.
 */
export function openRawDatabase(file: string, options: RawOpenOptions = {}): RawDatabase {
  const readonly = options.readonly !== false;
  checkRegularFile(file);
  let db: Database.Database;
  try {
    const timeout = options.busyTimeoutMs ?? 2000;
    db = readonly ? openReadOnlyFile(file, timeout) : new Database(file, { readonly, fileMustExist: true, timeout });
  } catch (error) {
    throw sqliteError(error, file);
  }
  try {
    // Reading the schema is the first thing that touches the pages: a non-SQLite file fails here.
    db.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (error) {
    db.close();
    throw sqliteError(error, file);
  }
  return wrap(db, file, readonly);
}

/** better-sqlite3 binds Buffers, not plain Uint8Arrays: pass byte arrays as Buffers over the same memory. */
function bindable(params: unknown[]): unknown[] {
  return params.map((param) => (param instanceof Uint8Array && !Buffer.isBuffer(param) ? Buffer.from(param.buffer, param.byteOffset, param.byteLength) : param));
}

function wrap(db: Database.Database, file: string, readonly: boolean): RawDatabase {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    file,
    readonly,
    all: <T>(sql: string, ...params: unknown[]) => guarded(file, () => prepared(sql).all(...bindable(params)) as T[]),
    get: <T>(sql: string, ...params: unknown[]) => guarded(file, () => prepared(sql).get(...bindable(params)) as T | undefined),
    run: (sql: string, ...params: unknown[]) => guarded(file, () => ({ changes: prepared(sql).run(...bindable(params)).changes })),
    transaction: <T>(work: () => T) => guarded(file, () => db.transaction(work).immediate()),
    dataVersion: () => guarded(file, () => Number(db.pragma("data_version", { simple: true }))),
    close: () => {
      if (db.open) db.close();
    },
  };
}
