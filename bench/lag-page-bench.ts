/**
 * The thread list's first page while a writer's batch of lagging rows waits to be settled (thread-lag.ts,
 * lag-writer.ts): on a copy of a big Chronograph file, a writer runs W1 on MAX_LAGGING new threads and stays
 * open, so every one of those rows is computed by the reader (the newest threads: the whole first page is
 * theirs); the page is then asked again after the writer's close has settled them. Each figure is a fresh
 * read-only SqliteThreadPages (as the debugger opens one), first page of 50 rows, median of the reps, with
 * the process's CPU and the load.
 *
 *   node --import tsx bench/lag-page-bench.ts --file /work/big/chronograph-100k.sqlite [--reps 5] [--copy /tmp/lag-page.sqlite]
 *
 * The file is copied first (the writer writes), and the copy removed afterwards.
 */
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { END, START, StateGraph, lastValue } from "../core/index.ts";
import { MAX_LAGGING } from "../core/storage/sqlite/lag-writer.ts";
import { SqliteSaver } from "../core/storage/sqlite/saver.ts";
import { SqliteThreadPages } from "../core/storage/sqlite/thread-page.ts";
import { median } from "./stats.ts";

const { values } = parseArgs({ options: { file: { type: "string" }, reps: { type: "string", default: "5" }, copy: { type: "string", default: "/tmp/lag-page.sqlite" } } });
if (!values.file) throw new Error("usage: bench/lag-page-bench.ts --file F [--reps N] [--copy PATH]");
const reps = Number(values.reps);
const copy = values.copy!;

function marks(): number {
  const db = new Database(copy, { readonly: true });
  try {
    return db.prepare<[], number>("SELECT count(*) FROM thread_lag").pluck().get()!;
  } finally {
    db.close();
  }
}

/** First page on a fresh reader, `reps` times: median wall and CPU ms. */
function firstPage(label: string): void {
  const walls: number[] = [];
  const cpus: number[] = [];
  let rows = 0;
  for (let rep = 0; rep < reps; rep += 1) {
    const pages = new SqliteThreadPages(copy, 5000);
    const cpu = process.cpuUsage();
    const started = performance.now();
    rows = pages.page({ offset: 0, limit: 50 }).rows.length;
    walls.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
    pages.close();
  }
  const load = loadavg()[0]!.toFixed(2);
  process.stdout.write(`${label}: ${marks()} marks, ${rows} rows, first page ${median(walls).toFixed(1)} ms wall, ${median(cpus).toFixed(1)} ms CPU (load ${load}); walls ${walls.map((ms) => ms.toFixed(0)).join(" ")}\n`);
}

async function main(): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${copy}${suffix}`, { force: true });
  copyFileSync(values.file!, copy);
  if (existsSync(`${values.file}-wal`)) copyFileSync(`${values.file}-wal`, `${copy}-wal`);
  try {
    const writer = SqliteSaver.open(copy);
    firstPage("before the runs");
    const graph = new StateGraph<{ counter: number }>({ name: "lag-page", channels: { counter: lastValue(0) } })
      .addNode("step", (state) => ({ counter: state.counter + 1 }))
      .addEdge(START, "step")
      .addConditionalEdges("step", (state) => (state.counter >= 10 ? END : "step"), ["step", END])
      .compile({ checkpointer: writer });
    for (let i = 0; i < MAX_LAGGING; i += 1) await graph.invoke({ counter: 0 }, { threadId: `lag-page-${i}` });
    firstPage("batch pending");
    await writer.close();
    firstPage("after close");
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${copy}${suffix}`, { force: true });
  }
}

void main();
