/**
 * SQLite failures as ChronographErrors that name the file. better-sqlite3 reports them as SqliteError
 * with a result code; the codes that a user can act on (busy, read-only, not a database) get their own
 * stable error code, everything else is INTERNAL with SQLite's own message kept.
 */
import Database from "better-sqlite3";
import { ChronographError } from "../../api/errors.ts";

/** Turn any error thrown by better-sqlite3 while working on `file` into a ChronographError. */
export function sqliteError(error: unknown, file: string): unknown {
  if (error instanceof ChronographError) return error;
  if (!(error instanceof Database.SqliteError)) {
    // better-sqlite3 throws a TypeError for a closed connection; say which file it was.
    if (error instanceof TypeError && /database connection is not open/.test(error.message)) {
      return new ChronographError("INVALID_ARGUMENT", `The checkpoint database "${file}" is closed.`, { file });
    }
    return error;
  }
  const code = error.code;
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new ChronographError("DATABASE_LOCKED", `The checkpoint database "${file}" is locked by another connection (${code}); try again when the other writer is done.`, { file });
  }
  if (code.startsWith("SQLITE_READONLY")) {
    return new ChronographError("READ_ONLY", `The checkpoint database "${file}" cannot be written (${code}).`, { file });
  }
  if (code === "SQLITE_NOTADB") {
    return new ChronographError("NOT_A_DATABASE", `"${file}" is not a SQLite database.`, { file });
  }
  return new ChronographError("INTERNAL", `SQLite failed on "${file}": ${error.message} (${code}).`, { file });
}

/** Run `work`, converting SQLite failures with `sqliteError`. */
export function guarded<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw sqliteError(error, file);
  }
}
