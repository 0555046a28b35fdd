/**
 * `npm run bench:saver-postgres`: LangGraph.js running W1 and W2 on PostgreSQL with ChronographSaver
 * (`ChronographSaver.open({ url, schema })`) and with LangGraph's own PostgresSaver, in one process on
 * one server, alternating the order between repetitions. The graphs are the main table's LangGraph.js
 * adapter (engines/langgraph.ts); only the checkpointer differs. W2's bytes per superstep are the
 * schema's tables after a VACUUM (pg_total_relation_size, indexes and TOAST included) over its
 * supersteps; times are wall clock and this process's CPU (the server's CPU is not counted).
 * Server: CHRONOGRAPH_BENCH_PG_URL, else a throwaway cluster (test/support's, fsync off for both alike).
 * Flags: --quick, --reps N. Ends with one `SAVER_POSTGRES_JSON {...}` line.
 */
import { randomBytes } from "node:crypto";
import { ChronographSaver } from "../core/langgraph-saver/index.ts";
import { startCluster } from "../test/support/postgres.ts";
import type { Engine, EngineName, EngineStore, StoreKind } from "./engine.ts";
import { langgraph } from "./engines/langgraph.ts";
import { benchUrl, dropSchema, lastClosedBytes, langgraphPostgres, schemaBytes } from "./engines/postgres.ts";
import { parseOptions } from "./options.ts";
import { forceGc, median, type Sample } from "./stats.ts";
import { runW1 } from "./workloads/w1.ts";
import { runW2 } from "./workloads/w2.ts";

/** Bytes of the ChronographSaver schema closed last, measured before it was dropped. */
let saverClosedBytes = 0;

class SaverPgStore implements EngineStore {
  readonly sqlite = undefined;
  constructor(
    readonly kind: StoreKind,
    readonly saver: ChronographSaver,
    readonly schema: string,
  ) {}

  async close(): Promise<void> {
    await this.saver.close();
    saverClosedBytes = await schemaBytes(this.schema);
    await dropSchema(this.schema);
  }

  settings() {
    return null;
  }
}

const chronographSaverPostgres: Engine = {
  name: "langgraph+chronograph-saver+postgres" as EngineName,
  label: `${langgraph.label} + ChronographSaver (PostgreSQL)`,
  stores: ["memory"],
  async openStore(kind) {
    const schema = `bench_cs_${randomBytes(4).toString("hex")}`;
    return new SaverPgStore(kind, ChronographSaver.open({ url: benchUrl(), schema }), schema);
  },
  compile: langgraph.compile,
};

const COLUMNS = { "postgres-saver": langgraphPostgres, "chronograph-saver": chronographSaverPostgres } as const;
type Column = keyof typeof COLUMNS;
/** Supersteps per W1 thread (bench/workloads/w1.ts). */
const W1_SUPERSTEPS = 10;

async function cpuUs<T>(work: () => Promise<T>): Promise<{ result: T; us: number }> {
  forceGc();
  const start = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(start);
  return { result, us: used.user + used.system };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sizes = options.sizes;
  const cluster = process.env.CHRONOGRAPH_BENCH_PG_URL ? null : await startCluster();
  if (cluster) process.env.CHRONOGRAPH_BENCH_PG_URL = cluster.url;
  const samples: Record<Column, Sample[]> = { "postgres-saver": [], "chronograph-saver": [] };
  try {
    const columns = Object.keys(COLUMNS) as Column[];
    for (let rep = 0; rep < options.reps; rep++) {
      for (const column of rep % 2 === 0 ? columns : [...columns].reverse()) {
        const engine = COLUMNS[column];
        process.stderr.write(`repetition ${rep + 1}/${options.reps}: ${column}\n`);
        const w1 = await cpuUs(() => runW1(engine, "memory", sizes));
        const w2 = await cpuUs(() => runW2(engine, "memory", sizes, false));
        const bytes = column === "chronograph-saver" ? saverClosedBytes : lastClosedBytes;
        samples[column].push({
          w1_us_per_superstep: w1.result.sample.us_per_superstep!,
          w1_cpu_us_per_superstep: w1.us / ((sizes.w1Threads + sizes.warmRuns) * W1_SUPERSTEPS),
          w2_us_per_superstep: w2.result.sample.us_per_superstep!,
          w2_growth: w2.result.sample.growth!,
          w2_cpu_us_per_superstep: w2.us / (sizes.w2Steps + sizes.w2WarmSteps),
          w2_bytes_per_superstep: bytes / sizes.w2Steps,
        });
      }
    }
  } finally {
    cluster?.stop();
  }
  const results: Record<Column, Record<string, number>> = { "postgres-saver": {}, "chronograph-saver": {} };
  const lines = [`LangGraph.js on PostgreSQL, medians of ${options.reps} repetitions (W1 ${sizes.w1Threads} threads, W2 ${sizes.w2Steps} steps)`, `metric | PostgresSaver | ChronographSaver`];
  for (const metric of Object.keys(samples["postgres-saver"][0] ?? {})) {
    for (const column of Object.keys(COLUMNS) as Column[]) results[column][metric] = median(samples[column].map((sample) => sample[metric]!));
    lines.push(`${metric} | ${results["postgres-saver"][metric]!.toFixed(1)} | ${results["chronograph-saver"][metric]!.toFixed(1)}`);
  }
  process.stdout.write(`${lines.join("\n")}\nSAVER_POSTGRES_JSON ${JSON.stringify({ reps: options.reps, quick: options.quick, results })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`BENCH ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
