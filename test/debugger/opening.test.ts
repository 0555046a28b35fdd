/**
 * Opening files: clear coded errors for everything that is not a readable checkpoint database, the
 * recent-files list, and live notice of writes by another process.
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { detectKind } from "../../core/interop/index.ts";
import { createFixture, nextChange, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

describe("opening files", () => {
  it("names the file that is missing, not SQLite, or not a checkpoint database", async () => {
    const { client } = fixture.open();
    const missing = join(fixture.dir, "nope.db");
    await expect(client.openDatabase({ path: missing })).rejects.toMatchObject({ code: "FILE_NOT_FOUND", message: expect.stringContaining(missing) });
    const text = join(fixture.dir, "notes.db");
    writeFileSync(text, "these are my notes, not a database\n".repeat(200));
    await expect(client.openDatabase({ path: text })).rejects.toMatchObject({ code: "NOT_A_DATABASE", message: expect.stringContaining(text) });
    const other = join(fixture.dir, "shop.db");
    const shop = new Database(other);
    shop.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)");
    shop.close();
    await expect(client.openDatabase({ path: other })).rejects.toMatchObject({ code: "NOT_A_CHECKPOINT_DATABASE", message: expect.stringMatching(/shop\.db.*orders/) });
    await expect(client.openDatabase({ path: fixture.dir })).rejects.toMatchObject({ code: "NOT_A_DATABASE", message: expect.stringContaining("folder") });
    expect(await client.getDatabase({})).toBeNull();
    expect(await client.recentFiles({})).toEqual([]);
  });

  it("tells LangGraph files apart from ours by their tables", () => {
    const file = join(fixture.dir, "langgraph.db");
    const db = new Database(file);
    db.exec(`CREATE TABLE checkpoints (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, parent_checkpoint_id TEXT, type TEXT, checkpoint BLOB, metadata BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id));
      CREATE TABLE writes (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, task_id TEXT NOT NULL, idx INTEGER NOT NULL, channel TEXT NOT NULL, type TEXT, value BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx));`);
    expect(detectKind(file)).toBe("langgraph-js");
    db.prepare("INSERT INTO checkpoints VALUES ('t', '', 'c1', NULL, 'msgpack', x'00', x'00')").run();
    db.close();
    expect(detectKind(file)).toBe("langgraph-py");
    expect(detectKind(fixture.db)).toBe("chronograph");
  });

  it("reports a database locked by another connection, and still reads one that is only being written", async () => {
    const { client } = fixture.open();
    const exclusive = new Database(fixture.db);
    exclusive.pragma("locking_mode = EXCLUSIVE");
    exclusive.exec("BEGIN EXCLUSIVE");
    try {
      await expect(client.openDatabase({ path: fixture.db })).rejects.toMatchObject({ code: "DATABASE_LOCKED", message: expect.stringContaining(fixture.db) });
    } finally {
      exclusive.exec("ROLLBACK");
      exclusive.close();
    }

    await client.openDatabase({ path: fixture.db });
    const writer = new Database(fixture.db);
    writer.exec("BEGIN IMMEDIATE");
    try {
      expect((await client.listThreads({})).rows.length).toBe(4);
      const [head] = await client.getTimeline({ threadId: "waiting" });
      await expect(client.updateState({ threadId: "waiting", checkpointId: head!.checkpointId, values: { topic: "x" }, asNode: "approve" })).rejects.toMatchObject({
        code: "DATABASE_LOCKED",
        message: expect.stringContaining(fixture.db),
      });
    } finally {
      writer.exec("ROLLBACK");
      writer.close();
    }
  });

  it("keeps recently opened files, newest first, across restarts", async () => {
    const second = join(fixture.dir, "copy.db");
    copyFileSync(fixture.db, second);
    const first = fixture.open();
    await first.client.openDatabase({ path: fixture.db });
    await first.client.openDatabase({ path: second });
    await first.client.openDatabase({ path: fixture.db });
    expect(await first.client.recentFiles({})).toEqual([fixture.db, second]);
    expect(await fixture.open().client.recentFiles({})).toEqual([fixture.db, second]);
  });

  it("announces the newly opened database to listeners", async () => {
    const { client } = fixture.open();
    const changes: unknown[] = [];
    client.on("onDatabaseChanged", (change) => changes.push(change));
    const info = await client.openDatabase({ path: fixture.db });
    expect(changes).toEqual([{ threadIds: [], database: info }]);
  });
});

describe("live changes", () => {
  it("notices threads written by another connection without being asked", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const noticed = nextChange(client, (ids) => ids.includes("live"));
    const saver = SqliteSaver.open(fixture.db);
    try {
      await fixture.graphs.ticker(saver).invoke({ limit: 3 }, { threadId: "live" });
    } finally {
      await saver.close();
    }
    expect(await noticed).toContain("live");
    expect((await client.listThreads({ query: "live" })).rows[0]).toMatchObject({ threadId: "live", status: "done", checkpointCount: 4 });
  });

  it("notices new checkpoints of a thread it already lists", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const noticed = nextChange(client, (ids) => ids.includes("waiting"));
    const saver = SqliteSaver.open(fixture.db);
    try {
      await fixture.graphs.review(saver).updateState({ threadId: "waiting" }, { topic: "from elsewhere" }, { asNode: "approve" });
    } finally {
      await saver.close();
    }
    expect(await noticed).toEqual(["waiting"]);
    expect((await client.getTimeline({ threadId: "waiting" })).length).toBe(3);
  });
});
