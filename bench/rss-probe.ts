/**
 * Child-process entry for peak RSS. RSS only grows within a process, so the main bench cannot tell
 * which engine or workload set its peak; each probe runs one engine's W1, W4 or W2 on SQLite, or one W3
 * read-back of a file the main bench kept, in a fresh process. Start-up (tsx compiling the sources) can peak higher than
 * the workload, so on Linux the kernel's high-water mark is reset after start-up and a forced GC
 * (`/proc/self/clear_refs` = 5) and read back as VmHWM; elsewhere it falls back to maxRSS since start.
 * Usage: rss-probe.ts <w1|w4|w2|w3a|w3b> <engine> <sizes-json> [db-path ids-json-path]
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { EngineName } from "./engine.ts";
import { loadEngine } from "./engines/index.ts";
import type { Sizes } from "./options.ts";
import { RSS_PREFIX } from "./rss.ts";
import { forceGc } from "./stats.ts";
import { removeTempFiles } from "./temp-files.ts";
import { runW1 } from "./workloads/w1.ts";
import { runW2 } from "./workloads/w2.ts";
import { runW3a, runW3bReads } from "./workloads/w3.ts";
import { runW4 } from "./workloads/w4.ts";

function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

function peakSinceReset(reset: boolean): number {
  const match = reset ? /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8")) : null;
  return (match ? Number(match[1]) : process.resourceUsage().maxRSS) * 1024;
}

const [probe, engineName, sizesJson, path, idsPath] = process.argv.slice(2);
const engine = await loadEngine(engineName as EngineName);
const sizes = JSON.parse(sizesJson!) as Sizes;
const ids = idsPath ? (JSON.parse(readFileSync(idsPath, "utf8")) as string[]) : [];

forceGc();
const reset = resetPeak();
const baseline = process.memoryUsage().rss;
if (probe === "w1") await runW1(engine, "sqlite", sizes);
else if (probe === "w4") await runW4(engine, "sqlite", sizes);
else if (probe === "w2") await runW2(engine, "sqlite", sizes, false);
else if (probe === "w3a") await runW3a(engine, path!, ids, sizes);
else if (probe === "w3b") await runW3bReads(engine, path!, ids, sizes);
else throw new Error(`unknown probe ${probe}`);
const peak = peakSinceReset(reset);
removeTempFiles();
const sample = { baseline_rss_bytes: baseline, peak_rss_bytes: peak, delta_rss_bytes: peak - baseline, peak_reset_after_startup: reset ? 1 : 0 };
process.stdout.write(`${RSS_PREFIX}${JSON.stringify(sample)}\n`);
