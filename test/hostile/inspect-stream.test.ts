/**
 * `inspect --json` on a long thread is written as it is read: memory does not grow with the output,
 * a reader that stops early (`| head`) ends it quietly, and the options choose what is printed.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { writeLongThread } from "./long-thread.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const CHILD = join(import.meta.dirname, "inspect-child.ts");
const STEPS = 2500;

let dir: string;
let file: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-inspect-stream-"));
  file = join(dir, "long.db");
  await writeLongThread(file, STEPS);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  bytes: number;
  stdout: string;
  stderr: string;
  peakMb: number;
}

/** Run inspect in a child; keep the first `keep` bytes of stdout; stop reading after `stopAfter` bytes. */
function inspect(args: string[], options: { keep?: number; stopAfter?: number } = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, "inspect", file, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (stdout.length < (options.keep ?? 1 << 20)) stdout += chunk.toString();
      if (options.stopAfter !== undefined && bytes >= options.stopAfter) child.stdout.destroy();
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => done({ code, bytes, stdout, stderr, peakMb: Number(/peak-rss-mb=(\d+)/.exec(stderr)?.[1] ?? NaN) }));
  });
}

it("writes a long thread's JSON with memory that does not grow with the output", async () => {
  const one = await inspect(["--json", "--limit", "1"]);
  const all = await inspect(["--json"], { keep: 0 });
  expect(all.code).toBe(0);
  expect(all.bytes).toBeGreaterThan(50 * one.bytes);
  expect(all.bytes).toBeGreaterThan(40_000_000);
  // The whole document held in memory would be 40 MB and more, twice over while being built.
  expect(all.peakMb - one.peakMb).toBeLessThan(60);
}, 600_000);

it("stops quietly, without a stack trace, when the reader closes the pipe early", async () => {
  const run = await inspect(["--json"], { stopAfter: 64 * 1024 });
  expect(run.stderr).not.toMatch(/\n\s+at |EPIPE/);
  expect(run.code).toBe(0);
}, 600_000);

it("prints only the chosen thread, the newest checkpoints, and changed values or none", async () => {
  const changed = JSON.parse((await inspect(["--json", "--thread", "long", "--limit", "2", "--values", "changed"])).stdout);
  expect(changed.threads).toHaveLength(1);
  expect(changed.threads[0].checkpoints).toHaveLength(2);
  expect(changed.threads[0].checkpoints[0].values).toEqual({ count: STEPS, notes: expect.any(Array) });
  const none = JSON.parse((await inspect(["--json", "--limit", "3", "--values", "none"])).stdout);
  expect(none.threads[0].checkpoints.map((view: { values: object }) => view.values)).toEqual([{}, {}, {}]);
  const other = JSON.parse((await inspect(["--json", "--thread", "nope"])).stdout);
  expect(other).toEqual({ kind: "chronograph", threads: [] });
  const bad = await inspect(["--limit", "zero"]);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/--limit/);
}, 600_000);
