/** Command-line flags and the workload sizes they select. */
import type { EngineName } from "./engine.ts";

export type WorkloadName = "w1" | "w2" | "w3" | "w4" | "w5";

export interface Sizes {
  w1Threads: number;
  w4Runs: number;
  /** Threads (W1) or runs (W4) on the throwaway warm-up store. */
  warmRuns: number;
  w2Steps: number;
  w2WarmSteps: number;
  /** Steps per window of the W2 growth curve, and the size of its first/last comparison. */
  w2Window: number;
  w3bSteps: number;
  firstPage: number;
  warmLoads: number;
  floorRows: number;
  floorW2Rows: number;
  floorReadRows: number;
  floorReadW1Rows: number;
}

export interface Options {
  reps: number;
  quick: boolean;
  engines: EngineName[];
  workloads: WorkloadName[];
  /** Measure peak RSS of W2/W3 in child processes. */
  rss: boolean;
  sizes: Sizes;
}

export const FULL_SIZES: Sizes = {
  w1Threads: 200,
  w4Runs: 500,
  warmRuns: 20,
  w2Steps: 500,
  w2WarmSteps: 50,
  w2Window: 50,
  w3bSteps: 10_000,
  firstPage: 50,
  warmLoads: 20,
  floorRows: 2_000,
  floorW2Rows: 500,
  floorReadRows: 500,
  floorReadW1Rows: 10_000,
};

const QUICK_SIZES: Sizes = {
  ...FULL_SIZES,
  w1Threads: 20,
  w4Runs: 50,
  warmRuns: 5,
  w2Steps: 100,
  w2WarmSteps: 20,
  w2Window: 20,
  w3bSteps: 1_000,
  floorRows: 200,
  floorW2Rows: 100,
  floorReadRows: 100,
  floorReadW1Rows: 1_000,
};

const ALL_ENGINES: EngineName[] = ["chronograph", "langgraph"];
const ALL_WORKLOADS: WorkloadName[] = ["w1", "w2", "w3", "w4", "w5"];

export const USAGE = `npm run bench -- [--reps N] [--quick] [--engines chronograph,langgraph] [--workloads w1,w2,w3,w4,w5] [--no-rss]`;

function listFlag<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T[] {
  const items = (value ?? "").split(",").filter((item) => item !== "");
  const unknown = items.filter((item) => !allowed.includes(item as T));
  if (items.length === 0 || unknown.length > 0) throw new Error(`${flag} takes a comma list of ${allowed.join(", ")}`);
  return allowed.filter((item) => items.includes(item));
}

export function parseOptions(argv: readonly string[]): Options {
  const quick = argv.includes("--quick");
  const options: Options = { reps: quick ? 2 : 5, quick, engines: ALL_ENGINES, workloads: ALL_WORKLOADS, rss: true, sizes: quick ? QUICK_SIZES : FULL_SIZES };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--quick") continue;
    else if (flag === "--no-rss") options.rss = false;
    else if (flag === "--reps") options.reps = Number(argv[++i]);
    else if (flag === "--engines") options.engines = listFlag(argv[++i], ALL_ENGINES, flag);
    else if (flag === "--workloads") options.workloads = listFlag(argv[++i], ALL_WORKLOADS, flag);
    else throw new Error(`unknown flag ${flag}\nusage: ${USAGE}`);
  }
  if (!Number.isInteger(options.reps) || options.reps < 1) throw new Error("--reps takes a positive integer");
  // W3a reads the thread W2 wrote, so selecting W3 runs W2 too.
  if (options.workloads.includes("w3") && !options.workloads.includes("w2")) options.workloads = [...options.workloads, "w2"];
  return options;
}
