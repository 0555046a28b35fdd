/**
 * The Postgres column: W1, W2 and W4 for Chronograph on its PostgresSaver and for LangGraph.js on
 * @langchain/langgraph-checkpoint-postgres, in one process on one local server, alternating the order
 * between repetitions; then supersteps per second of W1 with 1, 2 and 4 worker processes on different
 * threads of one schema. The server is a throwaway cluster (test/support's, fsync off for both engines
 * alike) unless CHRONOGRAPH_BENCH_PG_URL names one; with neither, the column is skipped with the reason.
 * `npm run bench` prints it after its tables; `npm run bench:postgres` prints it alone.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { PostgresSaver } from "../core/storage/postgres/index.ts";
import { startCluster } from "../test/support/postgres.ts";
import type { Engine } from "./engine.ts";
import { chronographPostgres, dropSchema, langgraphPostgres, lastClosedBytes } from "./engines/postgres.ts";
import type { Options, Sizes } from "./options.ts";
import { median, type Sample } from "./stats.ts";
import { runW1 } from "./workloads/w1.ts";
import { runW2 } from "./workloads/w2.ts";
import { runW4 } from "./workloads/w4.ts";

const ROOT = resolve(import.meta.dirname, "..");

export type PostgresColumn = { text: string; results: Record<string, number> } | { text: string; skipped: string };

async function runEngine(engine: Engine, sizes: Sizes): Promise<Record<string, Sample>> {
  const w1 = (await runW1(engine, "memory", sizes)).sample;
  const w2 = (await runW2(engine, "memory", sizes, false)).sample;
  w2.bytes_per_superstep = lastClosedBytes / sizes.w2Steps;
  const w4 = (await runW4(engine, "memory", sizes)).sample;
  return { w1, w2, w4 };
}

/** Wall-clock supersteps per second of `workers` processes running `threads` W1 threads each. */
async function scaling(url: string, workers: number, threads: number): Promise<number> {
  const schema = `bench_scale_${workers}_${process.pid}`;
  await (await PostgresSaver.open(url, { schema })).close();
  const children = Array.from({ length: workers }, (_, worker) =>
    spawn(process.execPath, ["--import", "tsx", resolve(ROOT, "bench/postgres-worker.ts"), url, schema, String(worker), String(threads)], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] }),
  );
  const said = (child: (typeof children)[number], word: string) =>
    new Promise<void>((done, fail) => {
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes(`${word}\n`)) done();
      });
      child.on("exit", (code) => (code === 0 ? undefined : fail(new Error(`worker exited with ${code}`))));
    });
  await Promise.all(children.map((child) => said(child, "ready")));
  const finished = children.map((child) => said(child, "done"));
  const start = performance.now();
  for (const child of children) child.stdin!.write("go\n");
  await Promise.all(finished);
  const ms = performance.now() - start;
  await Promise.all(children.map((child) => new Promise((done) => (child.exitCode === null ? child.on("exit", done) : done(null)))));
  await dropSchema(schema);
  return (workers * threads * 10 * 1000) / ms;
}

/** Run the column; a machine with no server (no binaries, no CHRONOGRAPH_BENCH_PG_URL) gets `skipped` with the reason. */
export async function runPostgresColumn(options: Options, log: (line: string) => void): Promise<PostgresColumn> {
  let cluster: Awaited<ReturnType<typeof startCluster>> | null = null;
  if (!process.env.CHRONOGRAPH_BENCH_PG_URL) {
    try {
      cluster = await startCluster();
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0]! : String(error);
      return { text: `Postgres column: skipped (${reason})`, skipped: reason };
    }
  }
  const url = cluster?.url ?? process.env.CHRONOGRAPH_BENCH_PG_URL!;
  const saved = process.env.CHRONOGRAPH_BENCH_PG_URL;
  // The Postgres engines (bench/engines/postgres.ts) read the server from this variable.
  process.env.CHRONOGRAPH_BENCH_PG_URL = url;
  try {
    const engines = [chronographPostgres, langgraphPostgres];
    const samples = new Map<string, Sample[]>();
    for (let rep = 0; rep < options.reps; rep += 1) {
      const order = rep % 2 === 0 ? engines : [...engines].reverse();
      log(`Postgres column, repetition ${rep + 1}/${options.reps}: ${order.map((engine) => engine.name).join(", ")}`);
      for (const engine of order) {
        for (const [workload, sample] of Object.entries(await runEngine(engine, options.sizes))) {
          const key = `${engine.name} ${workload}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
        }
      }
    }
    const med = (engine: Engine, workload: string, metric: string) => median((samples.get(`${engine.name} ${workload}`) ?? []).map((sample) => sample[metric]!).filter(Number.isFinite));
    const lines = [`Postgres column, ${options.reps} repetitions, medians: ${chronographPostgres.label} | ${langgraphPostgres.label}`];
    const results: Record<string, number> = {};
    for (const [workload, metrics] of Object.entries({ w1: ["supersteps_per_s", "us_per_superstep"], w2: ["us_per_superstep", "growth", "bytes_per_superstep"], w4: ["supersteps_per_s", "us_per_superstep"] })) {
      for (const metric of metrics) {
        const ours = med(chronographPostgres, workload, metric);
        const theirs = med(langgraphPostgres, workload, metric);
        results[`${workload}.${metric}.chronograph`] = ours;
        results[`${workload}.${metric}.langgraph`] = theirs;
        lines.push(`  ${workload.toUpperCase()} ${metric.padEnd(20)} ${ours.toFixed(2).padStart(12)} | ${theirs.toFixed(2).padStart(12)}`);
      }
    }
    results["w1.ratio"] = results["w1.supersteps_per_s.chronograph"]! / results["w1.supersteps_per_s.langgraph"]!;
    results["w4.ratio"] = results["w4.supersteps_per_s.chronograph"]! / results["w4.supersteps_per_s.langgraph"]!;
    lines.push(`  W1 speed ratio (x): ${results["w1.ratio"].toFixed(2)}; W4: ${results["w4.ratio"].toFixed(2)}`);
    const threads = options.quick ? 10 : 50;
    const scale: string[] = [];
    for (const workers of [1, 2, 4]) {
      log(`Postgres scaling: ${workers} worker process(es)`);
      results[`scaling.${workers}`] = await scaling(url, workers, threads);
      scale.push(`${workers}: ${results[`scaling.${workers}`]!.toFixed(0)}`);
    }
    lines.push(`  Scaling, W1 supersteps/s by worker processes (${threads} threads each, different threads): ${scale.join(", ")}`);
    return { text: lines.join("\n"), results };
  } finally {
    if (saved === undefined) delete process.env.CHRONOGRAPH_BENCH_PG_URL;
    else process.env.CHRONOGRAPH_BENCH_PG_URL = saved;
    cluster?.stop();
  }
}
