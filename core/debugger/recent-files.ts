/**
 * The recently opened files, newest first, kept in a small JSON file so they survive restarts. A
 * missing or damaged file reads as an empty list; it is rewritten on the next open.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** How many files the list keeps. */
export const RECENT_LIMIT = 10;

/** The per-user folder where Chronograph keeps its settings, following each platform's convention. */
export function defaultConfigDir(): string {
  if (process.platform === "win32") return join(process.env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "Chronograph");
  if (process.platform === "darwin") return join(homedir(), "Library", "Application Support", "Chronograph");
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "chronograph");
}

export class RecentFiles {
  constructor(
    /** The JSON file holding the list. */
    readonly file: string,
  ) {}

  /** The list, newest first; never throws. */
  list(): string[] {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, "utf8"));
      return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string").slice(0, RECENT_LIMIT) : [];
    } catch {
      return [];
    }
  }

  /** Move `path` to the front (once), keep RECENT_LIMIT entries, and save. Failing to save is not an error. */
  add(path: string): string[] {
    const next = [path, ...this.list().filter((item) => item !== path)].slice(0, RECENT_LIMIT);
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      // Write then rename, so a crash never leaves half a file.
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(next, null, 2), { mode: 0o600 });
      renameSync(temp, this.file);
    } catch {
      // A read-only home folder must not stop the user from opening a database.
    }
    return next;
  }
}
