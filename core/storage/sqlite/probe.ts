/**
 * Looking at one of our SQLite files without opening it as a checkpointer: a cheap counter that moves
 * whenever another connection commits to it, so the debugger notices live writes. Kept apart from the
 * saver, and it never changes the file. (Which kind of database a file is, is core/interop/detect.ts's
 * question: one detector for every kind.)
 */
import Database from "better-sqlite3";
import { guarded, sqliteError } from "./errors.ts";
import { openReadOnlyFile } from "./read-only-open.ts";
import { checkRegularFile } from "./regular-file.ts";

export interface ProbeOptions {
  /** How long to wait for another connection's exclusive lock before DATABASE_LOCKED. Default 2000 ms. */
  busyTimeoutMs?: number;
}

/** Open `file` read-only for probing. Throws FILE_NOT_FOUND, NOT_A_DATABASE or DATABASE_LOCKED naming it. */
function openReadOnly(file: string, options: ProbeOptions): Database.Database {
  checkRegularFile(file);
  try {
    return openReadOnlyFile(file, options.busyTimeoutMs ?? 2000);
  } catch (error) {
    throw sqliteError(error, file);
  }
}

/** A connection kept open only to notice commits by other connections. */
export interface ChangeProbe {
  /** SQLite's PRAGMA data_version: changes whenever another connection commits to the file. */
  dataVersion(): number;
  /** Close the probe's connection; calling it again is a no-op. */
  close(): void;
}

/** Open a change probe on `file`. Throws FILE_NOT_FOUND, NOT_A_DATABASE or DATABASE_LOCKED naming it. */
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
