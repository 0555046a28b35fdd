/**
 * `node --import tsx bench/postgres-thread-page.ts [threads]`: the thread list's first page on Chronograph's
 * schema on PostgreSQL with many threads (10,000 by default; test/postgres/thread-copies.ts), before and
 * after the reader paged in SQL: the backend's fallback (listThreads whole, rolled up and paged in memory)
 * against pageThreads, plain, with a text query and with a status filter. Medians of 5 after one warm-up;
 * starts a throwaway cluster (or uses CHRONOGRAPH_BENCH_PG_URL). Prints one line per figure.
 */
import { loadavg } from "node:os";
import type { HistorySource } from "../core/api/history-source.ts";
import type { ThreadQuery } from "../core/api/types.ts";
import { openHistorySource } from "../core/debugger/sources.ts";
import { pageOf, rollUp } from "../core/debugger/thread-list.ts";
import { seedThreadCopies } from "../test/postgres/thread-copies.ts";
import { startCluster } from "../test/support/postgres.ts";
import { median } from "./stats.ts";

async function time(work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let rep = 0; rep < 5; rep += 1) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const threads = Number(process.argv[2] ?? 10_000);
  const cluster = process.env.CHRONOGRAPH_BENCH_PG_URL ? null : await startCluster();
  const url = cluster?.url ?? process.env.CHRONOGRAPH_BENCH_PG_URL!;
  try {
    const schema = `bench_pages_${process.pid}`;
    await seedThreadCopies(url, schema, threads);
    const source: HistorySource = await openHistorySource(`${url}${url.includes("?") ? "&" : "?"}schema=${schema}`);
    const first: ThreadQuery = { limit: 100 };
    const cases: Array<[string, ThreadQuery]> = [["first page", first], ['query "job-01"', { query: "job-01", limit: 100 }], ["status interrupted", { status: ["interrupted"], limit: 100 }]];
    process.stdout.write(`threads ${threads + 3}, load ${loadavg().map((n) => n.toFixed(2)).join(" ")}\n`);
    for (const [name, query] of cases) {
      const before = await time(async () => pageOf(rollUp(await source.listThreads()), query));
      const after = await time(() => source.pageThreads!(query));
      process.stdout.write(`${name}: in-memory fallback ${before.toFixed(1)} ms, pageThreads ${after.toFixed(1)} ms\n`);
    }
    await source.close();
  } finally {
    cluster?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`BENCH ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
