/**
 * Where a thread's runs meet, for the timeline. A run is one invoke() or stream() call; every checkpoint
 * it wrote records its run id. Decided over the thread's whole list of entries:
 * - each run's number (1 for the run of the oldest checkpoint, then in the order runs began);
 * - where a run took over a branch: its first checkpoint whose nearest ancestor with a run id belongs to
 *   another run (update checkpoints, which no run writes, are looked through), with how it began and
 *   how the run before it ended at its newest checkpoint until then;
 * - which failed steps a later checkpoint ran past: a checkpoint with errors and a "loop" child.
 * Checkpoints without a run id (older files, LangGraph files without `run_id`) get no run marks.
 * Pure and O(n) after one sort; a live run's new checkpoints extend the index in O(1) each (RunIndex).
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

/** The fields of a checkpoint the marks depend on, compared when a checkpoint is read again. */
function sameForRuns(a: RunInput, b: RunInput): boolean {
  const same = (x: readonly string[] | undefined, y: readonly string[] | undefined) => (x ?? []).join("\n") === (y ?? []).join("\n");
  return (
    a.parentId === b.parentId && a.runId === b.runId && a.source === b.source && a.step === b.step && same(a.errors, b.errors) && same(a.interrupted, b.interrupted) &&
    same(a.answered, b.answered) && same(a.next, b.next) && same(a.breakpoint?.nodes, b.breakpoint?.nodes) && same(a.errorFixed?.nodes, b.errorFixed?.nodes)
  );
}

/**
 * The run marks of one thread, built oldest first and extended as a live run appends: `take` adds a
 * checkpoint newer than all before it in O(1), and says false when it cannot (an older one, or one read
 * again with other errors or tasks), for the caller to build the index again.
 */
export class RunIndex {
  /** Run marks and fixed errors by checkpoint id; checkpoints with neither are absent. */
  readonly facts = new Map<string, RunFacts>();
  private readonly byId = new Map<string, RunInput>();
  private readonly numbers = new Map<string, number>();
  /** Each run's newest checkpoint so far. */
  private readonly newest = new Map<string, RunInput>();
  /** The nearest ancestor (or the checkpoint itself) that a run wrote. */
  private readonly nearestRun = new Map<string, RunInput | null>();
  private last: RunInput | null = null;

  static of(entries: readonly RunInput[]): RunIndex {
    const index = new RunIndex();
    for (const entry of [...entries].sort(oldestFirst)) index.add(entry);
    return index;
  }

  /** Add a checkpoint newer than every one taken so far (true), or one taken before and unchanged (true); false otherwise. */
  take(entry: RunInput): boolean {
    const known = this.byId.get(entry.checkpointId);
    if (known) return sameForRuns(known, entry);
    if (this.last && oldestFirst(this.last, entry) > 0) return false;
    this.add(entry);
    return true;
  }

  private factsOf(id: string): RunFacts {
    let fact = this.facts.get(id);
    if (!fact) this.facts.set(id, (fact = {}));
    return fact;
  }

  private add(entry: RunInput): void {
    this.byId.set(entry.checkpointId, entry);
    this.last = entry;
    const parent = entry.parentId === null ? undefined : this.byId.get(entry.parentId);
    const above = parent ? (this.nearestRun.get(parent.checkpointId) ?? null) : null;
    this.nearestRun.set(entry.checkpointId, entry.runId !== undefined ? entry : above);
    if (parent && entry.source === "loop" && !this.facts.get(parent.checkpointId)?.errorFixed) {
      const nodes = failedAt(parent);
      if (nodes.length > 0) this.factsOf(parent.checkpointId).errorFixed = { nodes, run: entry.runId === undefined ? null : this.numberOf(entry.runId) };
    }
    if (entry.runId === undefined) return;
    const mark: RunMark = { number: this.numberOf(entry.runId) };
    if (above && above.runId !== entry.runId) {
      const previous = this.newest.get(above.runId!)!;
      const { end, nodes, when } = endOf(previous);
      mark.started = { how: howStarted(entry, parent), previous: { number: this.numberOf(above.runId!), step: previous.step, end, nodes, ...(when ? { when } : {}) } };
      if (end !== "finished") this.factsOf(previous.checkpointId).run!.ended = end;
    }
    this.newest.set(entry.runId, entry);
    this.factsOf(entry.checkpointId).run = mark;
  }

  private numberOf(runId: string): number {
    let number = this.numbers.get(runId);
    if (number === undefined) this.numbers.set(runId, (number = this.numbers.size + 1));
    return number;
  }
}

/** Run marks and fixed errors by checkpoint id over a whole thread (in any order); checkpoints with neither are absent. */
export function runFacts(entries: readonly RunInput[]): Map<string, RunFacts> {
  return RunIndex.of(entries).facts;
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
