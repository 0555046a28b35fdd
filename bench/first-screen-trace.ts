/**
 * Where a deep page's time goes right after a big LangGraph file opens, traced in one process (the backend
 * service as web mode runs it, without HTTP): open, the first page (50 rows), then the page at row 50,000
 * (it waits for the thread index), then a text filter a few event-loop turns later (as one asked over HTTP
 * right after the deep page arrives). Each step is stamped with wall and CPU time since the service started,
 * beside what ran meanwhile: the index build's slices (ThreadIndex.build) and the waits between them, the
 * index's sort, the status warm-up's slices (ThreadSummaries.statusesOf) and the rows decoded for the page
 * (ThreadSummaries.row), and the longest warm-up slice (its first opens the status sidecar). It wraps those
 * methods for the trace only. Each run gets an empty config folder
 * (no status sidecar) unless --config DIR names one to keep (a second launch finds the sidecar there).
 *
 *   node --import tsx bench/first-screen-trace.ts --file /work/big/langgraph-100k-v2.sqlite [--runs 3] [--config DIR]
 *
 * Figures only, with the load average; bench/first-screen-bench.ts --deep times the same pages through web mode.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createDebuggerService } from "../core/debugger/service.ts";
import { ThreadIndex, ThreadSummaries } from "../core/interop/langgraph/thread-index.ts";

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const cpuMs = (since?: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** CPU spent in a wrapped method, and how often it ran. */
class Tally {
  ms = 0;
  calls = 0;
  longest = 0;
  wrap<A extends unknown[], R>(run: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      const started = process.cpuUsage();
      try {
        return run(...args);
      } finally {
        const ms = cpuMs(started);
        this.ms += ms;
        this.longest = Math.max(this.longest, ms);
        this.calls += 1;
      }
    };
  }
}

async function trace(file: string, config: string | undefined): Promise<string[]> {
  const lines: string[] = [];
  const wallStart = performance.now();
  const cpuStart = cpuMs();
  const mark = (what: string) => lines.push(`${(performance.now() - wallStart).toFixed(0).padStart(6)} ms wall ${(cpuMs() - cpuStart).toFixed(0).padStart(5)} ms CPU  ${what}`);
  const build = ThreadIndex.build;
  const statusesOf = ThreadSummaries.prototype.statusesOf;
  const row = ThreadSummaries.prototype.row;
  const threads = Object.getOwnPropertyDescriptor(ThreadIndex.prototype, "threads")!;
  const warmup = new Tally();
  const rows = new Tally();
  const sort = new Tally();
  ThreadIndex.build = async (db, pause, slice, pauseFirst) => {
    mark("index build asked");
    let slices = 0;
    let waited = 0;
    const timed = async () => {
      const before = performance.now();
      await pause();
      waited += performance.now() - before;
      if ((slices += 1) === 1) mark("index build's first slice begins");
    };
    const index = await build.call(ThreadIndex, db, timed, slice, pauseFirst);
    mark(`index built: ${slices} yields, ${waited.toFixed(0)} ms wall waiting at them`);
    return index;
  };
  ThreadSummaries.prototype.statusesOf = function (this: ThreadSummaries, list) {
    if (warmup.calls === 0) mark("warm-up's first slice begins");
    warmup.wrap(() => statusesOf.call(this, list))();
  };
  ThreadSummaries.prototype.row = function (this: ThreadSummaries, thread) {
    return rows.wrap(() => row.call(this, thread))();
  };
  Object.defineProperty(ThreadIndex.prototype, "threads", { configurable: true, get: function (this: ThreadIndex) { return sort.wrap(() => threads.get!.call(this))(); } });
  const dir = config ?? mkdtempSync(join(tmpdir(), "first-screen-trace-"));
  const service = createDebuggerService({ configDir: dir });
  try {
    await service.openDatabase({ path: file });
    mark("opened");
    const first = await service.listThreads({ limit: 50 });
    mark(`first page: ${first.rows.length} rows${first.counting ? ", counting" : ""}`);
    const before = { warmupMs: warmup.ms, warmupSlices: warmup.calls, rowsMs: rows.ms, sortMs: sort.ms };
    const deep = await service.listThreads({ offset: 50_000, limit: 100 });
    mark(
      `page at row 50,000: ${deep.rows.length} rows of ${deep.total}; meanwhile ${warmup.calls - before.warmupSlices} warm-up slices (${(warmup.ms - before.warmupMs).toFixed(0)} ms CPU), ` +
        `the index's order ${(sort.ms - before.sortMs).toFixed(0)} ms CPU, rows ${(rows.ms - before.rowsMs).toFixed(0)} ms CPU`,
    );
    // Over HTTP the next request arrives a few turns of the event loop later: a warm-up slice may run first.
    for (let turn = 0; turn < 3; turn += 1) await new Promise((done) => setImmediate(done));
    const slicesBefore = warmup.calls;
    const asked = performance.now();
    const filtered = await service.listThreads({ query: "thread-12345", limit: 100 });
    mark(`text filter: ${filtered.rows.length} rows in ${(performance.now() - asked).toFixed(0)} ms wall; warm-up slices run between the deep page and the filter: ${slicesBefore - before.warmupSlices}`);
    await service.listThreads({ status: ["done"], limit: 100 });
    mark(`first status filter; the longest warm-up slice so far ${warmup.longest.toFixed(0)} ms CPU`);
  } finally {
    await service.close();
    ThreadIndex.build = build;
    ThreadSummaries.prototype.statusesOf = statusesOf;
    ThreadSummaries.prototype.row = row;
    Object.defineProperty(ThreadIndex.prototype, "threads", threads);
    if (!config) rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: "string" }, runs: { type: "string", default: "3" }, config: { type: "string" } } });
  if (!values.file) throw new Error("bench/first-screen-trace: --file FILE is required");
  const file = resolve(values.file);
  for (let run = 0; run < Number(values.runs); run += 1) {
    console.log(`run ${run + 1}, load average ${load()}`);
    for (const line of await trace(file, values.config)) console.log(`  ${line}`);
  }
  console.log(`load average after: ${load()}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
