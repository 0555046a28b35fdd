/**
 * The status filter of ChronographSaver's tables on PostgreSQL (thread-list.ts over pg-source.ts): a
 * throwaway cluster (test/support/postgres.ts) gets --threads threads written through ChronographSaver
 * (test/langgraph-saver/saver-threads.ts), then, on a freshly opened reader: the first page (which starts
 * the background status warm-up), a status filter asked at once (answered from the threads decided so far:
 * ThreadPage.statusCounting, printed), the warm-up to its end (statusesDecided) and the filter asked again.
 *
 *   node --import tsx bench/saver-pg-status.ts [--threads 10000] [--reps 3]
 *
 * Prints CPU and wall milliseconds of this process (the server's own CPU is not counted) and the load.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { ThreadPage, ThreadQuery } from "../core/api/types.ts";
import { openDatabase } from "../core/debugger/sources.ts";
import { ChronographSaver } from "../core/langgraph-saver/index.ts";
import { recordTemplates, writeThreads } from "../test/langgraph-saver/saver-threads.ts";
import { startCluster } from "../test/support/postgres.ts";

async function timed<T>(work: () => Promise<T>): Promise<{ cpu: number; wall: number; answer: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const answer = await work();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - started, answer };
}

const { values } = parseArgs({ options: { threads: { type: "string", default: "10000" }, reps: { type: "string", default: "3" } } });
const threads = Number(values.threads);
const cluster = await startCluster();
try {
  const schema = "saver_status_bench";
  const started = performance.now();
  const saver = ChronographSaver.open({ url: cluster.url, schema });
  await writeThreads(saver, await recordTemplates(), threads, { parallel: 8 });
  await saver.close();
  console.log(`wrote ${threads} threads in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const url = `${cluster.url}${cluster.url.includes("?") ? "&" : "?"}schema=${schema}`;
  const query: ThreadQuery = { status: ["interrupted"], limit: 100 };
  const figures = new Map<string, Array<{ cpu: number; wall: number }>>();
  const notes = new Map<string, string>();
  const add = (name: string, run: { cpu: number; wall: number; answer: unknown }, page?: boolean) => {
    figures.set(name, [...(figures.get(name) ?? []), run]);
    if (page) notes.set(name, JSON.stringify({ total: (run.answer as ThreadPage).total, statusCounting: (run.answer as ThreadPage).statusCounting }));
  };
  for (let rep = 0; rep < Number(values.reps); rep += 1) {
    const { source } = await openDatabase(url);
    add("first page (100 rows)", await timed(() => source.pageThreads!({ limit: 100 })), true);
    add("status filter (interrupted), at once", await timed(() => source.pageThreads!(query)), true);
    add("status warm-up (to statusesDecided)", await timed(async () => void (await source.statusesDecided?.())));
    add("status filter (interrupted), after the warm-up", await timed(() => source.pageThreads!(query)), true);
    await source.close();
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  for (const [name, runs] of figures) {
    console.log(`${name}: ${median(runs.map((run) => run.cpu)).toFixed(0)} ms CPU, ${median(runs.map((run) => run.wall)).toFixed(0)} ms wall (median of ${runs.length}; ${threads} threads on PostgreSQL; load ${loadavg()[0]!.toFixed(1)})${notes.has(name) ? ` ${notes.get(name)}` : ""}`);
  }
} finally {
  cluster.stop();
}
