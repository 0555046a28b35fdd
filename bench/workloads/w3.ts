/**
 * W3 "history-read": W3a reads back the W2 thread; W3b builds a 10,000-superstep thread of small state
 * (its build rate is reported too) and reads it back. Both through a reopened store.
 */
import { performance } from "node:perf_hooks";
import { GRAPH_END, GRAPH_START, type Engine, type GraphDef, type HistoryEntry, type Values } from "../engine.ts";
import type { Sizes } from "../options.ts";
import { forceGc, type Sample } from "../stats.ts";
import { check, describe } from "./check.ts";
import { readBack } from "./read-back.ts";
import type { WorkloadResult } from "./result.ts";
import { Session } from "./session.ts";
import { checkW2Entry, W2_THREAD, w2Graph } from "./w2.ts";

export const W3B_THREAD = "w3b";

export function w3bGraph(limit: number): GraphDef {
  const step = (name: string) => (state: Values) => {
    const counter = (state.counter as number) + 1;
    return { counter, label: `${name}-${counter}` };
  };
  const until = (next: string) => (state: Values) => ((state.counter as number) >= limit ? GRAPH_END : next);
  return {
    name: "w3b",
    channels: { counter: { reducer: "last", initial: 0 }, label: { reducer: "last", initial: "" } },
    nodes: [
      { name: "a", run: step("a") },
      { name: "b", run: step("b") },
    ],
    edges: [[GRAPH_START, "a"]],
    branches: [
      { from: "a", route: until("b"), targets: ["b", GRAPH_END] },
      { from: "b", route: until("a"), targets: ["a", GRAPH_END] },
    ],
  };
}

export function checkW3bEntry(steps: number, where: string) {
  const lastLabel = `${steps % 2 === 0 ? "b" : "a"}-${steps}`;
  return (entry: HistoryEntry, index: number): void => {
    const counter = (entry.values.counter as number | undefined) ?? 0;
    const expected = Math.max(0, steps - index);
    check(counter === expected, `${where}: entry ${index} has counter ${counter}, expected ${expected}`);
    if (index === 0) check(entry.values.label === lastLabel, `${where}: newest label ${describe(entry.values.label)}, expected ${lastLabel}`);
  };
}

/** W3a on the file W2 left behind. */
export function runW3a(engine: Engine, path: string, ids: string[], sizes: Sizes): Promise<Sample> {
  return readBack(engine, w2Graph(sizes.w2Steps, () => {}), path, W2_THREAD, ids, checkW2Entry(sizes.w2Steps, `W3a ${engine.name}`), sizes);
}

export interface W3bBuild extends WorkloadResult {
  path: string;
  ids: string[];
}

/** Build the W3b thread on a new file (timed: the build rate), then keep the file for the reads. */
export async function buildW3b(engine: Engine, sizes: Sizes): Promise<W3bBuild> {
  const session = await Session.open(engine, "sqlite", w3bGraph(sizes.w3bSteps));
  forceGc();
  const start = performance.now();
  const final = await session.graph.run(W3B_THREAD, { counter: 0, label: "" });
  const ms = performance.now() - start;
  check(final.counter === sizes.w3bSteps, `W3b ${engine.name}: final counter ${describe(final.counter)}, expected ${sizes.w3bSteps}`);
  const finished = await session.finish([W3B_THREAD], true);
  return {
    sample: { build_ms: ms, build_supersteps_per_s: (sizes.w3bSteps * 1000) / ms, ...finished.sample },
    settings: finished.settings,
    path: session.path!,
    ids: finished.ids.get(W3B_THREAD) ?? [],
  };
}

export function runW3bReads(engine: Engine, path: string, ids: string[], sizes: Sizes): Promise<Sample> {
  return readBack(engine, w3bGraph(sizes.w3bSteps), path, W3B_THREAD, ids, checkW3bEntry(sizes.w3bSteps, `W3b ${engine.name}`), sizes);
}
