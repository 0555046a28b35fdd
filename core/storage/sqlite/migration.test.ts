/**
 * Upgrading a checkpoint database written at schema version 1 (test/fixtures/sqlite-v1, written by that
 * version's code; its generate.ts says how). A read-only open reads it as it is; a writable open (the first
 * write) upgrades it by dropping an index, and every checkpoint, value and pending write reads back as
 * version 1's code read it, in the same order.
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

const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), "../../../test/fixtures/sqlite-v1");
const expected = JSON.parse(readFileSync(join(fixtureDir, "expected.json"), "utf8")) as {
  threads: Array<{ threadId: string; checkpointCount: number }>;
  histories: Record<string, Array<{ record: { checkpointId: string } }>>;
};
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function copyOfFixture(): string {
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

async function expectReadsAsVersion1Did(saver: SqliteSaver): Promise<void> {
  expect(plain(await saver.listThreads())).toEqual(expected.threads);
  for (const { threadId } of expected.threads) {
    expect(plain(await saver.list(threadId)), `history of thread "${threadId}"`).toEqual(expected.histories[threadId]);
    for (const tuple of expected.histories[threadId]!) {
      expect(plain(await saver.getTuple(threadId, tuple.record.checkpointId))).toEqual(tuple);
    }
  }
}

describe("a checkpoint database written at schema version 1", () => {
  it("fixture: holds every kind of row (branches, deltas, a large value, a pending write) at version 1", () => {
    const { version, indexes, data } = rawContents(copyOfFixture());
    expect(version).toBe(1);
    expect(indexes).toContain("checkpoints_by_thread");
    expect(data.blobs.length).toBeGreaterThan(0);
    expect(data.writes.length).toBeGreaterThan(0);
    expect(expected.threads.map((thread) => thread.threadId).sort()).toEqual(["chat", "count-1", "count-2", "count-3", "failing", "paused"]);
  });

  it("reads as it is through a read-only open, which leaves the file byte for byte unchanged", async () => {
    const file = copyOfFixture();
    const bytes = readFileSync(file);
    const saver = SqliteSaver.open(file, { readonly: true });
    await expectReadsAsVersion1Did(saver);
    await saver.close();
    expect(rawContents(file).version).toBe(1);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it("is upgraded by a writable open, which drops the thread-only index and rewrites no row", async () => {
    const file = copyOfFixture();
    const before = rawContents(file);
    const saver = SqliteSaver.open(file);
    await expectReadsAsVersion1Did(saver);
    await saver.close();
    const after = rawContents(file);
    expect(after.version).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(2);
    expect(after.indexes).toEqual(before.indexes.filter((name) => name !== "checkpoints_by_thread"));
    expect(after.data).toEqual(before.data);
  });

  it("keeps a reader that opened it read-only reading while a writer upgrades it and appends", async () => {
    const file = copyOfFixture();
    const reader = SqliteSaver.open(file, { readonly: true });
    expect(plain(await reader.list("count-1"))).toEqual(expected.histories["count-1"]);

    const writer = SqliteSaver.open(file);
    const counter = new StateGraph<{ n: number }>({ name: "fixture-counter", channels: { n: lastValue(0) } })
      .addNode("inc", (state) => ({ n: state.n + 1 }))
      .addEdge(START, "inc")
      .addConditionalEdges("inc", (state) => (state.n >= 25 ? END : "inc"), ["inc", END])
      .compile({ checkpointer: writer });
    const head = expected.histories["count-1"]![0]!.record.checkpointId;
    const update = await counter.updateState({ threadId: "count-1", checkpointId: head }, { n: 22 }, { asNode: "inc" });
    expect((await counter.invoke(null, { threadId: "count-1" })).n).toBe(25);

    const history = (await reader.list("count-1")) as Array<{ record: { checkpointId: string; parentId: string | null }; values: { n?: number } }>;
    const added = history.length - expected.histories["count-1"]!.length;
    expect(added).toBe(4);
    // The new checkpoints come first, newest first, and the old history follows unchanged.
    expect(history.slice(0, added).map((tuple) => tuple.values.n)).toEqual([25, 24, 23, 22]);
    expect(history[added - 1]!.record.checkpointId).toBe(update.checkpointId);
    expect(history[added - 1]!.record.parentId).toBe(head);
    expect(plain(history.slice(added))).toEqual(expected.histories["count-1"]);
    const thread = (await reader.listThreads()).find((row) => row.threadId === "count-1");
    expect(thread?.checkpointCount).toBe(expected.histories["count-1"]!.length + added);
    await reader.close();
    await writer.close();
    expect(rawContents(file).version).toBe(SCHEMA_VERSION);
  });
});
