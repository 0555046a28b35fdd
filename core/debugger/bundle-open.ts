/**
 * Opening a bundle (bundle.ts) as if it were a database: the bundle is imported into a Chronograph file
 * in the app's own folder (never beside the bundle), named by the bundle's content so opening it again
 * reuses the copy, and that copy is read with traits that refuse edits, runs, prune and graph code: a
 * bundle is a record of someone else's history, not a place to write.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join, resolve } from "node:path";
import { ChronographError } from "../api/errors.ts";
import type { KindTraits } from "./capabilities.ts";
import { bundleFileName, importBundle, readBundle } from "./bundle-import.ts";

/** The folder imported bundles are kept in: under the app's cache folder, else the system's temp folder. */
export function bundleCopyDir(cacheDir: string | undefined): string {
  return cacheDir ? join(cacheDir, "bundles") : join(tmpdir(), "chronograph-bundles");
}

/** Whether `file` (already resolved) is an imported bundle's copy in that folder. */
export function isBundleCopy(file: string, cacheDir: string | undefined): boolean {
  return dirname(resolve(file)) === resolve(bundleCopyDir(cacheDir));
}

/**
 * Whether a file should be read as a bundle: a `.json` name, or content that starts (after white space)
 * with `{`. A SQLite file starts with "SQLite format 3", so a database is never mistaken for one; what
 * the content really is, readBundle decides (a coded error naming the file when it is not a bundle).
 */
export function looksLikeBundle(file: string): boolean {
  // Only a regular file is read: opening a named pipe blocks until someone writes to it. Anything else goes
  // on to the database reader, which refuses it naming what it is (storage/sqlite/regular-file.ts).
  try {
    if (!statSync(file).isFile()) return false;
  } catch {
    return false;
  }
  if (extname(file).toLowerCase() === ".json") return true;
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const head = Buffer.alloc(512);
    const read = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).toString("utf8").trimStart().startsWith("{");
  } catch {
    return false; // missing, a folder or unreadable: the database reader says so, naming the file
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The Chronograph file holding the bundle at `file`'s thread, imported on first open into `dir` (and
 * stamped as just opened when reused). Throws
 * FILE_NOT_FOUND or INVALID_ARGUMENT naming the bundle file (not JSON, not a bundle, a views bundle,
 * records that do not form a history); a failed import leaves no file behind.
 */
export async function importedBundleCopy(file: string, dir: string): Promise<string> {
  const bundle = readBundle(file);
  const digest = createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 16);
  const copy = join(dir, `${bundleFileName(bundle).replace(/\.bundle\.json$/, "")}-${digest}.sqlite`);
  if (existsSync(copy)) {
    // A copy's time is when it was last opened: the cache keeps the most recently opened (bundle-cache.ts).
    const now = new Date();
    utimesSync(copy, now, now);
    return copy;
  }
  mkdirSync(dir, { recursive: true });
  const partial = `${copy}.${process.pid}.partial`;
  try {
    await importBundle(bundle, partial, `Bundle "${file}"`);
    renameSync(partial, copy);
  } catch (error) {
    throw error instanceof ChronographError && error.code === "INVALID_ARGUMENT" && !error.message.includes(file)
      ? new ChronographError("INVALID_ARGUMENT", `Bundle "${file}": ${error.message}`, { file })
      : error;
  } finally {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(partial + suffix, { force: true });
  }
  return copy;
}

/** A Chronograph file's traits, read-only: what the app shows for an opened bundle. */
export function bundleTraits(traits: KindTraits, file: string): KindTraits {
  const why = `"${basename(file)}" is a bundle, opened read-only; import it into a database (chronograph import) to edit or run it.`;
  return { ...traits, graphCode: null, graphCodeRefusal: why, runRefusal: () => why, editRefusal: why, pruneRefusal: why };
}

/** The error for a write to an opened bundle. */
export function bundleReadOnly(file: string): ChronographError {
  return new ChronographError("READ_ONLY", `"${file}" is a bundle, opened read-only; import it into a database (chronograph import) to edit or run it.`, { file });
}
