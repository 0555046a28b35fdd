/**
 * Pruning one thread of a SQLite store. Which checkpoints go is decided by the shared, pure `prunable`;
 * this file keeps the survivors readable and removes the rest, in one transaction per thread.
 *
 * A channel version lives in the row of the checkpoint that wrote it, so a survivor that reads a
 * version written by a removed checkpoint needs a new home for it: the oldest such survivor takes a
 * whole copy and every survivor reading that version is pointed at it (as MemorySaver does, the
 * survivors' `versions` change, their values do not). A survivor's own delta whose base is removed is
 * pointed at the base's new home when it has one, else stored whole. Later deltas stay deltas; their
 * depth counters then overstate the chain, which only makes the next whole copy come a little early.
 * Every value is built from the data as it was before anything is changed.
 */
import type Database from "better-sqlite3";
import { prunable } from "../../checkpoint/memory.ts";
import { toJson } from "../../checkpoint/serde.ts";
import type { PruneOptions } from "../../checkpoint/types.ts";
import { largeLookup, versionLookup } from "./history.ts";
import { Materializer } from "./materialize.ts";
import { moveReadVersions, type Survivor, type Whole } from "./prune-plan.ts";
import { versionsJson } from "./put-values.ts";
import { recordFromRow } from "./rows.ts";
import type { Statements } from "./statements.ts";
import { baseOf, channelsJson, isDelta, type StoredBlob, wholeJson } from "./stored-blob.ts";

/** The statements a prune runs besides the saver's. */
export function preparePrune(db: Database.Database) {
  return {
    rewrite: db.prepare<[string, string, string, string]>("UPDATE checkpoints SET versions = ?, channels = ? WHERE thread_id = ? AND checkpoint_id = ?"),
    deleteLarge: db.prepare<[number]>("DELETE FROM blobs WHERE id = ?"),
    deleteWrites: db.prepare<[string, string]>("DELETE FROM writes WHERE thread_id = ? AND checkpoint_id = ?"),
    deleteCheckpoint: db.prepare<[string, string]>("DELETE FROM checkpoints WHERE thread_id = ? AND checkpoint_id = ?"),
    orphan: db.prepare<[string, string]>("UPDATE checkpoints SET parent_id = NULL WHERE thread_id = ? AND checkpoint_id = ?"),
    updateThread: db.prepare<[number, number, string]>("UPDATE threads SET checkpoint_count = ?, created_at = ? WHERE thread_id = ?"),
  };
}

type Prepared = ReturnType<typeof preparePrune>;

/** Prune every thread, one transaction each. Returns how many checkpoints were removed in all. */
export function pruneAll(db: Database.Database, statements: Statements, options: PruneOptions, settle: (threadId: string) => void): number {
  const own = preparePrune(db);
  // `settle` brings the thread's summary row current first (thread-lag.ts): the prune recounts it.
  const prune = db.transaction((threadId: string) => {
    settle(threadId);
    return pruneThread(own, statements, threadId, options);
  });
  let removed = 0;
  for (const threadId of statements.threadIds.all()) removed += prune.immediate(threadId);
  return removed;
}

/** Prune one thread (call inside a transaction). Returns how many checkpoints were removed. */
export function pruneThread(own: Prepared, statements: Statements, threadId: string, options: PruneOptions): number {
  const rows = statements.threadRows.all(threadId);
  const records = rows.map((row) => recordFromRow(threadId, row));
  const doomed = prunable(records, options);
  if (doomed.size === 0) return 0;
  const materializer = new Materializer(threadId, versionLookup(statements, threadId, rows), largeLookup(statements, threadId), false);
  const storeLarge = (data: string) => Number(statements.insertLarge.run(threadId, data).lastInsertRowid);
  const whole: Whole = (channel, version) => wholeJson(toJson(materializer.value(channel, version), { channel, threadId }), storeLarge);
  const obsoleteLarge: number[] = [];
  const survivors: Survivor[] = [];
  rows.forEach((row, index) => {
    const channels = JSON.parse(row[12]) as Record<string, StoredBlob>;
    if (!doomed.has(row[0])) survivors.push({ record: records[index]!, channels, replaced: new Map(), repointed: false });
    else for (const stored of Object.values(channels)) if (stored.x !== undefined) obsoleteLarge.push(stored.x);
  });
  const homes = moveReadVersions(survivors, doomed, whole);
  rebaseDeltas(survivors, doomed, homes, whole, obsoleteLarge);
  for (const { record, channels, replaced, repointed } of survivors) {
    if (replaced.size === 0 && !repointed) continue;
    const entries = Object.entries(channels).map(([channel, stored]) => [channel, replaced.get(channel) ?? JSON.stringify(stored)] as const);
    for (const [channel, json] of replaced) if (!(channel in channels)) entries.push([channel, json]);
    own.rewrite.run(versionsJson(record.versions, record.checkpointId), channelsJson(entries), threadId, record.checkpointId);
  }
  for (const { record } of survivors) if (record.parentId !== null && doomed.has(record.parentId)) own.orphan.run(threadId, record.checkpointId);
  for (const id of doomed) {
    own.deleteWrites.run(threadId, id);
    own.deleteCheckpoint.run(threadId, id);
  }
  for (const id of obsoleteLarge) own.deleteLarge.run(id);
  own.updateThread.run(survivors.length, survivors[0]!.record.createdAt, threadId);
  return doomed.size;
}

/** Point each survivor's delta whose base is removed at the base's home, or store it whole when it has none. */
function rebaseDeltas(survivors: Survivor[], doomed: ReadonlySet<string>, homes: Map<string, string>, whole: Whole, obsoleteLarge: number[]): void {
  for (const survivor of survivors) {
    const source = { parentId: survivor.record.parentId, channels: survivor.channels, writes: null };
    for (const [channel, stored] of Object.entries(survivor.channels)) {
      const base = isDelta(stored) ? baseOf(stored, source) : null;
      if (base === null || !doomed.has(base)) continue;
      const home = homes.get(`${channel}\u0000${base}`);
      if (home !== undefined) {
        survivor.replaced.set(channel, JSON.stringify({ ...stored, b: home }));
      } else {
        survivor.replaced.set(channel, whole(channel, survivor.record.checkpointId));
        if (stored.x !== undefined) obsoleteLarge.push(stored.x);
      }
    }
  }
}
