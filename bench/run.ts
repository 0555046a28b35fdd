/**
 * `npm run bench`: runs W1-W5 for every engine in one process, interleaved, alternating the engine
 * order between repetitions; verifies every final state; prints one table per workload and the targets;
 * ends with one `BENCH_JSON {...}` line and writes bench/results/latest.json.
 * The workloads are specified in shared/docs/bench-workloads.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, platform } from "node:os";
import Database from "better-sqlite3";
import type { Engine, EngineName } from "./engine.ts";
import { loadEngine } from "./engines/index.ts";
import { parseOptions, type Options } from "./options.ts";
import { renderReport } from "./report.ts";
import { Results } from "./results.ts";
import { measureRss } from "./rss.ts";
import { runPostgresColumn } from "./postgres-column.ts";
import { runSaverColumn } from "./saver-column.ts";
import { runRepetition, type KeptFiles } from "./schedule.ts";
import { evaluateTargets } from "./targets.ts";
import { removeTempFiles } from "./temp-files.ts";
import { BenchFailure } from "./workloads/check.ts";

const RESULTS_FILE = new URL("./results/latest.json", import.meta.url);

/** Engines named on the command line must load; our engine missing from a default run is only a warning. */
async function loadEngines(options: Options, explicit: boolean): Promise<{ engines: Engine[]; notes: string[] }> {
  const engines: Engine[] = [];
  const notes: string[] = [];
  for (const name of options.engines) {
    try {
      engines.push(await loadEngine(name));
    } catch (error) {
      if (explicit) throw error;
      notes.push(`WARNING: engine ${name} not available, skipped (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
    }
  }
  for (const engine of engines) {
    const missing = ["sqlite", "memory", "none"].filter((kind) => !engine.stores.includes(kind as never));
    if (missing.length > 0) notes.push(`NOTE: ${engine.label} offers no ${missing.join("/")} store in this build; those rows are skipped`);
  }
  return { engines, notes };
}

function meta(options: Options, engines: Engine[]) {
  const db = new Database(":memory:");
  const sqlite = (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  db.close();
  return {
    date: new Date().toISOString(),
    node: process.version,
    sqlite,
    platform: `${platform()} ${arch()}`,
    cpus: cpus().length,
    reps: options.reps,
    quick: options.quick,
    workloads: options.workloads,
    sizes: options.sizes,
    engines: Object.fromEntries(engines.map((engine) => [engine.name, engine.label])) as Partial<Record<EngineName, string>>,
  };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const { engines, notes } = await loadEngines(options, argv.includes("--engines"));
  for (const note of notes) process.stderr.write(`${note}\n`);
  if (engines.length === 0) throw new Error("no engine to run");

  const results = new Results();
  let kept: KeptFiles = {};
  const started = Date.now();
  for (let rep = 0; rep < options.reps; rep++) {
    const order = rep % 2 === 0 ? engines : [...engines].reverse();
    process.stderr.write(`repetition ${rep + 1}/${options.reps}: ${order.map((engine) => engine.name).join(", ")}\n`);
    kept = await runRepetition(order, options, results, rep === options.reps - 1);
  }
  const rssErrors: string[] = [];
  if (options.rss) {
    process.stderr.write("peak RSS probes\n");
    rssErrors.push(...measureRss(engines, options, kept, results));
  }
  for (const error of rssErrors) notes.push(`ERROR: ${error.split("\n")[0]}`);

  const summaries = results.summaries();
  const targets = evaluateTargets(summaries, results);
  const info = meta(options, engines);
  const header = [
    `Chronograph bench: ${options.reps} repetitions${options.quick ? " (QUICK sizes, smoke run only)" : ""}, median [min..max]; ratios from medians of this run`,
    `Node ${info.node}, SQLite ${info.sqlite}, ${info.platform}, ${info.cpus} CPUs; engines: ${engines.map((engine) => engine.label).join(", ")}; ${Math.round((Date.now() - started) / 1000)} s`,
    ...notes,
  ].join("\n");
  process.stdout.write(`${renderReport(summaries, results, engines, options, targets, header)}\n\n`);

  // LangGraph.js on its SqliteSaver vs on ChronographSaver (bench/saver-column.ts).
  const withSaver = engines.some((engine) => engine.name === "langgraph") && options.workloads.some((workload) => ["w1", "w2", "w4"].includes(workload));
  const saverColumn = withSaver ? await runSaverColumn(options, (line) => process.stderr.write(`${line}\n`)) : null;
  if (saverColumn) process.stdout.write(`${saverColumn.text}\n\n`);

  // Chronograph on PostgreSQL vs LangGraph.js's PostgresSaver, on one local server (bench/postgres-column.ts); skipped, saying why, without one.
  const withPostgres = engines.some((engine) => engine.name === "langgraph") && options.workloads.some((workload) => ["w1", "w2", "w4"].includes(workload));
  const postgresColumn = withPostgres ? await runPostgresColumn(options, (line) => process.stderr.write(`${line}\n`)) : null;
  if (postgresColumn) process.stdout.write(`${postgresColumn.text}\n\n`);

  const json = { meta: info, notes, settings: results.settings, summaries, targets, saverColumn: saverColumn && { results: saverColumn.results, targets: saverColumn.targets }, postgresColumn: postgresColumn && ("results" in postgresColumn ? { results: postgresColumn.results } : { skipped: postgresColumn.skipped }), samples: results.raw() };
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`BENCH_JSON ${JSON.stringify(json)}\n`);
  return rssErrors.length === 0 ? 0 : 1;
}

main()
  .then((code) => {
    removeTempFiles();
    process.exit(code);
  })
  .catch((error: unknown) => {
    removeTempFiles();
    const failed = error instanceof BenchFailure;
    process.stderr.write(`${failed ? "BENCH FAILED (wrong state)" : "BENCH ERROR"}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
