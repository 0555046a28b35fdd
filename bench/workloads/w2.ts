/** W2 "growing-messages": agent and tool alternate, each appending one 1 KB message, 500 supersteps. */
import { performance } from "node:perf_hooks";
import { GRAPH_END, GRAPH_START, type Engine, type GraphDef, type HistoryEntry, type StoreKind, type Values } from "../engine.ts";
import type { Sizes } from "../options.ts";
import { forceGc, mean, median, type Sample } from "../stats.ts";
import { check, describe, sameJson } from "./check.ts";
import { makeMessage } from "./messages.ts";
import type { WorkloadResult } from "./result.ts";
import { Session } from "./session.ts";

export const W2_THREAD = "w2";

export function w2Graph(limit: number, tick: () => void): GraphDef {
  const node = (state: Values) => {
    tick();
    return { messages: [makeMessage((state.messages as unknown[]).length)] };
  };
  const until = (next: string) => (state: Values) => ((state.messages as unknown[]).length >= limit ? GRAPH_END : next);
  return {
    name: "w2",
    channels: { messages: { reducer: "append", initial: [] } },
    nodes: [
      { name: "agent", run: node },
      { name: "tool", run: node },
    ],
    edges: [[GRAPH_START, "agent"]],
    branches: [
      { from: "agent", route: until("tool"), targets: ["tool", GRAPH_END] },
      { from: "tool", route: until("agent"), targets: ["agent", GRAPH_END] },
    ],
  };
}

/** History entry `index` (newest first) of a finished `steps`-step W2 thread, as W3a checks it. */
export function checkW2Entry(steps: number, where: string) {
  return (entry: HistoryEntry, index: number): void => {
    const messages = (entry.values.messages ?? []) as unknown[];
    const expected = Math.max(0, steps - index);
    check(messages.length === expected, `${where}: entry ${index} has ${messages.length} messages, expected ${expected}`);
    if (index === 0) check(sameJson(messages[steps - 1], makeMessage(steps - 1)), `${where}: newest message differs: ${describe(messages[steps - 1])}`);
  };
}

function verifyFinal(final: Values, steps: number, where: string): void {
  const messages = final.messages as unknown[];
  check(Array.isArray(messages) && messages.length === steps, `${where}: expected ${steps} messages, got ${describe(messages?.length)}`);
  for (const i of [0, Math.floor(steps / 2), steps - 1]) check(sameJson(messages[i], makeMessage(i)), `${where}: message ${i} differs: ${describe(messages[i])}`);
}

/** Step k lasts from node k's start to node k+1's start; the last one until run() resolved. In µs. */
function stepSample(ticks: number[], end: number, window: number): Sample {
  const durations = ticks.map((tick, k) => ((ticks[k + 1] ?? end) - tick) * 1000);
  const first = durations.slice(0, window);
  const last = durations.slice(-window);
  const sample: Sample = {
    first_median_us: median(first),
    first_mean_us: mean(first),
    last_median_us: median(last),
    last_mean_us: mean(last),
    growth: median(last) / median(first),
  };
  for (let w = 0; w * window < durations.length; w++) sample[`window_${w + 1}_median_us`] = median(durations.slice(w * window, (w + 1) * window));
  return sample;
}

export interface W2Outcome extends WorkloadResult {
  /** The kept sqlite file and its checkpoint ids (newest first), for W3a. */
  path: string | null;
  ids: string[];
}

export async function runW2(engine: Engine, kind: StoreKind, sizes: Sizes, keep: boolean): Promise<W2Outcome> {
  const warm = await Session.open(engine, kind, w2Graph(sizes.w2WarmSteps, () => {}));
  await warm.graph.run("w2-warm", { messages: [] });
  await warm.discard();

  const ticks: number[] = [];
  const session = await Session.open(engine, kind, w2Graph(sizes.w2Steps, () => ticks.push(performance.now())));
  forceGc();
  const start = performance.now();
  const final = await session.graph.run(W2_THREAD, { messages: [] });
  const end = performance.now();
  const where = `W2 ${engine.name}/${kind}`;
  verifyFinal(final, sizes.w2Steps, where);
  check(ticks.length === sizes.w2Steps, `${where}: ${ticks.length} node calls, expected ${sizes.w2Steps}`);

  const finished = await session.finish([W2_THREAD], keep);
  const totalMs = end - start;
  const sample: Sample = { total_ms: totalMs, us_per_superstep: (totalMs * 1000) / sizes.w2Steps, ...stepSample(ticks, end, sizes.w2Window), ...finished.sample };
  if (sample.db_bytes !== undefined) sample.bytes_per_superstep = sample.db_bytes / sizes.w2Steps;
  return { sample, settings: finished.settings, path: keep ? session.path : null, ids: finished.ids.get(W2_THREAD) ?? [] };
}
