/**
 * The recently opened files, newest first, kept in a small JSON file so they survive restarts. A
 * missing or damaged file reads as an empty list; it is rewritten on the next open.
 *
 * PostgreSQL connections are kept by their masked URL: the password is never stored. Reopening one
 * throws PASSWORD_REQUIRED, which the app turns into a password prompt (keeping it encrypted with
 * Electron's safeStorage would be a later step).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { ChronographError } from "../api/errors.ts";
import { isPostgresUrl } from "../storage/postgres/langgraph-reads.ts";
import { maskUrl } from "../storage/postgres/url.ts";

/** The masked password as maskUrl writes it. */
const MASK = "***";

/**
 * Refuse a PostgreSQL URL whose password is the mask (a recent entry reopened as it was stored) with
 * PASSWORD_REQUIRED naming the masked URL; anything else passes.
 */
export function requirePassword(path: string): void {
  if (!isPostgresUrl(path)) return;
  let parsed: URL;
  try {
    parsed = new URL(path);
  } catch {
    return; // The opener names an unparsable URL itself.
  }
  const masked = [...parsed.searchParams.entries()].some(([key, value]) => /^password$/i.test(key) && value === MASK);
  if (parsed.password === MASK || masked) {
    throw new ChronographError("PASSWORD_REQUIRED", `PostgreSQL at ${maskUrl(path)} needs its password: Chronograph does not store it.`, { database: maskUrl(path) });
  }
}

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

  /** Move `opened` (a URL masked) to the front (once), keep RECENT_LIMIT entries, and save. Failing to save is not an error. */
  add(opened: string): string[] {
    const path = isPostgresUrl(opened) ? maskUrl(opened) : opened;
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
