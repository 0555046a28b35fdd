/** The W3 measurements on one thread, through a new connection to its file. */
import { performance } from "node:perf_hooks";
import type { Engine, GraphDef, HistoryEntry } from "../engine.ts";
import type { Sizes } from "../options.ts";
import { forceGc, median, timeAfterGc, type Sample } from "../stats.ts";
import { check } from "./check.ts";
import { Session } from "./session.ts";

export type EntryCheck = (entry: HistoryEntry, index: number) => void;

/** Entries must be the thread's checkpoints in order, each linked to the next older one, with checked values. */
function verifyEntries(entries: HistoryEntry[], ids: string[], checkEntry: EntryCheck, where: string, offset = 0): void {
  entries.forEach((entry, n) => {
    const i = offset + n;
    check(entry.checkpointId === ids[i], `${where}: entry ${i} is ${entry.checkpointId}, expected ${ids[i]}`);
    check(entry.parentId === (ids[i + 1] ?? null), `${where}: entry ${i} has parent ${entry.parentId}, expected ${ids[i + 1] ?? null}`);
    const older = entries[n + 1];
    if (older) check(older.step < entry.step, `${where}: steps not decreasing at entry ${i} (${entry.step}, then ${older.step})`);
    checkEntry(entry, i);
  });
}

export async function readBack(engine: Engine, def: GraphDef, path: string, threadId: string, ids: string[], checkEntry: EntryCheck, sizes: Sizes): Promise<Sample> {
  const where = `W3 ${engine.name} thread ${threadId}`;
  const session = await Session.open(engine, "sqlite", def, path);
  const graph = session.graph;
  const midIndex = Math.floor(ids.length / 2);
  const midId = ids[midIndex]!;

  const cold = await timeAfterGc(() => graph.load(threadId, midId));
  verifyEntries([cold.value], ids, checkEntry, `${where} mid load`, midIndex);

  const page = await timeAfterGc(() => graph.history(threadId, sizes.firstPage));
  check(page.value.length === Math.min(sizes.firstPage, ids.length), `${where}: first page has ${page.value.length} entries`);
  verifyEntries(page.value, ids, checkEntry, `${where} first page`);

  const full = await timeAfterGc(() => graph.history(threadId));
  check(full.value.length === ids.length, `${where}: full history has ${full.value.length} entries, expected ${ids.length}`);
  verifyEntries(full.value, ids, checkEntry, `${where} full history`);

  forceGc();
  const warm: number[] = [];
  for (let i = 0; i < sizes.warmLoads; i++) {
    const start = performance.now();
    const entry = await graph.load(threadId, midId);
    warm.push(performance.now() - start);
    check(entry.checkpointId === midId, `${where}: warm load returned ${entry.checkpointId}`);
  }
  await session.store.close();
  return {
    entries: ids.length,
    mid_load_cold_ms: cold.ms,
    first_page_ms: page.ms,
    full_history_ms: full.ms,
    full_history_us_per_entry: (full.ms * 1000) / ids.length,
    mid_load_warm_ms: median(warm),
  };
}
