/** One temp folder per bench process, in the OS temp dir, removed on exit whatever happens. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let folder: string | null = null;
let counter = 0;

function tempFolder(): string {
  if (folder === null) {
    folder = mkdtempSync(join(tmpdir(), "chronograph-bench-"));
    process.on("exit", removeTempFiles);
  }
  return folder;
}

/** A fresh path (nothing created) for a database file named after `label`. */
export function tempDbPath(label: string): string {
  counter += 1;
  return join(tempFolder(), `${label}-${counter}.db`);
}

export function removeTempFiles(): void {
  if (folder !== null) rmSync(folder, { recursive: true, force: true });
  folder = null;
}
