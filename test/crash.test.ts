/**
 * Crash safety, end to end: a child process (test/crash-child.ts) runs a 20-superstep graph on SQLite
 * and is killed with SIGKILL at a random moment, again and again; each time a fresh child resumes the
 * thread. After every kill the database passes `PRAGMA integrity_check`, and whatever the database had
 * recorded as done (a superstep's checkpoint, a node's pending write) never runs again: the nodes'
 * side-effect log, kept outside the database, is the witness. Every thread ends with the right state.
 *
 * The kill delays come from a seeded generator; the seed is printed, and CRASH_SEED=<seed> replays it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteSaver } from "../core/storage/sqlite/index.ts";

const ROOT = resolve(import.meta.dirname, "..");
const CHILD = join(ROOT, "test", "crash-child.ts");
const SUPERSTEPS = 20;
const MIN_KILLS = 25;
/**
 * Kill delays are drawn from [0, MAX_DELAY_MS) after the child says it is running. A whole run takes
 * about 100 ms on an idle machine, so most children die and a thread takes a few kills to finish.
 */
const MAX_DELAY_MS = 60;
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** What the database said was done when a child was killed, and where the log ended at that moment. */
interface KillRecord {
  thread: string;
  /** The thread's own side-effect log. */
  log: string;
  kill: number;
  delayMs: number;
  /** Length of the side-effect log right after the kill: later lines come from later children. */
  logOffset: number;
  /** `step N node` lines the database holds as done: in a checkpoint, or as a pending write. */
  done: Set<string>;
}

function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Run one child on `thread`; SIGKILL it `delayMs` after it reports "ready" (unless it finished first). */
function runChild(db: string, log: string, thread: string, delayMs: number): Promise<{ killed: boolean; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, db, log, thread], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (timer === undefined && stdout.includes("ready\n")) timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ killed: signal === "SIGKILL", code, stdout, stderr });
    });
  });
}

// The saver exposes no integrity check yet, so the test asks SQLite directly.
function integrityCheck(db: string): string {
  const connection = new Database(db);
  try {
    return String(connection.pragma("integrity_check", { simple: true }));
  } finally {
    connection.close();
  }
}

/** Every `step N node` the database records as done for `thread`. */
async function doneInDatabase(db: string, thread: string): Promise<Set<string>> {
  const saver = SqliteSaver.open(db);
  try {
    const done = new Set<string>();
    for (const { record, pendingWrites } of await saver.list(thread, { withValues: false })) {
      if (record.source === "loop") for (const node of Object.keys(record.writes ?? {})) done.add(`step ${record.step} ${node}`);
      for (const write of pendingWrites) if (write.kind === "update") done.add(`step ${record.step + 1} ${write.node}`);
    }
    return done;
  } finally {
    await saver.close();
  }
}

function logLines(log: string, from = 0, to?: number): string[] {
  let text: string;
  try {
    text = readFileSync(log, "utf8");
  } catch {
    return [];
  }
  return text.slice(from, to).split("\n").filter(Boolean);
}

async function expectFinished(db: string, thread: string, stdout: string): Promise<void> {
  const steps = Array.from({ length: SUPERSTEPS }, (_, step) => step);
  const reported = JSON.parse(stdout.slice(stdout.indexOf("done ") + 5)) as { fast: number[]; slow: number[] };
  expect({ fast: reported.fast, slow: reported.slow }, `final state the child reported for ${thread}`).toEqual({ fast: steps, slow: steps });

  const saver = SqliteSaver.open(db);
  try {
    const history = await saver.list(thread);
    const head = history[0]!;
    expect({ step: head.record.step, next: head.record.tasks, fast: head.values.fast, slow: head.values.slow }).toEqual({ step: SUPERSTEPS - 1, next: [], fast: steps, slow: steps });
    // One straight line of checkpoints: the input, then one per superstep, no superstep written twice.
    expect(history.map(({ record }) => `${record.source} ${record.step}`).reverse()).toEqual(["input -1", ...steps.map((step) => `loop ${step}`)]);
    const summary = (await saver.listThreads()).find((entry) => entry.threadId === thread);
    expect({ status: summary?.status, branches: summary?.branchCount }).toEqual({ status: "done", branches: 1 });
  } finally {
    await saver.close();
  }
}

describe("crash safety", () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-crash-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "resumes after SIGKILL at random moments without re-running anything the database recorded as done",
    async () => {
      console.log(`crash test seed ${SEED} (replay with CRASH_SEED=${SEED})`);
      const random = seededRandom(SEED);
      const db = join(dir, "crash.db");
      const kills: KillRecord[] = [];

      for (let threadIndex = 0; kills.length < MIN_KILLS; threadIndex += 1) {
        const thread = `crash-${threadIndex}`;
        const log = join(dir, `${thread}.log`);
        for (let attempt = 0; ; attempt += 1) {
          expect(attempt, `thread ${thread} never finished`).toBeLessThan(60);
          const delayMs = Math.floor(random() * MAX_DELAY_MS);
          const child = await runChild(db, log, thread, delayMs);
          if (!child.killed) {
            expect(child.code, `child for ${thread} failed:\n${child.stderr}`).toBe(0);
            await expectFinished(db, thread, child.stdout);
            break;
          }
          expect(integrityCheck(db), `integrity after kill ${kills.length + 1}`).toBe("ok");
          kills.push({ thread, log, kill: kills.length + 1, delayMs, logOffset: statSync(log, { throwIfNoEntry: false })?.size ?? 0, done: await doneInDatabase(db, thread) });
        }
      }

      for (const record of kills) {
        const before = new Set(logLines(record.log, 0, record.logOffset));
        const after = logLines(record.log, record.logOffset).filter((line) => record.done.has(line));
        const where = `kill ${record.kill} (thread ${record.thread}, ${record.delayMs} ms after start, seed ${SEED})`;
        expect([...record.done].filter((line) => !before.has(line)), `${where}: recorded as done but never ran`).toEqual([]);
        expect(after, `${where}: ran again after the database recorded it as done`).toEqual([]);
      }
      expect(integrityCheck(db)).toBe("ok");
      const perThread = new Map<string, number>();
      for (const record of kills) perThread.set(record.thread, (perThread.get(record.thread) ?? 0) + 1);
      console.log(`crash test: ${kills.length} kills over ${perThread.size} threads (${[...perThread.values()].join(", ")})`);
    },
    120_000,
  );
});
