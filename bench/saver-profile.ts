/**
 * `node --expose-gc --import tsx bench/saver-profile.ts [w1|w4] [runs] [sqlite-saver|chronograph-saver]`: W1 or W4 on LangGraph.js with SqliteSaver and
 * with ChronographSaver, alternating, printing wall and CPU time (this process) per superstep for each.
 * A tool for profiling (add --cpu-prof); the figures that count come from `npm run bench:saver`.
 */
import type { Engine } from "./engine.ts";
import { langgraph } from "./engines/langgraph.ts";
import { langgraphWithChronographSaver } from "./engines/langgraph-saver.ts";
import { FULL_SIZES } from "./options.ts";
import { removeTempFiles } from "./temp-files.ts";
import { runW1 } from "./workloads/w1.ts";
import { runW4 } from "./workloads/w4.ts";

const workload = process.argv[2] === "w4" ? "w4" : "w1";
const runs = Number(process.argv[3] ?? 3);
const only = process.argv[4];
/** Optional 4th argument: "sqlite-saver" or "chronograph-saver" runs that one only (for a profile of one saver). */
const engines: Engine[] = only === "sqlite-saver" ? [langgraph] : only === "chronograph-saver" ? [langgraphWithChronographSaver] : [langgraph, langgraphWithChronographSaver];

async function main(): Promise<void> {
  for (let run = 0; run < runs; run += 1) {
    for (const engine of run % 2 === 0 ? engines : [...engines].reverse()) {
      const start = process.cpuUsage();
      const result = workload === "w1" ? await runW1(engine, "sqlite", FULL_SIZES) : await runW4(engine, "sqlite", FULL_SIZES);
      const cpu = process.cpuUsage(start);
      const steps = workload === "w1" ? FULL_SIZES.w1Threads * 10 : FULL_SIZES.w4Runs * 3;
      process.stdout.write(`${workload} ${engine.name.padEnd(28)} wall ${result.sample.us_per_superstep!.toFixed(0)} us/step, cpu (incl. warm-up) ${((cpu.user + cpu.system) / steps).toFixed(0)} us/step\n`);
    }
  }
}

main().finally(removeTempFiles);
