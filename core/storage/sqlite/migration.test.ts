/**
 * Upgrading checkpoint databases written at schema versions 1, 2 and 3 (test/fixtures/sqlite-v1 to
 * sqlite-v3, each written by that version's code; their generate.ts say how). A read-only open reads
 * each as it is; a writable open (the first write) upgrades it without rewriting a row (version 2 dropped
 * an index; version 3 only stops counting children of the head; version 4 adds the empty thread_lag), and every checkpoint, value, pending
 * write, thread summary and hasChildren answer reads back as the old code read it, in the same order.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { END, START, StateGraph, lastValue } from "../../index.ts";
import { SqliteSaver } from "./saver.ts";
import { SCHEMA_VERSION } from "./schema.ts";

interface Expected {
  threads: Array<{ threadId: string; checkpointCount: number; branchCount: number }>;
  histories: Record<string, Array<{ record: { checkpointId: string } }>>;
}
const fixtures = [1, 2, 3].map((version) => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), `../../../test/fixtures/sqlite-v${version}`);
  return { version, dir, expected: JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected };
});
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function copyOfFixture(fixtureDir: string): string {
  const folder = mkdtempSync(join(tmpdir(), "chronograph-migration-"));
  folders.push(folder);
  const file = join(folder, "checkpoints.db");
  copyFileSync(join(fixtureDir, "checkpoints.db"), file);
  return file;
}

/** Everything stored, as raw rows in insertion order, and the schema's version and indexes. */
function rawContents(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const rows = (table: string, order: string) => db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).raw().all();
    return {
      version: db.prepare("SELECT version FROM schema_version").pluck().get(),
      indexes: db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").pluck().all(),
      tables: db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all(),
      /** Whether each checkpoint (thread, id) has children: counted (every child before version 3), or naming it as parent. */
      parents: db
        .prepare(
          `SELECT thread_id, checkpoint_id, child_count > 0 OR EXISTS (SELECT 1 FROM checkpoints AS child WHERE child.thread_id = p.thread_id AND child.parent_id = p.checkpoint_id) AS has_children
           FROM checkpoints AS p ORDER BY seq`,
        )
        .all() as Array<{
        thread_id: string;
        checkpoint_id: string;
        has_children: number;
      }>,
      data: {
        checkpoints: rows("checkpoints", "seq"),
        blobs: rows("blobs", "id"),
        writes: rows("writes", "thread_id, checkpoint_id, seq"),
        threads: rows("threads", "thread_id"),
        graphs: rows("graphs", "hash"),
      },
    };
  } finally {
    db.close();
  }
}

describe.each(fixtures)("a checkpoint database written at schema version $version", ({ version, dir, expected }) => {
  async function expectReadsAsWritten(saver: SqliteSaver, parents: ReturnType<typeof rawContents>["parents"]): Promise<void> {
    expect(plain(await saver.listThreads())).toEqual(expected.threads);
    for (const { threadId } of expected.threads) {
      expect(plain(await saver.list(threadId)), `history of thread "${threadId}"`).toEqual(expected.histories[threadId]);
      for (const tuple of expected.histories[threadId]!) {
        expect(plain(await saver.getTuple(threadId, tuple.record.checkpointId))).toEqual(tuple);
      }
    }
    const answers = [];
    for (const parent of parents) answers.push((await saver.hasChildren(parent.thread_id, parent.checkpoint_id)) ? 1 : 0);
    expect(answers).toEqual(parents.map((parent) => parent.has_children));
  }

  it("fixture: holds every kind of row (branches, deltas, a large value, a pending write) at its version", () => {
    const { version: stored, indexes, data, parents } = rawContents(copyOfFixture(dir));
    expect(stored).toBe(version);
    expect(indexes.includes("checkpoints_by_thread")).toBe(version === 1);
    expect(data.blobs.length).toBeGreaterThan(0);
    expect(data.writes.length).toBeGreaterThan(0);
    expect(parents.filter((parent) => parent.has_children === 0).length).toBeGreaterThan(expected.threads.length);
    expect(expected.threads.find((thread) => thread.threadId === "chat")?.branchCount).toBe(2);
    expect(expected.threads.map((thread) => thread.threadId).sort()).toEqual(["chat", "count-1", "count-2", "count-3", "failing", "paused"]);
  });

  it("reads as it is through a read-only open, which leaves the file byte for byte unchanged", async () => {
    const file = copyOfFixture(dir);
    const bytes = readFileSync(file);
    const { parents } = rawContents(file);
    const saver = SqliteSaver.open(file, { readonly: true });
    await expectReadsAsWritten(saver, parents);
    await saver.close();
    expect(rawContents(file).version).toBe(version);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it("is upgraded by a writable open, which rewrites no row (version 2 drops the thread-only index, version 4 adds thread_lag)", async () => {
    const file = copyOfFixture(dir);
    const before = rawContents(file);
    const saver = SqliteSaver.open(file);
    await expectReadsAsWritten(saver, before.parents);
    await saver.close();
    const after = rawContents(file);
    expect(after.version).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(4);
    expect(after.indexes).toEqual(before.indexes.filter((name) => name !== "checkpoints_by_thread"));
    expect(before.tables.includes("thread_lag")).toBe(false);
    expect(after.tables).toEqual([...before.tables, "thread_lag"].sort());
    expect(after.data).toEqual(before.data);
  });

  it("keeps a reader that opened it read-only reading while a writer upgrades it, appends and forks", async () => {
    const file = copyOfFixture(dir);
    const reader = SqliteSaver.open(file, { readonly: true });
    expect(plain(await reader.list("count-1"))).toEqual(expected.histories["count-1"]);

    const writer = SqliteSaver.open(file);
    const counter = new StateGraph<{ n: number }>({ name: "fixture-counter", channels: { n: lastValue(0) } })
      .addNode("inc", (state) => ({ n: state.n + 1 }))
      .addEdge(START, "inc")
      .addConditionalEdges("inc", (state) => (state.n >= 25 ? END : "inc"), ["inc", END])
      .compile({ checkpointer: writer });
    const old = expected.histories["count-1"]!;
    const head = old[0]!.record.checkpointId;
    const update = await counter.updateState({ threadId: "count-1", checkpointId: head }, { n: 22 }, { asNode: "inc" });
    expect((await counter.invoke(null, { threadId: "count-1" })).n).toBe(25);

    const history = (await reader.list("count-1")) as Array<{ record: { checkpointId: string; parentId: string | null }; values: { n?: number } }>;
    const added = history.length - old.length;
    expect(added).toBe(4);
    // The new checkpoints come first, newest first, and the old history follows unchanged.
    expect(history.slice(0, added).map((tuple) => tuple.values.n)).toEqual([25, 24, 23, 22]);
    expect(history[added - 1]!.record.checkpointId).toBe(update.checkpointId);
    expect(history[added - 1]!.record.parentId).toBe(head);
    expect(plain(history.slice(added))).toEqual(old);
    // The old head now has a child (not counted: it extended the head), the new head none.
    expect(await reader.hasChildren("count-1", head)).toBe(true);
    expect(await reader.hasChildren("count-1", history[0]!.record.checkpointId)).toBe(false);

    // Forks from an old checkpoint with a counted child and from a new one with an uncounted child: two more leaves.
    const { branchCount } = expected.threads.find((thread) => thread.threadId === "count-1")!;
    await counter.updateState({ threadId: "count-1", checkpointId: old[5]!.record.checkpointId }, { n: 100 }, { asNode: "inc" });
    await counter.updateState({ threadId: "count-1", checkpointId: history[2]!.record.checkpointId }, { n: 200 }, { asNode: "inc" });
    const thread = (await reader.listThreads()).find((row) => row.threadId === "count-1");
    expect(thread).toMatchObject({ checkpointCount: old.length + added + 2, branchCount: branchCount + 2 });
    await reader.close();
    await writer.close();
    expect(rawContents(file).version).toBe(SCHEMA_VERSION);
  });
});
