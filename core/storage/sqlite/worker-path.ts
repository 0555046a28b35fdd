/**
 * Where a worker thread's entry file is in a packaged app. electron-builder packs the built files into
 * app.asar; each worker's entry and what it imports are also unpacked beside it (electron-builder.yml's
 * asarUnpack) into app.asar.unpacked, where Node loads them as plain files, whatever the running Electron's
 * support for ES modules inside an archive in worker threads. Outside a package the path is left alone.
 * Pure: the caller says which files exist.
 */
import { sep } from "node:path";

/** The folder segment electron-builder's archive has in a packaged app's paths. */
const ARCHIVE = `${sep}app.asar${sep}`;
const UNPACKED = `${sep}app.asar.unpacked${sep}`;

/** `file` as the worker should load it: its unpacked copy when `file` is inside app.asar and the copy exists, else `file`. */
export function workerEntryPath(file: string, exists: (path: string) => boolean): string {
  const at = file.indexOf(ARCHIVE);
  if (at < 0) return file;
  const unpacked = file.slice(0, at) + UNPACKED + file.slice(at + ARCHIVE.length);
  return exists(unpacked) ? unpacked : file;
}
