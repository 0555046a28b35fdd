/**
 * Keeping the folder of imported bundle copies (bundle-open.ts) small: a copy no session uses is kept only
 * while it is one of the few most recently opened and less than a day old, so reopening a bundle soon is
 * instant and the folder does not grow with every bundle ever opened. Deciding is pure
 * (bundleCopiesToRemove); the sweep reads and removes only files of that one folder whose names are the
 * copies' own, never a folder, a link or anything else found there.
 */
import { lstatSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** How many unused copies stay, and for how long after their last opening. */
export interface BundleCachePolicy {
  keep: number;
  maxAgeMs: number;
}

export const BUNDLE_CACHE_POLICY: BundleCachePolicy = { keep: 8, maxAgeMs: 24 * 60 * 60 * 1000 };

/** A file found in the folder: its name and when it was last written (a copy's: when it was last opened). */
export interface CacheFile {
  name: string;
  mtimeMs: number;
}

// importedBundleCopy names a copy `<thread>-<16 hex digits>.sqlite`; SQLite adds -wal, -shm or -journal
// beside it, and an import in progress writes `<copy>.<pid>.partial` first.
const COPY = /^(.+-[0-9a-f]{16}\.sqlite)(-wal|-shm|-journal)?$/;
const PARTIAL = /^.+-[0-9a-f]{16}\.sqlite\.\d+\.partial(-wal|-shm|-journal)?$/;

/**
 * The names to remove from the folder: every unused copy (with its SQLite side files) past the `keep`
 * most recently opened or older than `maxAgeMs`; side files whose copy is gone and partial imports, once
 * older than `maxAgeMs` (younger ones may belong to an import under way). Copies named in `inUse` and
 * files not named like copies are never listed.
 */
export function bundleCopiesToRemove(files: readonly CacheFile[], inUse: ReadonlySet<string>, now: number, policy: BundleCachePolicy = BUNDLE_CACHE_POLICY): string[] {
  const stale = (file: CacheFile) => now - file.mtimeMs > policy.maxAgeMs;
  const copies = files.filter((file) => {
    const match = COPY.exec(file.name);
    return match !== null && match[2] === undefined;
  });
  const unused = copies.filter((copy) => !inUse.has(copy.name)).sort((a, b) => b.mtimeMs - a.mtimeMs || a.name.localeCompare(b.name));
  const doomed = new Set(unused.filter((copy, rank) => rank >= policy.keep || stale(copy)).map((copy) => copy.name));
  const present = new Set(copies.map((copy) => copy.name));
  const remove: string[] = [];
  for (const file of files) {
    const match = COPY.exec(file.name);
    if (match) {
      const copy = match[1]!;
      if (doomed.has(copy) || (!present.has(copy) && !inUse.has(copy) && stale(file))) remove.push(file.name);
    } else if (PARTIAL.test(file.name) && stale(file)) {
      remove.push(file.name);
    }
  }
  return remove.sort();
}

/**
 * Remove what bundleCopiesToRemove says from `dir` (a missing folder is nothing to do); `inUse` holds the
 * paths of copies sessions have open. Only regular files directly in `dir` are considered. A file that
 * cannot be removed is left for the next sweep. Returns the names removed.
 */
export function sweepBundleCopies(dir: string, inUse: readonly string[], now: number, policy: BundleCachePolicy = BUNDLE_CACHE_POLICY): string[] {
  const folder = resolve(dir);
  let files: CacheFile[];
  try {
    files = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => ({ name: entry.name, mtimeMs: lstatSync(join(folder, entry.name)).mtimeMs }));
  } catch {
    return [];
  }
  const used = new Set(inUse.map((path) => resolve(path)).filter((path) => dirname(path) === folder).map((path) => basename(path)));
  const removed: string[] = [];
  for (const name of bundleCopiesToRemove(files, used, now, policy)) {
    try {
      rmSync(join(folder, name));
      removed.push(name);
    } catch {
      // Gone already, or held open by another process (Windows): the next sweep tries again.
    }
  }
  return removed;
}
