/**
 * `node --import tsx bench/postgres-thread-page.ts [threads]`: the thread list's first page on Chronograph's
 * schema and on LangGraph.js's PostgresSaver tables with many threads (10,000 each by default;
 * test/postgres/thread-copies.ts), before and
 * after the reader paged in SQL: the backend's fallback (listThreads whole, rolled up and paged in memory)
 * against pageThreads, plain, with a text query and with a status filter. pageThreads medians of 5 after one warm-up, the fallback one cold run;
 * starts a throwaway cluster (or uses CHRONOGRAPH_BENCH_PG_URL). Prints one line per figure.
 */
import { loadavg } from "node:os";
import type { HistorySource } from "../core/api/history-source.ts";
import type { ThreadQuery } from "../core/api/types.ts";
import { openHistorySource } from "../core/debugger/sources.ts";
import { pageOf, rollUp } from "../core/debugger/thread-list.ts";
import { seedLangGraphCopies, seedThreadCopies } from "../test/postgres/thread-copies.ts";
import { startCluster } from "../test/support/postgres.ts";
import { median } from "./stats.ts";

/** The median of `reps` runs, after one warm-up run when reps > 1. */
async function time(work: () => Promise<unknown>, reps = 5): Promise<number> {
  if (reps > 1) await work();
  const samples: number[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Each case's first page through the fallback (listThreads whole, paged in memory) and through pageThreads. */
async function compare(label: string, url: string, needle: string): Promise<void> {
  const source: HistorySource = await openHistorySource(url);
  const cases: Array<[string, ThreadQuery]> = [["first page", { limit: 100 }], [`query "${needle}"`, { query: needle, limit: 100 }], ["status interrupted", { status: ["interrupted"], limit: 100 }]];
  // The fallback reads every thread whatever the query: timed once per case (LangGraph's takes long).
  for (const [name, query] of cases) {
    const before = await time(async () => pageOf(rollUp(await source.listThreads()), query), 1);
    const after = await time(() => source.pageThreads!(query));
    process.stdout.write(`${label}, ${name}: in-memory fallback ${before.toFixed(1)} ms, pageThreads ${after.toFixed(1)} ms\n`);
  }
  await source.close();
}

async function main(): Promise<void> {
  const threads = Number(process.argv[2] ?? 10_000);
  const cluster = process.env.CHRONOGRAPH_BENCH_PG_URL ? null : await startCluster();
  const url = cluster?.url ?? process.env.CHRONOGRAPH_BENCH_PG_URL!;
  try {
    process.stdout.write(`threads ${threads}, load ${loadavg().map((n) => n.toFixed(2)).join(" ")}\n`);
    const schema = `bench_pages_${process.pid}`;
    await seedThreadCopies(url, schema, threads);
    await compare("Chronograph's schema", `${url}${url.includes("?") ? "&" : "?"}schema=${schema}`, "job-01");
    const lgSchema = `bench_lg_pages_${process.pid}`;
    await seedLangGraphCopies(url, lgSchema, threads);
    await compare("LangGraph.js's tables", `${url}${url.includes("?") ? "&" : "?"}schema=${lgSchema}`, "lg-01");
    process.stdout.write(`load ${loadavg().map((n) => n.toFixed(2)).join(" ")}\n`);
  } finally {
    cluster?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`BENCH ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
