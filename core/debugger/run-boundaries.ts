/**
 * Where a thread's runs meet, for the timeline. A run is one invoke() or stream() call; every checkpoint
 * it wrote records its run id. Decided over the thread's whole list of entries:
 * - each run's number (1 for the run of the oldest checkpoint, then in the order runs began);
 * - where a run took over a branch: its first checkpoint whose nearest ancestor with a run id belongs to
 *   another run (update checkpoints, which no run writes, are looked through), with how it began and
 *   how the run before it ended at its newest checkpoint;
 * - which failed steps a later checkpoint ran past: a checkpoint with errors and a "loop" child.
 * Checkpoints without a run id (older files, LangGraph files without `run_id`) get no run marks.
 * Pure and O(n) after one sort.
 */
import type { CheckpointEntry, RunEnd, RunMark } from "../api/types.ts";

/** What the decision needs of a checkpoint. */

export type RunInput = Pick<CheckpointEntry, "checkpointId" | "parentId" | "step" | "source" | "createdAt" | "next" | "errors" | "interrupted" | "breakpoint" | "answered" | "runId" | "errorFixed">;

export interface RunFacts {
  run?: RunMark;
  errorFixed?: { nodes: string[]; run: number | null };
}

/**
 * The nodes that failed at a checkpoint: its failed tasks, and those a reader already knows were fixed
 * (LangGraph keeps a retried task's error beside its later result, so its reader says so itself).
 */
function failedAt(entry: RunInput): string[] {
  return entry.errorFixed ? [...new Set([...entry.errors, ...entry.errorFixed.nodes])] : entry.errors;
}

/** Oldest first: creation time, then id (ids sort in creation order). */
function oldestFirst(a: RunInput, b: RunInput): number {
  const time = (a.createdAt ?? -Infinity) - (b.createdAt ?? -Infinity);
  if (time !== 0 && !Number.isNaN(time)) return time;
  return a.checkpointId < b.checkpointId ? -1 : a.checkpointId > b.checkpointId ? 1 : 0;
}

/** How the thread stood at a run's newest checkpoint, and the nodes that say why. */
export function endOf(entry: RunInput): { end: RunEnd; nodes: string[]; when?: "before" | "after" } {
  const failed = failedAt(entry);
  if (failed.length > 0) return { end: "failed", nodes: failed };
  const waited = entry.interrupted.length > 0 ? entry.interrupted : (entry.answered ?? []);
  if (waited.length > 0) return { end: "interrupted", nodes: waited };
  if (entry.breakpoint) return { end: "breakpoint", nodes: entry.breakpoint.nodes, when: entry.breakpoint.when };
  if (entry.next.length > 0) return { end: "unfinished", nodes: entry.next };
  return { end: "finished", nodes: [] };
}

function howStarted(entry: RunInput, parent: RunInput | undefined): NonNullable<RunMark["started"]>["how"] {
  if (entry.source === "input") return "input";
  if (entry.source === "fork") return "replayed";
  return parent?.source === "update" ? "edited" : "resumed";
}

/** Run marks and fixed errors by checkpoint id; checkpoints with neither are absent. */
export function runFacts(entries: readonly RunInput[]): Map<string, RunFacts> {
  const sorted = [...entries].sort(oldestFirst);
  const byId = new Map(sorted.map((entry) => [entry.checkpointId, entry]));
  const numbers = new Map<string, number>();
  const newest = new Map<string, RunInput>();
  for (const entry of sorted) {
    if (entry.runId === undefined) continue;
    if (!numbers.has(entry.runId)) numbers.set(entry.runId, numbers.size + 1);
    newest.set(entry.runId, entry);
  }

  const facts = new Map<string, RunFacts>();
  const factsOf = (id: string) => facts.get(id) ?? facts.set(id, {}).get(id)!;
  const ended = new Map<string, Exclude<RunEnd, "finished">>();
  // The nearest ancestor (or the checkpoint itself) that a run wrote; parents sort before children.
  const nearestRun = new Map<string, RunInput | null>();
  for (const entry of sorted) {
    const parent = entry.parentId === null ? undefined : byId.get(entry.parentId);
    const above = parent ? (nearestRun.get(parent.checkpointId) ?? null) : null;
    nearestRun.set(entry.checkpointId, entry.runId !== undefined ? entry : above);
    if (entry.runId === undefined) continue;
    const mark: RunMark = { number: numbers.get(entry.runId)! };
    if (above && above.runId !== entry.runId) {
      const last = newest.get(above.runId!)!;
      const { end, nodes, when } = endOf(last);
      mark.started = { how: howStarted(entry, parent), previous: { number: numbers.get(above.runId!)!, step: last.step, end, nodes, ...(when ? { when } : {}) } };
      if (end !== "finished") ended.set(last.checkpointId, end);
    }
    factsOf(entry.checkpointId).run = mark;
  }
  for (const [checkpointId, end] of ended) facts.get(checkpointId)!.run!.ended = end;

  for (const entry of sorted) {
    const parent = entry.parentId === null ? undefined : byId.get(entry.parentId);
    if (!parent || entry.source !== "loop" || facts.get(parent.checkpointId)?.errorFixed) continue;
    const nodes = failedAt(parent);
    if (nodes.length > 0) factsOf(parent.checkpointId).errorFixed = { nodes, run: entry.runId === undefined ? null : numbers.get(entry.runId)! };
  }
  return facts;
}

/** The entry with `run` and `errorFixed` set where `facts` (runFacts of its whole thread) says; the entry itself when they say nothing. */
export function withFacts<E extends RunInput>(entry: E, facts: ReadonlyMap<string, RunFacts>): E {
  const fact = facts.get(entry.checkpointId);
  return fact ? { ...entry, ...fact } : entry;
}

/** The entries of one whole thread, in their order, with `run` and `errorFixed` set where runFacts says. */
export function withRuns<E extends RunInput>(entries: readonly E[]): E[] {
  const facts = runFacts(entries);
  return entries.map((entry) => withFacts(entry, facts));
}
