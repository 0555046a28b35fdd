/**
 * Crash safety, end to end: a child process (test/crash-child.ts) runs a 20-superstep graph on SQLite,
 * and on PostgreSQL, and is killed with SIGKILL at a random moment, again and again; each time a fresh
 * child resumes the thread. After every kill the database is whole (SQLite: `PRAGMA integrity_check`;
 * both: every stored checkpoint reads back with its values), and whatever the database had
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
import type { Checkpointer } from "../core/checkpoint/types.ts";
import { PostgresSaver } from "../core/storage/postgres/index.ts";
import { SqliteSaver } from "../core/storage/sqlite/index.ts";
import { dropSchema, freshSchema, postgresUrl } from "./postgres/server.ts";
import { seeded } from "./support/random.ts";

const ROOT = resolve(import.meta.dirname, "..");
const CHILD = join(ROOT, "test", "crash-child.ts");
const SUPERSTEPS = 20;
/** What the test runs against: `db` is what the child gets (a file or a postgres:// URL). */
interface CrashStore {
  name: string;
  db: string;
  kills: number;
  /** Kill delays are drawn from [0, maxDelayMs) after the child says it is running. */
  maxDelayMs: number;
  open(): Promise<Checkpointer>;
  /** "ok", or what is wrong with the store's own structures. */
  integrity(): Promise<string>;
  cleanup(): Promise<void>;
}
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

/** Every checkpoint of `thread` reads back with its values, and each one's parent is stored. */
async function readsWhole(saver: Checkpointer, thread: string): Promise<string> {
  const history = await saver.list(thread);
  const ids = new Set(history.map((tuple) => tuple.record.checkpointId));
  const broken = history.filter((tuple) => tuple.record.parentId !== null && !ids.has(tuple.record.parentId));
  return broken.length === 0 ? "ok" : `checkpoints without their parent: ${broken.map((tuple) => tuple.record.checkpointId).join(", ")}`;
}

const dir = mkdtempSync(join(tmpdir(), "chronograph-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sqliteStore(): CrashStore {
  const db = join(dir, "crash.db");
  const open = async () => SqliteSaver.open(db);
  return { name: "SQLite", db, kills: 25, maxDelayMs: MAX_DELAY_MS, open, integrity: async () => integrityCheck(db), cleanup: async () => {} };
}

/**
 * A handful of kills: each child pays for a connection, and the SQLite run covers the many. A run takes
 * longer over a socket, so the delays range wider and a thread finishes after fewer kills.
 */
function postgresStore(): CrashStore {
  const schema = freshSchema("crash");
  const db = `${postgresUrl()}${postgresUrl().includes("?") ? "&" : "?"}schema=${schema}`;
  return { name: "PostgreSQL", db, kills: 6, maxDelayMs: 4 * MAX_DELAY_MS, open: () => PostgresSaver.open(db), integrity: async () => "ok", cleanup: () => dropSchema(schema) };
}

/** Every `step N node` the database records as done for `thread`. */
async function doneInDatabase(store: CrashStore, thread: string): Promise<Set<string>> {
  const saver = await store.open();
  try {
    expect(await readsWhole(saver, thread), `${store.name}: thread ${thread} after a kill`).toBe("ok");
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

async function expectFinished(store: CrashStore, thread: string, stdout: string): Promise<void> {
  const steps = Array.from({ length: SUPERSTEPS }, (_, step) => step);
  const reported = JSON.parse(stdout.slice(stdout.indexOf("done ") + 5)) as { fast: number[]; slow: number[] };
  expect({ fast: reported.fast, slow: reported.slow }, `final state the child reported for ${thread}`).toEqual({ fast: steps, slow: steps });

  const saver = await store.open();
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

describe.each([{ make: sqliteStore }, { make: postgresStore }])("crash safety", ({ make }) => {
  const store = make();
  afterAll(() => store.cleanup());

  it(
    `resumes after SIGKILL at random moments without re-running anything the database recorded as done (${store.name})`,
    async () => {
      console.log(`crash test (${store.name}) seed ${SEED} (replay with CRASH_SEED=${SEED})`);
      const random = seeded(SEED);
      const db = store.db;
      const kills: KillRecord[] = [];

      for (let threadIndex = 0; kills.length < store.kills; threadIndex += 1) {
        const thread = `crash-${threadIndex}`;
        const log = join(dir, `${store.name}-${thread}.log`);
        for (let attempt = 0; ; attempt += 1) {
          expect(attempt, `thread ${thread} never finished`).toBeLessThan(60);
          const delayMs = Math.floor(random() * store.maxDelayMs);
          const child = await runChild(db, log, thread, delayMs);
          if (!child.killed) {
            expect(child.code, `child for ${thread} failed:\n${child.stderr}`).toBe(0);
            await expectFinished(store, thread, child.stdout);
            break;
          }
          expect(await store.integrity(), `integrity after kill ${kills.length + 1}`).toBe("ok");
          kills.push({ thread, log, kill: kills.length + 1, delayMs, logOffset: statSync(log, { throwIfNoEntry: false })?.size ?? 0, done: await doneInDatabase(store, thread) });
        }
      }
      for (const record of kills) {
        const before = new Set(logLines(record.log, 0, record.logOffset));
        const after = logLines(record.log, record.logOffset).filter((line) => record.done.has(line));
        const where = `kill ${record.kill} (thread ${record.thread}, ${record.delayMs} ms after start, seed ${SEED})`;
        expect([...record.done].filter((line) => !before.has(line)), `${where}: recorded as done but never ran`).toEqual([]);
        expect(after, `${where}: ran again after the database recorded it as done`).toEqual([]);
      }
      expect(await store.integrity()).toBe("ok");
      const perThread = new Map<string, number>();
      for (const record of kills) perThread.set(record.thread, (perThread.get(record.thread) ?? 0) + 1);
      console.log(`crash test (${store.name}): ${kills.length} kills over ${perThread.size} threads (${[...perThread.values()].join(", ")})`);
    },
    120_000,
  );
});
