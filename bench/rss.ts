/** Runs the peak-RSS probes (see rss-probe.ts), one child process per engine and workload. */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Engine } from "./engine.ts";
import type { Options } from "./options.ts";
import type { Results } from "./results.ts";
import type { KeptFiles } from "./schedule.ts";
import type { Sample } from "./stats.ts";

const PROBE = fileURLToPath(new URL("./rss-probe.ts", import.meta.url));
export const RSS_PREFIX = "RSS_JSON ";

function probe(args: string[]): Sample {
  const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", PROBE, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  const line = child.stdout.split("\n").find((text) => text.startsWith(RSS_PREFIX));
  if (child.status !== 0 || !line) throw new Error(`RSS probe ${args.slice(0, 2).join(" ")} failed (exit ${child.status}):\n${child.stderr}`);
  return JSON.parse(line.slice(RSS_PREFIX.length)) as Sample;
}

/**
 * Peak RSS of W1, W4 and W2 (fresh runs on SQLite) and of the W3a/W3b read-backs of the files the last
 * repetition kept.
 * A failed probe does not throw away the timed figures: it is returned as an error line, and the
 * runner still prints the report before exiting non-zero.
 */
export function measureRss(engines: Engine[], options: Options, kept: KeptFiles, results: Results): string[] {
  const sizes = JSON.stringify(options.sizes);
  const errors: string[] = [];
  const attempt = (workload: "w1" | "w4" | "w2" | "w3a" | "w3b", engine: Engine, args: string[]) => {
    process.stderr.write(`  rss ${workload} ${engine.name}\n`);
    try {
      results.add(workload, engine.name, "rss", probe(args));
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
      process.stderr.write(`${errors[errors.length - 1]}\n`);
    }
  };
  for (const engine of engines) {
    if (!engine.stores.includes("sqlite")) continue;
    // Fresh runs on a new SQLite file: W1 and W4 (many short threads), W2 (one growing thread).
    for (const workload of ["w1", "w4", "w2"] as const) if (options.workloads.includes(workload)) attempt(workload, engine, [workload, engine.name, sizes]);
    for (const workload of ["w3a", "w3b"] as const) {
      const thread = kept[engine.name]?.[workload];
      if (!thread) continue;
      const idsPath = `${thread.path}.ids.json`;
      writeFileSync(idsPath, JSON.stringify(thread.ids));
      attempt(workload, engine, [workload, engine.name, sizes, thread.path, idsPath]);
    }
  }
  return errors;
}
