/**
 * Pruning a SQLite store keeps what the app reads of the survivors true: which checkpoints have children
 * (the timeline's fork marks), the thread's checkpoint and branch counts, and a put after the prune
 * counts its branch as on a file never pruned. The truth is MemorySaver fed the same records and pruned
 * the same way. A prune touches only the checkpoints its plan names: the other thread's rows and the
 * survivors' untouched columns stay byte for byte.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { newCheckpointId } from "../../checkpoint/ids.ts";
import { MemorySaver } from "../../checkpoint/memory.ts";
import type { Checkpointer, CheckpointRecord } from "../../checkpoint/types.ts";
import { SqliteSaver } from "./saver.ts";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function newFile(): string {
  const folder = mkdtempSync(join(tmpdir(), "chronograph-prune-"));
  folders.push(folder);
  return join(folder, "checkpoints.db");
}

let clock = 1_700_000_000_000;
function record(threadId: string, parentId: string | null, step: number): CheckpointRecord {
  const checkpointId = newCheckpointId();
  clock += 1;
  return {
    threadId,
    checkpointId,
    parentId,
    step,
    source: "loop",
    createdAt: clock,
    versions: { counter: checkpointId },
    tasks: [{ id: `next-${step}`, node: "next" }],
    writes: { work: { counter: step } },
    breakpoint: null,
    graph: { name: "prune-test", hash: "h" },
  };
}

/** What the app reads of a thread: each checkpoint (newest first) with its parent and whether it has children, and the summary's counts. */
async function shape(saver: Checkpointer, threadId: string) {
  const tuples = await saver.list(threadId);
  const rows = [];
  for (const tuple of tuples) rows.push([tuple.record.checkpointId, tuple.record.parentId, await saver.hasChildren(threadId, tuple.record.checkpointId), tuple.values["counter"]]);
  const summary = (await saver.listThreads()).find((thread) => thread.threadId === threadId)!;
  return { rows, checkpointCount: summary.checkpointCount, branchCount: summary.branchCount, head: summary.headCheckpointId };
}

/**
 * One thread with a fork from the root (a leaf), a fork in the middle and a long main line, written with
 * every kind of put: extending the head, a child of a non-head checkpoint, a fork of a counted parent.
 */
function forkedThread(threadId: string): CheckpointRecord[] {
  const r0 = record(threadId, null, 0);
  const a1 = record(threadId, r0.checkpointId, 1);
  const b1 = record(threadId, r0.checkpointId, 1);
  const a2 = record(threadId, a1.checkpointId, 2);
  const a3 = record(threadId, a2.checkpointId, 3);
  const c3 = record(threadId, a2.checkpointId, 3);
  const a4 = record(threadId, a3.checkpointId, 4);
  const c4 = record(threadId, c3.checkpointId, 4);
  const c5 = record(threadId, c4.checkpointId, 5);
  return [r0, a1, b1, a2, a3, c3, a4, c4, c5];
}

describe("SqliteSaver prune", () => {
  it.each([1, 3, 5])("keeps hasChildren, checkpoint and branch counts as MemorySaver does (keepLast %i), also for a put after it", async (keepLast) => {
    const file = newFile();
    const sqlite = SqliteSaver.open(file);
    const memory = new MemorySaver();
    const records = forkedThread("t");
    for (const saver of [sqlite, memory] as Checkpointer[]) for (const rec of records) await saver.put(rec, [{ channel: "counter", kind: "full", value: rec.step }]);
    expect(await shape(sqlite, "t")).toEqual(await shape(memory, "t"));

    const removed = await sqlite.prune({ keepLast });
    expect(removed).toEqual(await memory.prune({ keepLast }));
    expect(removed.removed).toBeGreaterThan(0);
    expect(await shape(sqlite, "t")).toEqual(await shape(memory, "t"));

    // A fork from the oldest survivor that is not the head, then the head extended.
    const survivors = await memory.list("t");
    const oldest = survivors[survivors.length - 1]!.record;
    const fork = record("t", oldest.checkpointId, oldest.step + 1);
    const next = record("t", fork.checkpointId, oldest.step + 2);
    for (const saver of [sqlite, memory] as Checkpointer[]) for (const rec of [fork, next]) await saver.put(rec, [{ channel: "counter", kind: "full", value: rec.step }]);
    expect(await shape(sqlite, "t")).toEqual(await shape(memory, "t"));
    await sqlite.close();
  });

  it("changes nothing outside its plan: another thread's rows and the survivors' other columns stay as they were", async () => {
    const file = newFile();
    const sqlite = SqliteSaver.open(file);
    const pruned = forkedThread("t");
    const kept = forkedThread("other").slice(0, 2);
    for (const rec of [...pruned, ...kept]) await sqlite.put(rec, [{ channel: "counter", kind: "full", value: rec.step }]);
    await sqlite.close();
    const read = () => {
      const db = new Database(file, { readonly: true });
      try {
        return {
          other: db.prepare("SELECT * FROM checkpoints WHERE thread_id = 'other' ORDER BY seq").all(),
          otherThread: db.prepare("SELECT * FROM threads WHERE thread_id = 'other'").get(),
          survivors: db.prepare("SELECT seq, checkpoint_id, step, source, created_at, tasks, writes, interrupt, graph_name, graph_hash, durations FROM checkpoints WHERE thread_id = 't' ORDER BY seq").all() as { checkpoint_id: string }[],
        };
      } finally {
        db.close();
      }
    };
    const before = read();
    const saver = SqliteSaver.open(file);
    // keepLast 2 protects all of "other" (two checkpoints) and prunes "t".
    expect((await saver.prune({ keepLast: 2 })).removed).toBeGreaterThan(0);
    await saver.close();
    const after = read();
    expect(after.other).toEqual(before.other);
    expect(after.otherThread).toEqual(before.otherThread);
    const left = new Set(after.survivors.map((row) => row.checkpoint_id));
    expect(after.survivors).toEqual(before.survivors.filter((row) => left.has(row.checkpoint_id)));
  });
});
