/**
 * Timings of the renderer's pure models on large inputs, for the UI bench (targets live in ui-bench.ts;
 * the unit tests beside the models check only what they compute, never how fast).
 */
import type { CheckpointEntry, ThreadRow } from "../core/api/types.ts";
import { layoutBranches } from "../renderer/model/branch-lanes.ts";
import { filterThreads } from "../renderer/model/thread-filter.ts";

const entry = (id: string, parentId: string | null, at: number): CheckpointEntry => ({
  checkpointId: id, parentId, step: 0, source: "loop", writers: [], next: [], createdAt: at, durationMs: null, errors: [], interrupted: [], breakpoint: null,
});

const thread = (threadId: string, status: ThreadRow["status"]): ThreadRow => ({
  threadId, namespace: "", graphName: "bench", status, writers: ["tick"], step: 3, checkpointCount: 4, branchCount: 1, headCheckpointId: `${threadId}-h`, createdAt: 0, updatedAt: 0,
});

/** Median of `runs` timings of `work`, in ms. */
function timed(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** Branch-lane layout of 20,000 checkpoints with 50 forks, and a text + status filter over 10,000 threads. */
export function modelTimings(): { layout20k: number; filter10k: number } {
  const entries: CheckpointEntry[] = [];
  for (let i = 0; i < 20_000; i += 1) entries.push(entry(`m${i}`, i === 0 ? null : `m${i - 1}`, i));
  for (let f = 0; f < 50; f += 1) entries.push(entry(`f${f}`, `m${f * 100}`, 20_000 + f));
  entries.reverse();
  const threads = Array.from({ length: 10_000 }, (_, i) => thread(`thread-${i}`, i % 7 === 0 ? "error" : "done"));
  return {
    layout20k: timed(5, () => layoutBranches(entries)),
    filter10k: timed(21, () => filterThreads(threads, "thread-99", new Set(["error"]))),
  };
}
