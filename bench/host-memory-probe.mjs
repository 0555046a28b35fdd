/**
 * Loaded into a host process with NODE_OPTIONS="--import bench/host-memory-probe.mjs" (bench/big-file-bench.ts
 * --memory does): on SIGUSR2 it appends one JSON line to $CHRONOGRAPH_MEMORY_PROBE with where the process's
 * memory is (rss, V8 heap used/total and its spaces, external, array buffers) and, with
 * CHRONOGRAPH_MEMORY_PROBE_GC=1, the same after a full GC, so a bench can tell live data from garbage and
 * from memory outside V8 (SQLite's page cache, code). CHRONOGRAPH_PROBE_V8_FLAGS (big-file-bench.ts --v8-flags) is
 * handed to v8.setFlagsFromString at load, to compare the GC flags that V8 reads at run time (e.g.
 * --heap-growing-percent) in the real host.
 */
import { appendFileSync, readFileSync } from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";

if (process.env.CHRONOGRAPH_PROBE_V8_FLAGS) v8.setFlagsFromString(process.env.CHRONOGRAPH_PROBE_V8_FLAGS);
const out = process.env.CHRONOGRAPH_MEMORY_PROBE;
if (out) {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc");
  const mb = (bytes) => Math.round(bytes / 1e5) / 10;
  const snapshot = () => {
    const usage = process.memoryUsage();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((space) => [space.space_name, mb(space.space_size)]));
    // Anonymous memory (heaps, malloc) apart from file pages mapped in (the binary, an mmap'd database).
    const status = readFileSync("/proc/self/status", "utf8");
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: mb(usage.rss), rssAnon: mb(kb("RssAnon")), rssFile: mb(kb("RssFile")), heapTotal: mb(usage.heapTotal), heapUsed: mb(usage.heapUsed), external: mb(usage.external), arrayBuffers: mb(usage.arrayBuffers), spaces };
  };
  process.on("SIGUSR2", () => {
    const before = snapshot();
    // A GC here frees what later steps would otherwise carry, so it is asked for only when wanted.
    const after = process.env.CHRONOGRAPH_MEMORY_PROBE_GC === "1" ? (gc(), snapshot()) : undefined;
    appendFileSync(out, `${JSON.stringify({ pid: process.pid, before, after })}\n`);
  });
}
