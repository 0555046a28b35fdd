/**
 * What the example scripts share when run from a shell: knowing they are the entry point, opening the
 * store the user asked for, and spawning one of them as a child process.
 */
import { spawn } from "node:child_process";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MemorySaver, type Checkpointer } from "../core/index.ts";

/** The repository root: child processes run from here so `--import tsx` resolves. */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** True when the module at `moduleUrl` is the script node was started with (not imported). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
}

/** A SQLite store on `file`, or an in-memory one when no file is given. Close it when done. */
export async function openStore(file: string | undefined): Promise<Checkpointer> {
  if (!file) return new MemorySaver();
  // Loaded on demand: a run in memory never loads the native SQLite module.
  const { SqliteSaver } = await import("../core/storage/sqlite/index.ts");
  return SqliteSaver.open(file);
}

/** Whether the store holds any checkpoint of `threadId`: decides between starting and resuming. */
export async function hasThread(store: Checkpointer, threadId: string): Promise<boolean> {
  return (await store.getTuple(threadId)) !== undefined;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run `node --import tsx <script> ...args` from the repository root and collect its output. */
export function runScript(script: string, args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
