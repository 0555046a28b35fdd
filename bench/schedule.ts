/**
 * One repetition: every selected workload for every engine, workload by workload, engines in the
 * given order (the runner alternates it between repetitions). W5 closes the repetition.
 */
import type { Engine, EngineName, StoreKind } from "./engine.ts";
import { DELTA_BYTES, PEER_BLOB_FALLBACK, runFloor, type BlobSizes } from "./floor.ts";
import type { Options } from "./options.ts";
import type { Results, WorkloadKey } from "./results.ts";
import { removeDb } from "./sqlite-file.ts";
import type { WorkloadResult } from "./workloads/result.ts";
import { runW1 } from "./workloads/w1.ts";
import { runW2 } from "./workloads/w2.ts";
import { buildW3b, runW3a, runW3bReads } from "./workloads/w3.ts";
import { runW4 } from "./workloads/w4.ts";

const MANY_THREAD_STORES: StoreKind[] = ["sqlite", "memory", "none"];

/** A sqlite file kept past its repetition, for the peak-RSS probes. */
export interface KeptThread {
  path: string;
  ids: string[];
}
export type KeptFiles = Partial<Record<EngineName, { w3a?: KeptThread; w3b?: KeptThread }>>;

function log(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

function record(results: Results, workload: WorkloadKey, engine: Engine, store: StoreKind, result: WorkloadResult): void {
  results.add(workload, engine.name, store, result.sample);
  results.noteSettings(engine.name, result.settings);
}

/** The peer's measured blob sizes when it ran, else the recorded fallback. */
function blobSizes(results: Results): BlobSizes {
  const live = (workload: WorkloadKey, fallback: number) => {
    const measured = results.medianOf(workload, "langgraph", "sqlite", "serialized_bytes_per_checkpoint");
    return Math.round(Number.isFinite(measured) ? measured : fallback);
  };
  return { w1: live("w1", PEER_BLOB_FALLBACK.w1), w2: live("w2", PEER_BLOB_FALLBACK.w2), delta: DELTA_BYTES };
}

async function manyThreads(key: "w1" | "w4", order: Engine[], options: Options, results: Results): Promise<void> {
  const run = key === "w1" ? runW1 : runW4;
  for (const store of MANY_THREAD_STORES) {
    for (const engine of order) {
      if (!engine.stores.includes(store)) continue;
      log(`${key} ${engine.name} ${store}`);
      record(results, key, engine, store, await run(engine, store, options.sizes));
    }
  }
}

async function growingMessages(order: Engine[], options: Options, results: Results, kept: KeptFiles | null): Promise<void> {
  const readBack = options.workloads.includes("w3");
  for (const store of ["sqlite", "memory"] as const) {
    for (const engine of order) {
      if (!engine.stores.includes(store)) continue;
      log(`w2 ${engine.name} ${store}`);
      const outcome = await runW2(engine, store, options.sizes, readBack && store === "sqlite");
      record(results, "w2", engine, store, outcome);
      if (!outcome.path) continue;
      log(`w3a ${engine.name}`);
      results.add("w3a", engine.name, "sqlite", await runW3a(engine, outcome.path, outcome.ids, options.sizes));
      if (kept) (kept[engine.name] ??= {}).w3a = { path: outcome.path, ids: outcome.ids };
      else removeDb(outcome.path);
    }
  }
}

async function longThread(order: Engine[], options: Options, results: Results, kept: KeptFiles | null): Promise<void> {
  for (const engine of order) {
    if (!engine.stores.includes("sqlite")) continue;
    log(`w3b ${engine.name} build + read`);
    const build = await buildW3b(engine, options.sizes);
    results.noteSettings(engine.name, build.settings);
    const reads = await runW3bReads(engine, build.path, build.ids, options.sizes);
    results.add("w3b", engine.name, "sqlite", { ...build.sample, ...reads });
    if (kept) (kept[engine.name] ??= {}).w3b = { path: build.path, ids: build.ids };
    else removeDb(build.path);
  }
}

/** Runs one repetition. With `keep`, the W2 and W3b files stay on disk and are returned. */
export async function runRepetition(order: Engine[], options: Options, results: Results, keep: boolean): Promise<KeptFiles> {
  const kept: KeptFiles | null = keep ? {} : null;
  const selected = options.workloads;
  if (selected.includes("w1")) await manyThreads("w1", order, options, results);
  if (selected.includes("w4")) await manyThreads("w4", order, options, results);
  if (selected.includes("w2")) await growingMessages(order, options, results, kept);
  if (selected.includes("w3")) await longThread(order, options, results, kept);
  if (selected.includes("w5")) {
    log("w5 floor");
    results.add("w5", "floor", "sqlite", runFloor(blobSizes(results), options.sizes));
  }
  return kept ?? {};
}
