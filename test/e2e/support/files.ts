/** File helpers for "nothing was written" assertions. */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname } from "node:path";

/** The file's bytes (hashed) and which companions (-wal, -journal…) exist: equal before and after means untouched. */
export function fingerprint(file: string): string {
  const hash = existsSync(file) ? createHash("sha256").update(readFileSync(file)).digest("hex") : "missing";
  if (!existsSync(dirname(file))) return "missing folder";
  const companions = readdirSync(dirname(file)).filter((name) => name.startsWith(basename(file)) && name !== basename(file)).sort();
  return `${hash} ${companions.join(",")}`;
}
