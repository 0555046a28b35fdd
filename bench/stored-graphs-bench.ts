/**
 * What loading graph code costs on a big Chronograph SQLite file before it starts the graph host: the
 * stored graphs (names, and the newest thread's hash of each) read the old way (every thread listed, as
 * the session did until threadGraphNames) and the new way (SQL over the threads table). CPU time of the
 * two interleaved in one process, then each path's peak RSS in a fresh process (RSS only grows).
 * Usage: node --import tsx bench/stored-graphs-bench.ts --file <chronograph.sqlite> [--rounds 5]
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import type { HistorySource } from "../core/api/history-source.ts";
import { ChronographSource } from "../core/debugger/chronograph-source.ts";
import type { EngineReader } from "../core/debugger/sources.ts";
import { storedGraphsOf } from "../core/debugger/stored-graphs.ts";

type Path = "listed" | "sql";

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

/** The stored graphs the way `path` reads them, with every name's newest hash asked (a mismatch's message). */
async function storedGraphs(source: ChronographSource, path: Path): Promise<string> {
  const reader: HistorySource = path === "sql" ? source : ({ kind: source.kind, path: source.path, listThreads: () => source.listThreads() } as unknown as HistorySource);
  const stored = await storedGraphsOf(source.path, reader, source as unknown as EngineReader, async () => source.listThreads());
  const hashes = await Promise.all([...stored.names].map(async (name) => `${name}=${await stored.newestHash(name)}`));
  return hashes.sort().join(",");
}

function cpuMs<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.cpuUsage();
  return work().then((value) => {
    const used = process.cpuUsage(start);
    return { ms: (used.user + used.system) / 1000, value };
  });
}

/** Peak RSS (kernel high-water mark reset just before the call), in MB. */
async function peakOf(file: string, path: Path): Promise<number> {
  const source = await ChronographSource.open(file);
  await source.changeToken();
  writeFileSync("/proc/self/clear_refs", "5");
  await storedGraphs(source, path);
  await source.close();
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))![1]!;
  return Number(hwm) / 1024;
}

const file = arg("file");
if (!file) throw new Error("stored-graphs-bench: pass --file <chronograph.sqlite>");
const probe = arg("peak") as Path | undefined;
if (probe) {
  process.stdout.write(`${(await peakOf(file, probe)).toFixed(0)}\n`);
} else {
  const rounds = Number(arg("rounds") ?? 5);
  const source = await ChronographSource.open(file);
  const times: Record<Path, number[]> = { listed: [], sql: [] };
  const answers = new Set<string>();
  for (let round = 0; round < rounds; round++) {
    for (const path of round % 2 === 0 ? (["listed", "sql"] as const) : (["sql", "listed"] as const)) {
      const { ms, value } = await cpuMs(() => storedGraphs(source, path));
      times[path].push(ms);
      answers.add(value);
    }
  }
  await source.close();
  if (answers.size !== 1) throw new Error(`stored-graphs-bench: the two paths disagree: ${[...answers].join(" | ")}`);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const peaks = Object.fromEntries(
    (["listed", "sql"] as const).map((path) => [path, execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, "--file", file, "--peak", path], { encoding: "utf8" }).trim()]),
  );
  console.log(`stored graphs of ${file}: ${[...answers][0]}`);
  for (const path of ["listed", "sql"] as const) console.log(`${path}: CPU median ${median(times[path]).toFixed(1)} ms (${times[path].map((ms) => ms.toFixed(0)).join(", ")}), peak RSS ${peaks[path]} MB`);
  console.log(`load ${loadavg().map((load) => load.toFixed(1)).join(" ")}`);
}
