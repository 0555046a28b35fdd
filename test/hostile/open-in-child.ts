/**
 * Runs open-child.ts on one file in a child process with a time budget and a heap cap, so a crafted
 * file that hangs or balloons is caught, killed and reported instead of stopping the test run.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const CHILD = join(import.meta.dirname, "open-child.ts");

/** What open-child.ts printed. */
export interface OpenOutcome {
  threads: number;
  checkpoints: number;
  warnings: number;
  errors: string[];
  crash?: string;
  inspectExit?: number;
  inspectBytes?: number;
  maxRssMb?: number;
}

export interface OpenResult {
  outcome: OpenOutcome | null;
  /** True when the child was killed for running past the budget. */
  timedOut: boolean;
  exitCode: number | null;
  stderr: string;
}

export interface OpenLimits {
  /** Kill the child after this long. Generous: a loaded machine is slow, and a hang never ends at all. */
  timeoutMs?: number;
  /** V8 heap cap of the child, in MB: past it the child dies instead of eating the machine. */
  heapMb?: number;
}

export function openInChild(file: string, limits: OpenLimits = {}): Promise<OpenResult> {
  const config = mkdtempSync(join(tmpdir(), "chronograph-hostile-config-"));
  return new Promise((done) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${limits.heapMb ?? 512}`, "--import", "tsx", CHILD, file, config], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, limits.timeoutMs ?? 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      rmSync(config, { recursive: true, force: true });
      const line = stdout.trim().split("\n").pop() ?? "";
      let outcome: OpenOutcome | null;
      try {
        outcome = line.startsWith("{") ? (JSON.parse(line) as OpenOutcome) : null;
      } catch {
        outcome = null;
      }
      done({ outcome, timedOut, exitCode: code, stderr: stderr.slice(-4000) });
    });
  });
}
