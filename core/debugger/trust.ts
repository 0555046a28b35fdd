/**
 * The trusted folders, remembered across launches in `trusted-folders.json` in the backend's config
 * folder (mode 0600, written to a temporary file and renamed, so a crash never leaves half a file).
 * Folders are stored realpath'd. A missing or damaged file means "nothing is trusted": the safe default.
 * Decisions (is this folder trusted) are trust-policy.ts's; this class only reads and writes the list.
 */
import { chmodSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ChronographError } from "../api/errors.ts";
import { isFolderTrusted } from "./trust-policy.ts";

export const TRUST_FILE_NAME = "trusted-folders.json";

/** The real path of `folder`, or its resolved path when it no longer exists. */
export function realFolder(folder: string): string {
  try {
    return realpathSync(resolve(folder));
  } catch {
    return resolve(folder);
  }
}

export class TrustStore {
  private readonly launchOnly: string[];

  constructor(
    /** The JSON file holding `{ "folders": [...] }`. */
    readonly file: string,
    /** Folders trusted for this launch only, never saved (the built-in demo's; see electron/cli/demo.ts). */
    launchOnly: readonly string[] = [],
  ) {
    this.launchOnly = launchOnly.map(realFolder);
  }

  /** The trusted folders, in the order they were trusted; never throws. */
  list(): string[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, "utf8")) as { folders?: unknown };
      return Array.isArray(parsed.folders) ? parsed.folders.filter((item): item is string => typeof item === "string") : [];
    } catch {
      return [];
    }
  }

  /** Whether `folder` (realpath'd here) or a folder above it is trusted. */
  isTrusted(folder: string): boolean {
    return isFolderTrusted(realFolder(folder), [...this.list(), ...this.launchOnly]);
  }

  /**
   * Remember `folder` (realpath'd) as trusted and return the list. Throws FILE_NOT_FOUND when the folder
   * does not exist, and INTERNAL naming the trust file when it cannot be saved (trust must not be
   * believed given when it will be forgotten).
   */
  trust(folder: string): string[] {
    let real: string;
    try {
      real = realpathSync(resolve(folder));
    } catch {
      throw new ChronographError("FILE_NOT_FOUND", `Cannot trust the folder "${folder}": it does not exist.`, { file: folder });
    }
    const current = this.list();
    return current.includes(real) ? current : this.save([...current, real]);
  }

  /** Forget `folder` (as given and realpath'd) and return the list; revoking an untrusted folder is a no-op. */
  revoke(folder: string): string[] {
    const forms = new Set([resolve(folder), realFolder(folder)]);
    const current = this.list();
    const next = current.filter((item) => !forms.has(item));
    return next.length === current.length ? current : this.save(next);
  }

  private save(folders: string[]): string[] {
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ folders }, null, 2), { mode: 0o600 });
      // The mode above applies only to a new file; a leftover temp file keeps its own.
      chmodSync(temp, 0o600);
      renameSync(temp, this.file);
    } catch (error) {
      throw new ChronographError("INTERNAL", `Cannot save the trusted folders to "${this.file}": ${error instanceof Error ? error.message : String(error)}`, { file: this.file });
    }
    return folders;
  }
}
