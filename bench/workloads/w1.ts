/** W1 "linear-small": ten nodes in a line over a counter and a label, 200 threads. */
import { GRAPH_END, GRAPH_START, type Engine, type GraphDef, type StoreKind, type Values } from "../engine.ts";
import type { Sizes } from "../options.ts";
import { check, describe, sameJson } from "./check.ts";
import { runManyThreads } from "./many-threads.ts";
import type { WorkloadResult } from "./result.ts";

const NODES = 10;
const name = (k: number) => `n${String(k).padStart(2, "0")}`;

export function w1Graph(): GraphDef {
  const nodes = Array.from({ length: NODES }, (_, i) => {
    const label = `node-${String(i + 1).padStart(2, "0")}`;
    return { name: name(i + 1), run: (state: Values) => ({ counter: (state.counter as number) + 1, label }) };
  });
  const order = [GRAPH_START, ...nodes.map((node) => node.name), GRAPH_END];
  return {
    name: "w1",
    channels: { counter: { reducer: "last", initial: 0 }, label: { reducer: "last", initial: "" } },
    nodes,
    edges: order.slice(1).map((to, i) => [order[i]!, to]),
    branches: [],
  };
}

export async function runW1(engine: Engine, kind: StoreKind, sizes: Sizes): Promise<WorkloadResult> {
  const input = () => ({ counter: 0, label: "" });
  const { ms, finals, finished } = await runManyThreads(engine, kind, w1Graph(), "w1", sizes.w1Threads, sizes.warmRuns, input);
  const expected = { counter: NODES, label: `node-${NODES}` };
  finals.forEach((final, i) => check(sameJson({ counter: final.counter, label: final.label }, expected), `W1 ${engine.name}/${kind} thread ${i}: expected ${describe(expected)}, got ${describe(final)}`));
  const supersteps = sizes.w1Threads * NODES;
  return {
    sample: { total_ms: ms, supersteps_per_s: (supersteps * 1000) / ms, us_per_superstep: (ms * 1000) / supersteps, ...finished.sample },
    settings: finished.settings,
  };
}
