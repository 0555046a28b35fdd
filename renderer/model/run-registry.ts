/**
 * Every run the app started, keyed by run id, and which run each thread shows. Pure: the run slice keeps
 * the registry and replaces it on each change. A finished run stays until dismissed or replaced by the
 * thread's next run; it never holds back another run's events. Events can arrive before startRun answers
 * with the run's id: they wait in `early` (per run id) until the run is registered.
 */
import type { RunEvent } from "../../core/api/types.ts";
import { foldRunEvent, isActive, startProgress, type RunProgress } from "./run-progress.ts";

export interface RunRegistry {
  runs: ReadonlyMap<string, RunProgress>;
  /** The run each thread shows (its newest), by thread id. */
  byThread: ReadonlyMap<string, string>;
  /** Events of runs not registered yet, by run id, oldest first. */
  early: ReadonlyMap<string, readonly RunEvent[]>;
}

/** Runs whose events may wait for their start answer; older unclaimed ones are dropped (runs of other windows). */
const MAX_EARLY_RUNS = 32;

export const EMPTY_RUNS: RunRegistry = { runs: new Map(), byThread: new Map(), early: new Map() };

/** Register a run startRun answered for; folds the events that came before the answer. */
export function registerRun(registry: RunRegistry, runId: string, threadId: string): RunRegistry {
  let progress = startProgress(runId, threadId);
  for (const event of registry.early.get(runId) ?? []) progress = foldRunEvent(progress, event);
  const runs = new Map(registry.runs);
  // The run this thread showed before is replaced: drop it unless it is somehow still in flight.
  const previous = registry.byThread.get(threadId);
  if (previous !== undefined && previous !== runId && !isActive(runs.get(previous) ?? null)) runs.delete(previous);
  runs.set(runId, progress);
  const early = new Map(registry.early);
  early.delete(runId);
  return { runs, byThread: new Map(registry.byThread).set(threadId, runId), early };
}

/** The registry after one event: folds it into its run, or keeps it until the run is registered. */
export function applyRunEvent(registry: RunRegistry, event: RunEvent): RunRegistry {
  const run = registry.runs.get(event.runId);
  if (run) {
    const next = foldRunEvent(run, event);
    return next === run ? registry : { ...registry, runs: new Map(registry.runs).set(run.runId, next) };
  }
  const early = new Map(registry.early);
  early.set(event.runId, [...(early.get(event.runId) ?? []), event]);
  while (early.size > MAX_EARLY_RUNS) early.delete(early.keys().next().value as string);
  return { ...registry, early };
}

/** The run a thread shows, or null. */
export function runOfThread(registry: RunRegistry, threadId: string | null | undefined): RunProgress | null {
  if (threadId == null) return null;
  const runId = registry.byThread.get(threadId);
  return runId === undefined ? null : (registry.runs.get(runId) ?? null);
}

/** Forget a thread's run once it has ended (a run in flight cannot be dismissed). */
export function dismissThreadRun(registry: RunRegistry, threadId: string): RunRegistry {
  const run = runOfThread(registry, threadId);
  if (!run || isActive(run)) return registry;
  const runs = new Map(registry.runs);
  runs.delete(run.runId);
  const byThread = new Map(registry.byThread);
  byThread.delete(threadId);
  return { ...registry, runs, byThread };
}
