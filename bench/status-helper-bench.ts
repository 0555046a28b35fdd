/**
 * Every root head's status of a big LangGraph.js file decided the way the background warm-up does (slices of
 * 400 through HeadStatuses.statuses(), yielding between slices), on the main thread alone and with the status
 * helper's worker on the second core (status-helper.ts), interleaved A/B in one process: wall time and the
 * process's CPU time (both threads) and the main thread's (the critical path when a core is free), and how many
 * statuses the worker lent. The thread index is read once
 * first and not counted. Statuses of both runs are compared (they must be equal).
 *
 *   node --expose-gc --import tsx bench/status-helper-bench.ts --file /work/big/langgraph-100k-v2.sqlite [--rounds 2]
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { ThreadStatus } from "../core/api/types.ts";
import { StatusHelper } from "../core/interop/langgraph/status-helper.ts";
import { HeadStatuses } from "../core/interop/langgraph/status-sql.ts";
import { type IndexedThread, ThreadIndex } from "../core/interop/langgraph/thread-index.ts";
import { openRawDatabase, type RawDatabase } from "../core/storage/sqlite/raw.ts";
import { startStatusWorkerFromSources } from "../test/support/status-worker.ts";

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const SLICE = 400;
/** The main thread's CPU time in ms (/proc/self/task/PID/stat: utime + stime, in clock ticks of 10 ms). */
function mainThreadCpuMs(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function decideAll(db: RawDatabase, threads: readonly IndexedThread[], helped: boolean): Promise<{ wall: number; cpu: number; main: number; rss: number; lent: number; statuses: Array<ThreadStatus | null> }> {
  (globalThis as { gc?: () => void }).gc?.();
  let rss = process.memoryUsage.rss();
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage.rss())), 10);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const main = mainThreadCpuMs();
  // Started whatever the load (spareCore), to compare.
  const helper = helped ? new StatusHelper(db, { spareCore: () => true, start: startStatusWorkerFromSources }) : undefined;
  helper?.offer(threads);
  const heads = new HeadStatuses(db, "js");
  const statuses: Array<ThreadStatus | null> = [];
  try {
    for (let from = 0; from < threads.length; from += SLICE) {
      statuses.push(...heads.statuses(threads.slice(from, from + SLICE).map((thread) => ({ threadId: thread.threadId, entry: thread.namespaces[0]! }))));
      await new Promise((done) => setImmediate(done));
    }
  } finally {
    helper?.end();
    clearInterval(sampler);
  }
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000, main: mainThreadCpuMs() - main, rss: Math.max(rss, process.memoryUsage.rss()) / 1e6, lent: heads.counts.lent, statuses };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: "string" }, rounds: { type: "string", default: "2" } } });
  if (!values.file) throw new Error("bench/status-helper-bench: --file FILE is required");
  const db = openRawDatabase(resolve(values.file), { readonly: true });
  try {
    const threads = new ThreadIndex(db).threads;
    console.log(`${values.file}: ${threads.length} threads, every root head's status decided in slices of ${SLICE} (load ${load()})`);
    for (let round = 1; round <= Number(values.rounds); round += 1) {
      const alone = await decideAll(db, threads, false);
      const helped = await decideAll(db, threads, true);
      const differ = alone.statuses.filter((status, at) => helped.statuses[at] !== status).length;
      if (differ > 0) throw new Error(`bench/status-helper-bench: ${differ} statuses differ with the helper`);
      console.log(`  round ${round}: main thread alone ${alone.wall.toFixed(0)} ms wall, ${alone.cpu.toFixed(0)} ms CPU, peak RSS ${alone.rss.toFixed(0)} MB; with the worker ${helped.wall.toFixed(0)} ms wall, ${helped.main} ms main-thread CPU, ${helped.cpu.toFixed(0)} ms CPU of both threads, ${helped.lent} lent, peak RSS ${helped.rss.toFixed(0)} MB (load ${load()})`);
    }
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
