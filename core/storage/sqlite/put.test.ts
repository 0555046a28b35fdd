/**
 * The SQLite put path: the thread summary a put keeps (leaves counted without reading the parent back
 * when the put extends the head), the refusals that roll a put back whole, and the JSON columns a put
 * writes (durations with the run id spliced in, plain task lists) reading back as written.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { ChronographError } from "../../api/errors.ts";
import { newCheckpointId } from "../../checkpoint/ids.ts";
import type { ChannelBlob, CheckpointRecord } from "../../checkpoint/types.ts";
import { SqliteSaver } from "./saver.ts";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function newFile(): string {
  const folder = mkdtempSync(join(tmpdir(), "chronograph-put-"));
  folders.push(folder);
  return join(folder, "checkpoints.db");
}

let clock = 1_700_000_000_000;
function record(threadId: string, parentId: string | null, extra: Partial<CheckpointRecord> = {}): CheckpointRecord {
  const checkpointId = newCheckpointId();
  clock += 1;
  return {
    threadId,
    checkpointId,
    parentId,
    step: 0,
    source: "loop",
    createdAt: clock,
    versions: { counter: checkpointId },
    tasks: [{ id: "next", node: "next" }],
    writes: { work: { counter: 1 } },
    breakpoint: null,
    graph: { name: "put-test", hash: "h" },
    ...extra,
  };
}
const counter = (value: unknown): ChannelBlob[] => [{ channel: "counter", kind: "full", value }];

async function summary(saver: SqliteSaver, threadId: string) {
  return (await saver.listThreads()).find((thread) => thread.threadId === threadId)!;
}

describe("SqliteSaver put", () => {
  it("counts leaves: extending the head or any other leaf adds none, a fork from a checkpoint with a child or a second root adds one", async () => {
    const saver = SqliteSaver.open(newFile());
    const root = record("t", null);
    await saver.put(root, counter(0));
    const a = record("t", root.checkpointId);
    await saver.put(a, counter(1)); // extends the head
    expect(await summary(saver, "t")).toMatchObject({ checkpointCount: 2, branchCount: 1, headCheckpointId: a.checkpointId });

    const fork = record("t", root.checkpointId);
    await saver.put(fork, counter(2)); // root already has a child: a new branch
    expect(await summary(saver, "t")).toMatchObject({ checkpointCount: 3, branchCount: 2, headCheckpointId: fork.checkpointId });

    const b = record("t", a.checkpointId);
    await saver.put(b, counter(3)); // a is a leaf but not the head: still no new leaf
    expect(await summary(saver, "t")).toMatchObject({ checkpointCount: 4, branchCount: 2, headCheckpointId: b.checkpointId });

    const forkAgain = record("t", a.checkpointId);
    await saver.put(forkAgain, counter(4)); // a now has a child: a new branch
    const secondRoot = record("t", null);
    await saver.put(secondRoot, counter(5)); // a second root is a leaf of its own
    expect(await summary(saver, "t")).toMatchObject({ checkpointCount: 6, branchCount: 4, headCheckpointId: secondRoot.checkpointId });
    expect(await saver.hasChildren("t", a.checkpointId)).toBe(true);
    expect(await saver.hasChildren("t", b.checkpointId)).toBe(false);
    await saver.close();
  });

  it("answers hasChildren for children of the head whether counted or not: an id sorting before its parent's is counted", async () => {
    const file = newFile();
    const saver = SqliteSaver.open(file);
    const root = record("t", null);
    await saver.put(root, counter(0));
    const early = { ...record("t", root.checkpointId), checkpointId: "0-sorts-before-the-root" };
    await saver.put(early, counter(1));
    const late = record("t", early.checkpointId);
    await saver.put(late, counter(2));
    const leaf = record("t", late.checkpointId);
    await saver.put(leaf, counter(3));
    const other = record("u", null);
    await saver.put(other, counter(4));
    expect(await saver.hasChildren("t", root.checkpointId)).toBe(true);
    expect(await saver.hasChildren("t", early.checkpointId)).toBe(true);
    expect(await saver.hasChildren("t", late.checkpointId)).toBe(true);
    expect(await saver.hasChildren("t", leaf.checkpointId)).toBe(false);
    expect(await saver.hasChildren("u", other.checkpointId)).toBe(false);
    expect(await saver.hasChildren("t", "no-such-checkpoint")).toBe(false);
    // A fork from `early` (its only child extended it as head, uncounted) is a new branch.
    await saver.put(record("t", early.checkpointId), counter(5));
    expect(await summary(saver, "t")).toMatchObject({ checkpointCount: 5, branchCount: 2 });
    await saver.close();
    const db = new Database(file, { readonly: true });
    const counts = db.prepare("SELECT child_count FROM checkpoints WHERE thread_id = 't' ORDER BY seq").pluck().all();
    db.close();
    // Only the child whose id sorts before its parent's, and the fork from a non-head, were counted.
    expect(counts).toEqual([1, 1, 0, 0, 0]);
  });

  it("refuses a missing parent and a taken id, naming them, and leaves nothing of the refused put", async () => {
    const file = newFile();
    const saver = SqliteSaver.open(file);
    const root = record("t", null);
    await saver.put(root, counter(0));
    const orphan = record("t", "no-such-checkpoint");
    await expect(saver.put(orphan, counter(1))).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND", subject: { thread: "t", checkpoint: "no-such-checkpoint" } });
    // A parent in another thread is not a parent.
    await expect(saver.put(record("other", root.checkpointId), counter(1))).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND" });

    const child = record("t", root.checkpointId);
    await saver.put(child, counter(1));
    // A fork from the root (not the head, so its count is raised) under a taken id.
    const again = { ...record("t", root.checkpointId), checkpointId: child.checkpointId };
    const error = (await saver.put(again, counter(2)).catch((caught: unknown) => caught)) as ChronographError;
    expect(error).toMatchObject({ code: "INVALID_ARGUMENT", subject: { thread: "t", checkpoint: child.checkpointId } });
    await saver.close();

    const db = new Database(file, { readonly: true });
    const rows = db.prepare("SELECT checkpoint_id, child_count FROM checkpoints ORDER BY seq").all();
    const threads = db.prepare("SELECT thread_id, checkpoint_count, branch_count FROM threads").all();
    db.close();
    // `child` extended the head, so the root's count stayed 0 (schema version 3); the refused fork raised it
    // inside the rolled-back transaction, which left it at 0.
    expect(rows).toEqual([
      { checkpoint_id: root.checkpointId, child_count: 0 },
      { checkpoint_id: child.checkpointId, child_count: 0 },
    ]);
    expect(threads).toEqual([{ thread_id: "t", checkpoint_count: 2, branch_count: 1 }]);
  });

  it("writes durations with the run id, plain task lists and Send tasks so that they read back as given", async () => {
    const saver = SqliteSaver.open(newFile());
    const withRun = record("t", null, { durations: { work: 1.5, other: 0 }, runId: "run-1" });
    const runOnly = record("t", withRun.checkpointId, { runId: "run-2", tasks: [] });
    const durationsOnly = record("t", runOnly.checkpointId, { durations: { work: 2 }, tasks: [{ id: "send#0", node: "send", send: { arg: { n: 1 } } }] });
    const neither = record("t", durationsOnly.checkpointId, { durations: {}, runId: "run-3", tasks: [{ id: "a", node: "a" }, { id: "b", node: "b" }] });
    for (const [index, written] of [withRun, runOnly, durationsOnly, neither].entries()) await saver.put(written, counter(index));

    const read = async (id: string) => (await saver.getTuple("t", id))!.record;
    expect(await read(withRun.checkpointId)).toMatchObject({ durations: { work: 1.5, other: 0 }, runId: "run-1", tasks: [{ id: "next", node: "next" }] });
    const second = await read(runOnly.checkpointId);
    expect(second).toMatchObject({ runId: "run-2", tasks: [] });
    expect(second.durations).toBeUndefined();
    const third = await read(durationsOnly.checkpointId);
    expect(third).toMatchObject({ durations: { work: 2 }, tasks: [{ id: "send#0", node: "send", send: { arg: { n: 1 } } }] });
    expect(third.runId).toBeUndefined();
    const fourth = await read(neither.checkpointId);
    expect(fourth).toMatchObject({ runId: "run-3", tasks: [{ id: "a", node: "a" }, { id: "b", node: "b" }] });
    expect(fourth.durations).toBeUndefined();
    await saver.close();
  });
});
