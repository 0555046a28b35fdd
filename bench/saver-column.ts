/**
 * The ChronographSaver column: LangGraph.js running W1, W2 (with W3a's full history read of its thread)
 * and W4 on its own SqliteSaver and on ChronographSaver, in one process, alternating the order between
 * repetitions. `npm run bench` runs it after the main table; `npm run bench:saver` runs it alone (same
 * flags: --quick, --reps N, --workloads).
 */
import type { Engine, GraphDef, Values } from "./engine.ts";
import { langgraph } from "./engines/langgraph.ts";
import { langgraphWithChronographSaver } from "./engines/langgraph-saver.ts";
import type { Options } from "./options.ts";
import { removeDb } from "./sqlite-file.ts";
import { forceGc, median, type Sample } from "./stats.ts";
import { check } from "./workloads/check.ts";
import { Session } from "./workloads/session.ts";
import { threadIds } from "./workloads/check.ts";
import { runW1, w1Graph } from "./workloads/w1.ts";
import { checkW2Entry, runW2, W2_THREAD, w2Graph } from "./workloads/w2.ts";
import { runW4, w4Graph } from "./workloads/w4.ts";
import { readBack } from "./workloads/read-back.ts";

type Column = "sqlite-saver" | "chronograph-saver";
const ENGINES: Record<Column, Engine> = { "sqlite-saver": langgraph, "chronograph-saver": langgraphWithChronographSaver };

/** Median of each metric over repetitions, per workload and column. */
export type ColumnResults = Record<string, Record<Column, Record<string, number>>>;

export interface SaverTarget {
  name: string;
  value: number;
  limit: string;
  met: boolean;
}

/** The targets for the column, from the medians. */
export function saverTargets(results: ColumnResults): SaverTarget[] {
  const targets: SaverTarget[] = [];
  const ours = (workload: string, metric: string) => results[workload]?.["chronograph-saver"]?.[metric];
  const theirs = (workload: string, metric: string) => results[workload]?.["sqlite-saver"]?.[metric];
  const add = (name: string, value: number | undefined, limit: string, met: (value: number) => boolean) => {
    if (value !== undefined && Number.isFinite(value)) targets.push({ name, value, limit, met: met(value) });
  };
  add("W2 bytes per superstep (ChronographSaver)", ours("w2", "bytes_per_superstep"), "<= 4096", (v) => v <= 4096);
  add("W2 step-time growth (ChronographSaver)", ours("w2", "growth"), "<= 1.2", (v) => v <= 1.2);
  const w1 = theirs("w1", "us_per_superstep")! / ours("w1", "us_per_superstep")!;
  add("W1 speed, ChronographSaver vs SqliteSaver (x)", w1, ">= 1.0", (v) => v >= 1);
  // W1 by CPU time (the runs only): the steadier measure of the same target on a busy machine.
  const w1Cpu = theirs("w1", "cpu_us_per_superstep")! / ours("w1", "cpu_us_per_superstep")!;
  add("W1 CPU time, ChronographSaver vs SqliteSaver (x less)", w1Cpu, ">= 1.0", (v) => v >= 1);
  const history = theirs("w2", "full_history_ms")! / ours("w2", "full_history_ms")!;
  add("W2 full getStateHistory read, ChronographSaver vs SqliteSaver (x faster)", history, ">= 5", (v) => v >= 5);
  // The same read timed by the CPU it used: on a busy machine wall time mostly measures the scheduler.
  const historyCpu = theirs("w2", "full_history_cpu_ms")! / ours("w2", "full_history_cpu_ms")!;
  add("W2 full getStateHistory read, CPU time, ChronographSaver vs SqliteSaver (x less)", historyCpu, ">= 5", (v) => v >= 5);
  return targets;
}

/** CPU time (this process, every thread) of one full getStateHistory read of the W2 thread, through a new connection. */
async function historyCpuMs(engine: Engine, path: string, steps: number, expected: number): Promise<number> {
  const session = await Session.open(engine, "sqlite", w2Graph(steps, () => {}), path);
  try {
    forceGc();
    const start = process.cpuUsage();
    const entries = await session.graph.history(W2_THREAD);
    const used = process.cpuUsage(start);
    check(entries.length === expected, `W2 ${engine.name}: the CPU-timed history read has ${entries.length} entries, expected ${expected}`);
    return (used.user + used.system) / 1000;
  } finally {
    await session.store.close();
  }
}

/** Supersteps per W1 thread and per W4 run (bench/workloads/w1.ts, w4.ts). */
const W1_SUPERSTEPS = 10;
const W4_SUPERSTEPS = 3;

/**
 * CPU microseconds per superstep (this process, process.cpuUsage) of `count` runs of `def` on a new file,
 * after `warmRuns` on another: the runs only, as the wall figure times them (the workloads' read-back
 * after them differs between the savers: SqliteSaver's counts ids in SQL, ChronographSaver's lists).
 * The machine's other load disturbs this far less than the wall clock.
 */
async function cpuPerSuperstep(engine: Engine, def: GraphDef, input: () => Values, count: number, warmRuns: number, supersteps: number): Promise<number> {
  const warm = await Session.open(engine, "sqlite", def);
  for (const thread of threadIds("cpu-warm", warmRuns)) await warm.graph.run(thread, input());
  await warm.discard();
  const session = await Session.open(engine, "sqlite", def);
  try {
    forceGc();
    const start = process.cpuUsage();
    for (const thread of threadIds("cpu", count)) await session.graph.run(thread, input());
    const used = process.cpuUsage(start);
    return (used.user + used.system) / (count * supersteps);
  } finally {
    await session.discard();
  }
}

async function runOnce(column: Column, options: Options, collect: (workload: string, sample: Sample) => void): Promise<void> {
  const engine = ENGINES[column];
  const sizes = options.sizes;
  if (options.workloads.includes("w1")) {
    const { sample } = await runW1(engine, "sqlite", sizes);
    const cpu = await cpuPerSuperstep(engine, w1Graph(), () => ({ counter: 0, label: "" }), sizes.w1Threads, sizes.warmRuns, W1_SUPERSTEPS);
    collect("w1", { ...sample, cpu_us_per_superstep: cpu });
  }
  if (options.workloads.includes("w2")) {
    const w2 = await runW2(engine, "sqlite", sizes, true);
    const read = await readBack(engine, w2Graph(sizes.w2Steps, () => {}), w2.path!, W2_THREAD, w2.ids, checkW2Entry(sizes.w2Steps, `W2 ${column}`), sizes);
    const cpu = await historyCpuMs(engine, w2.path!, sizes.w2Steps, w2.ids.length);
    removeDb(w2.path!);
    collect("w2", { ...w2.sample, ...read, full_history_cpu_ms: cpu });
  }
  if (options.workloads.includes("w4")) {
    const { sample } = await runW4(engine, "sqlite", sizes);
    const cpu = await cpuPerSuperstep(engine, w4Graph(), () => ({ items: [] }), sizes.w4Runs, sizes.warmRuns, W4_SUPERSTEPS);
    collect("w4", { ...sample, cpu_us_per_superstep: cpu });
  }
}

const SHOWN: Record<string, string[]> = {
  w1: ["us_per_superstep", "cpu_us_per_superstep", "bytes_per_checkpoint", "serialized_bytes_per_checkpoint"],
  w2: ["us_per_superstep", "growth", "bytes_per_superstep", "serialized_bytes_per_checkpoint", "full_history_ms", "full_history_cpu_ms", "mid_load_warm_ms"],
  w4: ["us_per_superstep", "cpu_us_per_superstep", "bytes_per_checkpoint", "serialized_bytes_per_checkpoint"],
};

function format(value: number | undefined): string {
  if (value === undefined) return "-";
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

/** Run the column and return its report text and medians. */
export async function runSaverColumn(options: Options, log: (line: string) => void): Promise<{ text: string; results: ColumnResults; targets: SaverTarget[] }> {
  const samples: Record<string, Record<Column, Sample[]>> = {};
  const columns: Column[] = ["sqlite-saver", "chronograph-saver"];
  for (let rep = 0; rep < options.reps; rep++) {
    const order = rep % 2 === 0 ? columns : [...columns].reverse();
    log(`ChronographSaver column, repetition ${rep + 1}/${options.reps}: ${order.join(", ")}`);
    for (const column of order) {
      await runOnce(column, options, (workload, sample) => {
        samples[workload] ??= { "sqlite-saver": [], "chronograph-saver": [] };
        samples[workload][column].push(sample);
      });
    }
  }
  const results: ColumnResults = {};
  for (const [workload, byColumn] of Object.entries(samples)) {
    results[workload] = { "sqlite-saver": {}, "chronograph-saver": {} };
    for (const column of columns) {
      const keys = new Set(byColumn[column].flatMap((sample) => Object.keys(sample)));
      for (const key of keys) results[workload][column][key] = median(byColumn[column].map((sample) => sample[key]!).filter((v) => v !== undefined));
    }
  }
  const targets = saverTargets(results);
  const lines = [`LangGraph.js (${langgraph.label}) checkpointers, ${options.reps} repetitions, medians: SqliteSaver | ChronographSaver`];
  for (const [workload, metrics] of Object.entries(SHOWN)) {
    if (!results[workload]) continue;
    for (const metric of metrics) {
      lines.push(`  ${workload.toUpperCase()} ${metric.padEnd(34)} ${format(results[workload]["sqlite-saver"][metric]).padStart(12)} | ${format(results[workload]["chronograph-saver"][metric]).padStart(12)}`);
    }
  }
  lines.push("Targets:");
  for (const target of targets) lines.push(`  ${target.met ? "MET " : "MISS"} ${target.name}: ${format(target.value)} (${target.limit})`);
  return { text: lines.join("\n"), results, targets };
}
