/** The figures Chronograph is held to, evaluated from the summaries of one invocation. */
import type { EngineName } from "./engine.ts";
import type { Results, Summaries } from "./results.ts";

export interface Target {
  name: string;
  /** The measured value the threshold applies to; null when a side was not run. */
  value: number | null;
  op: ">=" | "<=";
  threshold: number;
  unit: string;
  pass: boolean | null;
}

const KIB = 1024;

function med(s: Summaries, workload: keyof Summaries, producer: EngineName | "floor", store: string, figure: string): number | null {
  const value = s[workload]?.[producer]?.[store]?.[figure]?.median;
  return value !== undefined && Number.isFinite(value) ? value : null;
}

function target(name: string, value: number | null, op: ">=" | "<=", threshold: number, unit: string): Target {
  const pass = value === null ? null : op === ">=" ? value >= threshold : value <= threshold;
  return { name, value, op, threshold, unit, pass };
}

function speedup(ours: number | null, peer: number | null, higherIsBetter: boolean): number | null {
  if (ours === null || peer === null || ours === 0 || peer === 0) return null;
  return higherIsBetter ? ours / peer : peer / ours;
}

/**
 * An engine's W1 sqlite µs/superstep over the W5 floor µs/row, for a blob (w1 = the peer's W1
 * checkpoint size, delta = one W2 message) and a synchronous level.
 */
export function floorRatio(s: Summaries, engine: EngineName, blob: "w1" | "delta", sync: string): number | null {
  const engineUs = med(s, "w1", engine, "sqlite", "us_per_superstep");
  const floorUs = med(s, "w5", "floor", "sqlite", `write_${blob}_${sync}_us_per_row`);
  return engineUs === null || floorUs === null ? null : engineUs / floorUs;
}

export function evaluateTargets(s: Summaries, results: Results): Target[] {
  const targets: Target[] = [];
  for (const workload of ["w1", "w4"] as const) {
    for (const store of ["sqlite", "memory", "none"]) {
      if (!s[workload]?.langgraph?.[store] && !s[workload]?.chronograph?.[store]) continue;
      const value = speedup(med(s, workload, "chronograph", store, "supersteps_per_s"), med(s, workload, "langgraph", store, "supersteps_per_s"), true);
      targets.push(target(`${workload.toUpperCase()} ${store}: supersteps/s vs LangGraph.js`, value, ">=", 10, "x"));
    }
  }
  targets.push(target("W1 sqlite: µs/superstep vs W5 NORMAL floor µs/row (W1 blob)", floorRatio(s, "chronograph", "w1", "NORMAL"), "<=", 3, "x"));
  const sync = results.settings.chronograph?.synchronous;
  if (sync && sync !== "NORMAL") {
    targets.push(target(`W1 sqlite: µs/superstep vs W5 ${sync} floor µs/row (engine's own level)`, floorRatio(s, "chronograph", "w1", sync), "<=", 3, "x"));
  }
  targets.push(target("W2 sqlite: bytes/superstep", med(s, "w2", "chronograph", "sqlite", "bytes_per_superstep"), "<=", 2 * KIB, "B"));
  targets.push(target("W2 sqlite: growth (last-50/first-50 median step)", med(s, "w2", "chronograph", "sqlite", "growth"), "<=", 1.2, "x"));
  for (const workload of ["w3a", "w3b"] as const) {
    const value = speedup(med(s, workload, "chronograph", "sqlite", "full_history_ms"), med(s, workload, "langgraph", "sqlite", "full_history_ms"), false);
    targets.push(target(`${workload.toUpperCase()}: full_history vs LangGraph.js`, value, ">=", 10, "x"));
  }
  return targets;
}
