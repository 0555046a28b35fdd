/**
 * The decisions of workspace trust, without touching the disk: is a folder trusted, where may a config
 * file's modules live, and is a module path inside those bounds. Paths given here are already absolute
 * and (where they exist) realpath'd by the caller (trust.ts, graph-config.ts), so a symlink cannot lead
 * a module out of its folder.
 *
 * The rule for module paths: a module named by a config beside a database must resolve inside the
 * database's folder, or inside its project root, the nearest folder at or above the database's that
 * holds a package.json. The user's home folder and the filesystem root never count as a project root,
 * so a stray ~/package.json does not open the whole home folder.
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** Whether `child` is `parent` itself or lies under it. Both must be absolute. */
export function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path === "" || (path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/** Whether `folder` is trusted: it, or a folder above it, is in `trusted` (trust covers subfolders). */
export function isFolderTrusted(folder: string, trusted: readonly string[]): boolean {
  return trusted.some((root) => isInside(root, folder));
}

/**
 * The project root of a database in `folder`: the nearest folder at or above it for which `hasPackageJson`
 * says yes, stopping before `home` and the filesystem root. Null when there is none.
 */
export function projectRootFor(folder: string, hasPackageJson: (dir: string) => boolean, home: string): string | null {
  let dir = resolve(folder);
  for (;;) {
    const parent = dirname(dir);
    if (parent === dir || resolve(dir) === resolve(home)) return null;
    if (hasPackageJson(dir)) return dir;
    dir = parent;
  }
}

/** The folders a config's modules may live in: the database's folder, then its project root if any. */
export function moduleRoots(databaseFolder: string, projectRoot: string | null): string[] {
  return projectRoot && projectRoot !== databaseFolder ? [databaseFolder, projectRoot] : [databaseFolder];
}

export type ModulePathVerdict = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Whether a module path written in a config file is acceptable. `written` is the text of the config;
 * `real` is where it resolves on disk (the realpath when the file exists). Absolute paths are refused
 * outright; relative ones must land inside one of `roots`.
 */
export function checkModulePath(configFile: string, written: string, real: string, roots: readonly string[]): ModulePathVerdict {
  if (isAbsolute(written) || /^[a-zA-Z]:/.test(written)) {
    return { ok: false, reason: `"${configFile}" names the module "${written}" by an absolute path; write it relative to the config file's folder.` };
  }
  const expected = resolve(dirname(configFile), written);
  if (!roots.some((root) => isInside(root, expected) && isInside(root, real))) {
    return { ok: false, reason: `"${configFile}" names the module "${written}", which is outside ${roots.map((root) => `"${root}"`).join(" and ")}; modules must live beside the database or in its project.` };
  }
  return { ok: true, path: real };
}

/** The package.json a project root holds (for the caller's existence check). */
export const packageJsonIn = (dir: string): string => join(dir, "package.json");
