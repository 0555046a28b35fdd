/**
 * The change token of a SQLite file a reader holds open: PRAGMA data_version (moves when another
 * connection commits) plus the size and modification time of the file and of its WAL (which move
 * on a commit a checkpoint of the WAL would otherwise hide). A reader drops what it cached from the
 * file when the token moves.
 */
import { statSync } from "node:fs";

function sizeAndTime(file: string): string {
  try {
    const info = statSync(file);
    return `${info.size}.${info.mtimeMs}`;
  } catch {
    return "-";
  }
}

/** The token of the file at `path`, read through `db`, a connection to it. */
export function fileChangeToken(db: { dataVersion(): number }, path: string): string {
  return `${db.dataVersion()}:${sizeAndTime(path)}:${sizeAndTime(`${path}-wal`)}`;
}
