/**
 * Opening a database file read-only, also when its folder is read-only. A WAL-mode database needs a
 * `-shm` index beside it even to be read, and SQLite cannot create one in a read-only folder
 * (SQLITE_READONLY_DIRECTORY). When no `-wal` file holds commits, every commit is in the database file
 * and nobody can write one meanwhile (a writer would need to create the `-wal` in that same folder), so
 * the file is opened as immutable: SQLite reads it without any lock or index. When a non-empty `-wal`
 * is there, its commits cannot be read without the index, and the error says so instead of guessing.
 */
import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { ChronographError } from "../../api/errors.ts";

// better-sqlite3 reads this once, at its first open, to let SQLite accept file: URIs (for immutable=1).
// Plain paths are unaffected: only names that start with "file:" are read as URIs.
process.env.SQLITE_USE_URI ??= "1";

function walBytes(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

const FOLDER_CODES = new Set(["SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN"]);

function folderWritable(file: string): boolean {
  try {
    accessSync(dirname(file), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Open and read the schema (SQLite reports a missing index only when it first reads). */
function openAndTouch(file: string, timeout: number): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout });
  try {
    db.prepare("SELECT count(*) FROM sqlite_master").get();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Open `file` read-only (it must exist). Throws what better-sqlite3 throws, or READ_ONLY explaining a
 * WAL it cannot read from a read-only folder.
 */
export function openReadOnlyFile(file: string, timeout: number): Database.Database {
  try {
    return openAndTouch(file, timeout);
  } catch (error) {
    if (!(error instanceof Database.SqliteError) || !FOLDER_CODES.has(error.code) || folderWritable(file)) throw error;
    if (walBytes(file) > 0) {
      throw new ChronographError(
        "READ_ONLY",
        `"${file}" is a WAL database in a read-only folder, and its "-wal" file holds commits that SQLite can read only with a "-shm" index it cannot create there; copy the database with its "-wal" file to a writable folder, or open it once where the folder is writable.`,
        { file },
      );
    }
    return new Database(`${pathToFileURL(file).href}?immutable=1`, { readonly: true, timeout });
  }
}
