/**
 * Files in WAL mode: the most recent commits may live only in the `-wal` file beside the database. The
 * read-only reader sees them, and leaves both files exactly as it found them (no checkpoint, no
 * truncation, the WAL still there), while a writable connection would have folded the WAL in. The
 * reader also notices commits by other connections (changeToken) and shows them.
 */
import Database from "better-sqlite3";
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { openRawDatabase } from "../../core/storage/sqlite/raw.ts";
import { checksums, copyFixture, tempDir } from "./helpers.ts";

/** Sorts after every checkpoint id the fixture can hold (ids start with their time), so it is the new head. */
const NEW_ID = "1fffffff-ffff-6fff-8004-000000000001";
const THREAD = { threadId: "essay", namespace: "" };

/** Append a copy of the head under NEW_ID through `db`. */
function appendCheckpoint(db: Database.Database): void {
  const head = db.prepare("SELECT * FROM checkpoints ORDER BY checkpoint_id DESC LIMIT 1").get() as Record<string, unknown>;
  db.prepare("INSERT INTO checkpoints VALUES (?, ?, ?, ?, ?, ?, ?)").run(head.thread_id, head.checkpoint_ns, NEW_ID, head.checkpoint_id, head.type, head.checkpoint, head.metadata);
}

describe("WAL-mode files", () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.cleanup());

  /** A database whose newest commit is only in its -wal file (as if its writer were killed). */
  function walSnapshot(): string {
    const live = copyFixture("fork-update.sqlite", temp.dir);
    const writer = new Database(live);
    writer.pragma("journal_mode = WAL");
    writer.pragma("wal_autocheckpoint = 0");
    appendCheckpoint(writer);
    const snapshot = join(temp.dir, "snapshot.sqlite");
    copyFileSync(live, snapshot);
    copyFileSync(`${live}-wal`, `${snapshot}-wal`);
    writer.close();
    return snapshot;
  }

  it("reads commits that live only in the -wal file, and changes neither file", async () => {
    const file = walSnapshot();
    const before = checksums(file);
    expect(Object.keys(before)).toEqual(["main", "-wal"]);
    const source = await LangGraphSource.open(file);
    const entries = await source.listCheckpoints(THREAD);
    expect(entries[0]!.checkpointId).toBe(NEW_ID);
    expect(entries).toHaveLength(11);
    await source.listCheckpointViews(THREAD);
    await source.close();
    expect(checksums(file)).toEqual(before);
    expect(existsSync(`${file}-wal`)).toBe(true);

    const raw = openRawDatabase(file, { readonly: true });
    expect(raw.all("SELECT checkpoint_id FROM checkpoints WHERE checkpoint_id = ?", NEW_ID)).toHaveLength(1);
    raw.close();
    expect(checksums(file)).toEqual(before);
  });

  it("(control) a writable connection would have checkpointed and removed that WAL", () => {
    const file = walSnapshot();
    const before = checksums(file);
    const writable = new Database(file);
    writable.prepare("SELECT count(*) FROM checkpoints").get();
    writable.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(checksums(file).main).not.toBe(before.main);
  });

  it("notices another connection's commit and shows it", async () => {
    const file = copyFixture("fork-update.sqlite", temp.dir);
    const source = await LangGraphSource.open(file);
    const token = await source.changeToken();
    expect(await source.changeToken()).toBe(token);
    expect(await source.listCheckpoints(THREAD)).toHaveLength(10);
    const other = new Database(file);
    other.pragma("journal_mode = WAL");
    appendCheckpoint(other);
    expect(await source.changeToken()).not.toBe(token);
    expect((await source.listCheckpoints(THREAD))[0]!.checkpointId).toBe(NEW_ID);
    other.close();
    await source.close();
  });
});
