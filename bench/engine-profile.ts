/**
 * `node --expose-gc --import tsx bench/engine-profile.ts [rounds] [threads] [sqlite,memory,none] [--no-meter] [--ab COMMIT]`: W1 on
 * Chronograph with a SQLite file, in memory and with no checkpointer, interleaved in one process, printing
 * CPU microseconds per superstep (this process's user+system time, so other processes' load does not
 * count) and, for the checkpointers, the CPU spent inside put (or putSync)/putWrites/getTuple. With `--ab COMMIT` a
 * fourth store, `sqlite@COMMIT`, runs the same engine on the SqliteSaver of that commit (its `core/`
 * exported with `git archive` into a scratch folder inside the repository, so node_modules resolves,
 * removed afterwards): old and new saver alternated in one process. A tool for tuning the engine's write
 * path (add --cpu-prof for a profile); the figures that count come from `npm run bench`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { chronograph } from "./engines/chronograph.ts";
import type { EngineStore, StoreKind } from "./engine.ts";
import { PEER_BLOB_FALLBACK } from "./floor.ts";
import { removeDb } from "./sqlite-file.ts";
import { forceGc } from "./stats.ts";
import { removeTempFiles, tempDbPath } from "./temp-files.ts";
import { w1Graph } from "./workloads/w1.ts";
import type { Checkpointer } from "../core/checkpoint/types.ts";

const abAt = process.argv.indexOf("--ab");
const abCommit = abAt < 0 ? null : process.argv[abAt + 1]!;
const positional = process.argv.slice(2).filter((arg, index, all) => !arg.startsWith("--") && all[index - 1] !== "--ab");
const rounds = Number(positional[0] ?? 6);
const threads = Number(positional[1] ?? 200);
/**
 * A store kind, `sqlite@COMMIT` (--ab): that commit's SqliteSaver under this tree's engine, or `floor`: W5's
 * NORMAL floor (bench/floor.ts: one autocommit INSERT of a 553-byte blob per row, as many rows as supersteps).
 */
type Kind = StoreKind | `sqlite@${string}` | "floor";
const KINDS: Kind[] = [...((positional[2]?.split(",") ?? ["sqlite", "memory", "none"]) as Kind[]), ...(abCommit ? [`sqlite@${abCommit}` as const] : [])];
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const scratch = join(root, `.engine-ab-${process.pid}`);
let oldSaver: { open(path: string): Checkpointer } | null = null;

/** The --ab commit's SqliteSaver, exported once into the scratch folder. */
async function loadOldSaver(commit: string): Promise<{ open(path: string): Checkpointer }> {
  mkdirSync(scratch);
  execFileSync("sh", ["-c", `git -C "${root}" archive ${commit} core | tar -x -C "${scratch}"`]);
  const module = (await import(join(scratch, "core/storage/sqlite/index.ts"))) as { SqliteSaver: { open(path: string): Checkpointer } };
  return module.SqliteSaver;
}

/** A store as bench/engines/chronograph.ts's compile reads it (its `saver`), on the old commit's saver. */
function oldStore(path: string): EngineStore {
  const saver = oldSaver!.open(path);
  return { kind: "sqlite", saver, close: () => saver.close(), settings: () => null } as unknown as EngineStore;
}
/** Metering the saver's calls costs two process.cpuUsage() calls each: off with --no-meter (for profiles). */
const metered = !process.argv.includes("--no-meter");
const SUPERSTEPS_PER_THREAD = 10;

const cpu = () => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

/** Wrap the store's checkpointer methods so the CPU time spent inside them is summed in `spent`. */
function meter(store: EngineStore, spent: { saver: number }): void {
  const saver = (store as unknown as { saver?: Checkpointer }).saver;
  if (!saver) return;
  // The engine writes through putSync when the store has it (and put calls it): metering put too would count it twice.
  const putSync = saver.putSync?.bind(saver);
  if (putSync) {
    saver.putSync = (record, blobs) => {
      const start = cpu();
      try {
        putSync(record, blobs);
      } finally {
        spent.saver += cpu() - start;
      }
    };
  }
  for (const method of putSync ? (["putWrites", "getTuple"] as const) : (["put", "putWrites", "getTuple"] as const)) {
    const original = saver[method].bind(saver) as (...args: unknown[]) => Promise<unknown>;
    (saver as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const start = cpu();
      try {
        return await original(...args);
      } finally {
        spent.saver += cpu() - start;
      }
    };
  }
}

interface Sample {
  /** CPU and wall microseconds per superstep (per row for the floor). */
  total: number;
  wall: number;
  saver: number;
}

/** W5's NORMAL write floor, as bench/floor.ts measures it, on W1's blob size. */
function floorOnce(round: number): Sample {
  const path = tempDbPath(`profile-floor-${round}`);
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec("CREATE TABLE checkpoint(thread_id TEXT, step INTEGER, parent_step INTEGER, data BLOB, PRIMARY KEY(thread_id, step))");
  const insert = db.prepare("INSERT INTO checkpoint VALUES (?, ?, ?, ?)");
  const blob = randomBytes(PEER_BLOB_FALLBACK.w1);
  const rows = threads * SUPERSTEPS_PER_THREAD;
  forceGc();
  const start = cpu();
  const started = performance.now();
  for (let step = 0; step < rows; step += 1) insert.run("t", step, step - 1, blob);
  const wall = performance.now() - started;
  const total = cpu() - start;
  db.close();
  removeDb(path);
  return { total: total / rows, wall: (wall * 1000) / rows, saver: 0 };
}

async function once(kind: Kind, round: number): Promise<Sample> {
  if (kind === "floor") return floorOnce(round);
  const path = kind.startsWith("sqlite") ? tempDbPath(`profile-w1-${round}-${kind.length}`) : undefined;
  const store = kind.startsWith("sqlite@") ? oldStore(path!) : await chronograph.openStore(kind as StoreKind, path);
  const spent = { saver: 0 };
  if (metered) meter(store, spent);
  const graph = chronograph.compile(w1Graph(), store);
  for (let i = 0; i < 5; i += 1) await graph.run(`warm-${i}`, { counter: 0, label: "" });
  spent.saver = 0;
  forceGc();
  const start = cpu();
  const started = performance.now();
  for (let i = 0; i < threads; i += 1) {
    const final = await graph.run(`t-${i}`, { counter: 0, label: "" });
    if (final.counter !== SUPERSTEPS_PER_THREAD) throw new Error(`W1 ${kind}: thread ${i} ended at ${String(final.counter)}`);
  }
  const wall = performance.now() - started;
  const total = cpu() - start;
  await store.close();
  if (path) removeDb(path);
  const steps = threads * SUPERSTEPS_PER_THREAD;
  return { total: total / steps, wall: (wall * 1000) / steps, saver: spent.saver / steps };
}

async function main(): Promise<void> {
  if (abCommit) oldSaver = await loadOldSaver(abCommit);
  const results = new Map<Kind, Sample[]>(KINDS.map((kind) => [kind, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
    for (const kind of order) results.get(kind)!.push(await once(kind, round));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const kind of KINDS) {
    const samples = results.get(kind)!;
    const total = median(samples.map((sample) => sample.total));
    const saver = median(samples.map((sample) => sample.saver));
    const wall = median(samples.map((sample) => sample.wall));
    process.stdout.write(
      `w1 ${kind.padEnd(7)} ${total.toFixed(1)} us CPU/superstep (saver ${saver.toFixed(1)}), wall ${wall.toFixed(1)} us, runs: ${samples.map((sample) => sample.total.toFixed(1)).join(" ")}\n`,
    );
  }
  // Each round's W1 wall time over the floor's of the same round (the load falls on both alike).
  const floors = results.get("floor");
  if (!floors) return;
  for (const kind of KINDS.filter((kind) => kind.startsWith("sqlite"))) {
    const ratios = results.get(kind)!.map((sample, round) => sample.wall / floors[round]!.wall);
    process.stdout.write(`w1 ${kind} wall over the floor's, per round: median ${median(ratios).toFixed(2)}x, runs: ${ratios.map((ratio) => ratio.toFixed(2)).join(" ")}\n`);
  }
}

main().finally(() => {
  removeTempFiles();
  rmSync(scratch, { recursive: true, force: true });
});
