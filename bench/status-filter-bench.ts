/**
 * The thread list's status filter on a big LangGraph.js file, in process (LangGraphSource), on a file never
 * seen before (a fresh status-cache folder) and in a later session (the sidecar written by the first):
 *   - the first page, then a status filter asked at once (answered from the statuses the background warm-up,
 *     status-index.ts, decided so far: ThreadPage.statusCounting), and when the warm-up is done after it;
 *   - a status filter asked once the warm-up is done, and the warm-up's CPU time;
 *   - a later session's first status filter;
 *   - head statuses read in SQL (status-sql.ts) against decoded whole, interleaved on the same threads (CPU time);
 *   - peak RSS.
 *
 *   node --import tsx bench/status-filter-bench.ts --file /work/big/langgraph-100k.sqlite [--ab 10000] [--baseline]
 *   node --import tsx bench/status-filter-bench.ts --file /work/big/langgraph-100k.sqlite --worker-ab 3
 *
 * --baseline also times the old first status filter (every head decoded whole) over every thread.
 * --worker-ab N only browses then filters by status as bench:big does, N rounds with the status worker
 * (status-helper.ts) on then off: wall, process CPU and main-thread CPU until every status is decided.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { ThreadPage, ThreadQuery } from "../core/api/types.ts";
import { LangGraphSource } from "../core/interop/langgraph/source.ts";
import { HeadStatuses } from "../core/interop/langgraph/status-sql.ts";
import { ThreadIndex } from "../core/interop/langgraph/thread-index.ts";
import { openRawDatabase } from "../core/storage/sqlite/raw.ts";
import { startStatusWorkerFromSources } from "../test/support/status-worker.ts";

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const rssMb = () => `${(Math.max(peakRss, process.memoryUsage().rss) / 1e6).toFixed(0)} MB`;

async function timed(source: LangGraphSource, what: string, query: ThreadQuery): Promise<ThreadPage> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const page = await source.pageThreads(query);
  console.log(`  ${what}: ${(performance.now() - started).toFixed(0)} ms wall, ${cpuMs(cpu).toFixed(0)} ms CPU, ${page.rows.length} rows of ${page.total}${page.counts ? ` ${JSON.stringify(page.counts)}` : ""}${page.statusCounting ? `, partial: ${page.statusCounting.decided} of ${page.statusCounting.threads ?? "the newest (threads still counted)"} threads decided` : ""} (load ${load()}, peak RSS ${rssMb()})`);
  return page;
}

async function session(file: string, cacheDir: string, title: string, wait: boolean): Promise<void> {
  console.log(title);
  const source = await LangGraphSource.open(file, { statusCacheDir: cacheDir });
  try {
    await timed(source, "first page (50)", { limit: 50 });
    if (wait) {
      // Let the warm-up run as it would while the user looks at the list, then ask.
      const cpu = process.cpuUsage();
      const started = performance.now();
      await (source as unknown as { warmup: { start(): Promise<void> } }).warmup.start();
      console.log(`  background warm-up finished ${(performance.now() - started).toFixed(0)} ms after the first page, ${cpuMs(cpu).toFixed(0)} ms CPU`);
    }
    const cpu = process.cpuUsage();
    const started = performance.now();
    const first = await timed(source, "status filter interrupted (first status filter)", { status: ["interrupted"], limit: 100 });
    if (first.statusCounting) {
      await source.statusesDecided();
      console.log(`  every status decided ${(performance.now() - started).toFixed(0)} ms after the first status filter was asked, ${cpuMs(cpu).toFixed(0)} ms CPU since (load ${load()})`);
    }
    await timed(source, "status filter done", { status: ["done"], limit: 100 });
  } finally {
    await source.close();
  }
}

function abHeads(file: string, count: number): void {
  const db = openRawDatabase(file, { readonly: true });
  try {
    const threads = new ThreadIndex(db).threads.slice(0, count);
    const heads = new HeadStatuses(db, "js");
    const totals = { sql: 0, bulk: 0, decoded: 0 };
    for (let round = 0; round < 2; round += 1) {
      let cpu = process.cpuUsage();
      const sql = threads.map((thread) => heads.status(thread.threadId, thread.namespaces[0]!));
      totals.sql += cpuMs(cpu);
      // The warm-up's path: the same heads a slice (400, as StatusWarmup) at a time, each slice read in one statement.
      cpu = process.cpuUsage();
      const bulk: Array<string | null> = [];
      const warm = new HeadStatuses(db, "js");
      for (let from = 0; from < threads.length; from += 400) {
        bulk.push(...warm.statuses(threads.slice(from, from + 400).map((thread) => ({ threadId: thread.threadId, entry: thread.namespaces[0]! }))));
      }
      totals.bulk += cpuMs(cpu);
      cpu = process.cpuUsage();
      const decoded = threads.map((thread) => heads.decoded(thread.threadId, thread.namespaces[0]!));
      totals.decoded += cpuMs(cpu);
      const differ = sql.filter((status, index) => status !== decoded[index] || bulk[index] !== status).length;
      if (differ > 0) throw new Error(`bench/status-filter-bench: ${differ} of ${threads.length} statuses differ between SQL and decoding`);
    }
    const per = (ms: number) => ((ms * 1000) / (2 * threads.length)).toFixed(1);
    console.log(`head statuses, ${threads.length} threads x 2 rounds interleaved: SQL ${per(totals.sql)} us/thread, SQL in slices (warm-up) ${per(totals.bulk)} us/thread, decoded whole ${per(totals.decoded)} us/thread CPU (${(totals.decoded / totals.sql).toFixed(1)}x), load ${load()}`);
  } finally {
    db.close();
  }
}

/** The main thread's CPU time in ms (/proc/self/task/PID/stat: utime + stime, in ticks of 10 ms). */
function mainThreadCpuMs(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * As bench:big asks on a never-seen file: the first page, a page at row 50,000 (the index is read), a text
 * filter, then a status filter asked again every 200 ms until every status is decided; with the status worker
 * forced on or off (CHRONOGRAPH_STATUS_WORKER). Wall, the process's CPU and the main thread's CPU since the
 * first status filter.
 */
async function browseThenFilter(file: string, worker: "on" | "off"): Promise<void> {
  const cacheDir = mkdtempSync(join(tmpdir(), "chronograph-status-bench-"));
  process.env.CHRONOGRAPH_STATUS_WORKER = worker;
  // From the sources the worker needs tsx registered inside it (the built app starts its own).
  const source = await LangGraphSource.open(file, { statusCacheDir: cacheDir, statusWorker: { start: startStatusWorkerFromSources } });
  try {
    await source.pageThreads({ limit: 50 });
    await source.pageThreads({ offset: 50_000, limit: 100 });
    await source.pageThreads({ query: "thread-12345", limit: 100 });
    const started = performance.now();
    const cpu = process.cpuUsage();
    const main = mainThreadCpuMs();
    let page = await source.pageThreads({ status: ["interrupted"], limit: 100 });
    while (page.statusCounting) {
      await new Promise((done) => setTimeout(done, 200));
      page = await source.pageThreads({ status: ["done"], limit: 100 });
    }
    console.log(`  worker ${worker}: every status decided ${(performance.now() - started).toFixed(0)} ms after the first status filter, ${cpuMs(cpu).toFixed(0)} ms CPU (process), ${mainThreadCpuMs() - main} ms main-thread CPU (load ${load()})`);
  } finally {
    await source.close();
    delete process.env.CHRONOGRAPH_STATUS_WORKER;
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function baseline(file: string): void {
  const db = openRawDatabase(file, { readonly: true });
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const threads = new ThreadIndex(db).threads;
    const heads = new HeadStatuses(db, "js");
    for (const thread of threads) heads.decoded(thread.threadId, thread.namespaces[0]!);
    console.log(`before (index + every head decoded whole, ${threads.length} threads): ${(performance.now() - started).toFixed(0)} ms wall, ${cpuMs(cpu).toFixed(0)} ms CPU, load ${load()}, peak RSS ${rssMb()}`);
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: "string" }, ab: { type: "string", default: "10000" }, baseline: { type: "boolean", default: false }, "worker-ab": { type: "string" } } });
  if (!values.file) throw new Error("bench/status-filter-bench: --file FILE is required");
  const file = resolve(values.file);
  if (values["worker-ab"]) {
    console.log(`${file}: browse, then filter by status, the status worker on and off interleaved (load ${load()})`);
    for (let round = 0; round < Number(values["worker-ab"]); round += 1) for (const worker of ["on", "off"] as const) await browseThenFilter(file, worker);
    clearInterval(sampler);
    return;
  }
  const cacheDir = mkdtempSync(join(tmpdir(), "chronograph-status-bench-"));
  try {
    console.log(`${file}, load ${load()}`);
    await session(file, cacheDir, "never-seen file (empty cache folder), status filter asked right after the first page:", false);
    rmSync(cacheDir, { recursive: true, force: true });
    await session(file, cacheDir, "never-seen file (empty cache folder), status filter asked once the warm-up is done:", true);
    await session(file, cacheDir, "later session (sidecar from the session before):", false);
    abHeads(file, Number(values.ab));
    if (values.baseline) baseline(file);
  } finally {
    clearInterval(sampler);
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
