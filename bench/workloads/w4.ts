/** W4 "fan-out": split, eight workers in one superstep, join; 500 runs, one thread each. */
import { GRAPH_END, GRAPH_START, type Engine, type GraphDef, type StoreKind, type Values } from "../engine.ts";
import type { Sizes } from "../options.ts";
import { check, describe } from "./check.ts";
import { runManyThreads } from "./many-threads.ts";
import type { WorkloadResult } from "./result.ts";

const WORKERS = Array.from({ length: 8 }, (_, i) => `w${i + 1}`);
const SUPERSTEPS_PER_RUN = 3;
const NODES_PER_RUN = WORKERS.length + 2;

export function w4Graph(): GraphDef {
  const emit = (item: string) => () => ({ items: [item] });
  return {
    name: "w4",
    channels: { items: { reducer: "append", initial: [] } },
    nodes: [{ name: "split", run: emit("split") }, ...WORKERS.map((worker) => ({ name: worker, run: emit(worker) })), { name: "join", run: emit("join") }],
    edges: [[GRAPH_START, "split"], ...WORKERS.map((w): [string, string] => ["split", w]), ...WORKERS.map((w): [string, string] => [w, "join"]), ["join", GRAPH_END]],
    branches: [],
  };
}

function verify(final: Values, where: string): void {
  const items = final.items as unknown[];
  const ok =
    Array.isArray(items) &&
    items.length === NODES_PER_RUN &&
    items[0] === "split" &&
    items[items.length - 1] === "join" &&
    WORKERS.every((worker) => items.includes(worker));
  check(ok, `W4 ${where}: expected split, w1..w8, join; got ${describe(final)}`);
}

export async function runW4(engine: Engine, kind: StoreKind, sizes: Sizes): Promise<WorkloadResult> {
  const input = () => ({ items: [] });
  const { ms, finals, finished } = await runManyThreads(engine, kind, w4Graph(), "w4", sizes.w4Runs, sizes.warmRuns, input);
  finals.forEach((final, i) => verify(final, `${engine.name}/${kind} run ${i}`));
  const supersteps = sizes.w4Runs * SUPERSTEPS_PER_RUN;
  return {
    sample: {
      total_ms: ms,
      supersteps_per_s: (supersteps * 1000) / ms,
      runs_per_s: (sizes.w4Runs * 1000) / ms,
      node_execs_per_s: (sizes.w4Runs * NODES_PER_RUN * 1000) / ms,
      us_per_superstep: (ms * 1000) / supersteps,
      ...finished.sample,
    },
    settings: finished.settings,
  };
}
