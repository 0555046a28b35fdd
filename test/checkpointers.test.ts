/**
 * Every checkpointer runs the conformance suite; the SQLite store also proves what only a file can
 * promise: private file mode, WAL and sync settings, read-only opens, clear errors for the wrong file,
 * several connections on one file, crash safety, and a growing list costing about its own bytes per step.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChronographError, type ErrorCode } from "../core/api/errors.ts";
import { MemorySaver } from "../core/checkpoint/memory.ts";
import type { CheckpointRecord } from "../core/checkpoint/types.ts";
import { SCHEMA_VERSION, SqliteSaver } from "../core/storage/sqlite/index.ts";
import { PostgresSaver } from "../core/storage/postgres/index.ts";
import { describeCheckpointer } from "./checkpointer-conformance.ts";
import { record } from "./support/records.ts";
import { dropSchema, freshSchema, postgresUrl } from "./postgres/server.ts";

describeCheckpointer("MemorySaver", async () => ({ saver: new MemorySaver(), cleanup: async () => {} }));

describeCheckpointer("SqliteSaver", async () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-conformance-"));
  const file = join(dir, "checkpoints.db");
  let saver = SqliteSaver.open(file);
  return {
    saver,
    reopen: async () => {
      await saver.close();
      saver = SqliteSaver.open(file);
      return saver;
    },
    cleanup: async () => {
      await saver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeCheckpointer("PostgresSaver", async () => {
  const schema = freshSchema();
  let saver = await PostgresSaver.open(postgresUrl(), { schema });
  return {
    saver,
    reopen: async () => {
      await saver.close();
      saver = await PostgresSaver.open(postgresUrl(), { schema });
      return saver;
    },
    cleanup: async () => {
      await saver.close();
      await dropSchema(schema);
    },
  };
});

/** The W2 benchmark message: about 1,070 bytes as JSON. */
function message(i: number): { id: string; role: string; content: string } {
  const alphabet = "abcdefghijklmnopqrstuvwxyz     ";
  let x = (i * 2654435761 + 12345) >>> 0;
  let content = "";
  for (let j = 0; j < 1024; j += 1) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    content += alphabet[x % 31];
  }
  return { id: `m${String(i).padStart(4, "0")}`, role: i % 2 === 0 ? "assistant" : "tool", content };
}

/** Append one message per step as a by-reference delta, as the engine does for an append channel. */
async function growMessages(saver: SqliteSaver, threadId: string, steps: number, from: CheckpointRecord | null = null): Promise<CheckpointRecord> {
  let parent = from;
  for (let i = 0; i < steps; i += 1) {
    const item = message(i);
    const next = record(threadId, parent, { agent: { messages: [item] } }, ["messages"]);
    await saver.put(next, [{ channel: "messages", kind: "append", base: parent?.versions.messages ?? null, items: [item], fromWrites: true }]);
    parent = next;
  }
  return parent!;
}

function expectCode(work: () => unknown, code: ErrorCode, mention: string): void {
  let caught: unknown;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ChronographError);
  expect((caught as ChronographError).code).toBe(code);
  expect((caught as ChronographError).message).toContain(mention);
}

async function expectRejects(work: Promise<unknown>, code: ErrorCode, mention: string): Promise<void> {
  const caught = await work.then(() => undefined, (error: unknown) => error);
  expect(caught).toBeInstanceOf(ChronographError);
  expect((caught as ChronographError).code).toBe(code);
  expect((caught as ChronographError).message).toContain(mention);
}

describe("SqliteSaver as a file", () => {
  let dir: string;
  let file: string;
  const open: SqliteSaver[] = [];
  const keep = (saver: SqliteSaver) => (open.push(saver), saver);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "chronograph-sqlite-"));
    file = join(dir, "checkpoints.db");
  });
  afterEach(async () => {
    for (const saver of open.splice(0)) await saver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates a new file readable by its owner only", async () => {
    const saver = keep(SqliteSaver.open(file));
    await growMessages(saver, "t1", 2);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    if (existsSync(`${file}-wal`)) expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
  });

  it("runs in WAL mode with synchronous NORMAL by default and FULL on request", () => {
    expect(keep(SqliteSaver.open(file)).pragmas()).toMatchObject({ journalMode: "wal", synchronous: "NORMAL" });
    const full = keep(SqliteSaver.open(file, { synchronous: "FULL" })).pragmas();
    expect(full).toMatchObject({ journalMode: "wal", synchronous: "FULL" });
    expect(full.pageSize).toBeGreaterThan(0);
  });

  it("records its schema version in the file and refuses a newer one", async () => {
    await keep(SqliteSaver.open(file)).close();
    const raw = new Database(file);
    expect(raw.prepare("SELECT version FROM schema_version").pluck().all()).toEqual([SCHEMA_VERSION]);
    raw.prepare("UPDATE schema_version SET version = ?").run(SCHEMA_VERSION + 1);
    raw.close();
    expectCode(() => SqliteSaver.open(file), "SCHEMA_TOO_NEW", file);
    expectCode(() => SqliteSaver.open(file, { readonly: true }), "SCHEMA_TOO_NEW", file);
  });

  it("opens read-only: reads work, every write is refused naming the file", async () => {
    const writer = keep(SqliteSaver.open(file));
    const head = await growMessages(writer, "t1", 3);
    const reader = keep(SqliteSaver.open(file, { readonly: true }));
    expect(((await reader.getTuple("t1"))?.values.messages as unknown[]).length).toBe(3);
    await expectRejects(reader.put(record("t1", head, null, []), []), "READ_ONLY", file);
    await expectRejects(reader.putWrites("t1", head.checkpointId, []), "READ_ONLY", file);
    await expectRejects(reader.deleteThread("t1"), "READ_ONLY", file);
    await expectRejects(reader.prune({}), "READ_ONLY", file);
    await expectRejects(reader.saveGraph({ name: "g", nodes: [], edges: [], conditional: [], channels: [], interruptBefore: [], interruptAfter: [] }, "h"), "READ_ONLY", file);
    expect((await writer.list("t1")).length).toBe(3);
  });

  it("names the file when it is missing, not a database, or not a checkpoint database", () => {
    expectCode(() => SqliteSaver.open(file, { readonly: true }), "FILE_NOT_FOUND", file);
    expect(existsSync(file)).toBe(false);

    const text = "this is a text file, not a database\n".repeat(200);
    writeFileSync(file, text);
    expectCode(() => SqliteSaver.open(file), "NOT_A_DATABASE", file);
    expectCode(() => SqliteSaver.open(file, { readonly: true }), "NOT_A_DATABASE", file);
    expect(readFileSync(file, "utf8")).toBe(text);

    rmSync(file);
    const raw = new Database(file);
    raw.exec("CREATE TABLE notes (body TEXT)");
    raw.close();
    expectCode(() => SqliteSaver.open(file, { readonly: true }), "NOT_A_CHECKPOINT_DATABASE", file);
    expectCode(() => SqliteSaver.open(file), "NOT_A_CHECKPOINT_DATABASE", file);
    const check = new Database(file);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(["notes"]);
    expect(check.pragma("journal_mode", { simple: true })).toBe("delete");
    check.close();

    const missingFolder = join(dir, "no-such-folder", "checkpoints.db");
    expectCode(() => SqliteSaver.open(missingFolder), "FILE_NOT_FOUND", missingFolder);
    expectCode(() => SqliteSaver.open(dir), "NOT_A_DATABASE", dir);

    const empty = join(dir, "empty.db");
    writeFileSync(empty, "");
    expectCode(() => SqliteSaver.open(empty, { readonly: true }), "NOT_A_CHECKPOINT_DATABASE", empty);
  });

  it("lets a second connection see the first one's writes, both ways", async () => {
    const first = keep(SqliteSaver.open(file));
    const second = keep(SqliteSaver.open(file));
    const head = await growMessages(first, "t1", 5);
    expect((await second.getTuple("t1"))?.record).toEqual(head);
    const next = record("t1", head, { tool: { messages: [message(5)] } }, ["messages"]);
    await second.put(next, [{ channel: "messages", kind: "append", base: head.versions.messages!, items: [message(5)], fromWrites: true }]);
    expect(((await first.getTuple("t1"))?.values.messages as unknown[]).length).toBe(6);
    expect((await first.listThreads())[0]).toMatchObject({ checkpointCount: 6, headCheckpointId: next.checkpointId, writers: ["tool"] });
  });

  it("reports DATABASE_LOCKED naming the file when another writer holds the lock past the timeout", async () => {
    const saver = keep(SqliteSaver.open(file, { busyTimeoutMs: 50 }));
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    try {
      await expectRejects(growMessages(saver, "t1", 1), "DATABASE_LOCKED", file);
    } finally {
      other.exec("COMMIT");
      other.close();
    }
    await growMessages(saver, "t1", 1);
    expect(await saver.list("t1")).toHaveLength(1);
  });

  it("opens an existing file for writing while another connection holds the write lock", async () => {
    await keep(SqliteSaver.open(file)).close();
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    try {
      const saver = keep(SqliteSaver.open(file, { busyTimeoutMs: 50 }));
      expect(await saver.listThreads()).toEqual([]);
    } finally {
      other.exec("COMMIT");
      other.close();
    }
  });

  it("keeps a by-reference delta without a second copy, and keeps the items when they do not match the writes", async () => {
    const saver = keep(SqliteSaver.open(file));
    const head = await growMessages(saver, "t1", 3);
    const wrong = record("t1", head, { agent: { messages: ["what the node wrote"] } }, ["messages"]);
    const items = [message(100)];
    await saver.put(wrong, [{ channel: "messages", kind: "append", base: head.versions.messages!, items, fromWrites: true }]);
    expect(((await saver.getTuple("t1"))?.values.messages as unknown[]).at(-1)).toEqual(message(100));
    const raw = new Database(file, { readonly: true });
    const stored = raw.prepare("SELECT channels FROM checkpoints ORDER BY seq").pluck().all() as string[];
    raw.close();
    const messages = stored.map((json) => (JSON.parse(json) as { messages: { w?: number; i?: unknown[] } }).messages);
    expect(messages.map((blob) => [blob.w, blob.i])).toEqual([
      [1, undefined],
      [1, undefined],
      [1, undefined],
      [undefined, items],
    ]);
    expect(stored.slice(0, 3).every((json) => json.length < 200)).toBe(true);
  });

  it("keeps large values in step with the checkpoints that name them through prune and delete", async () => {
    const saver = keep(SqliteSaver.open(file));
    const storedIds = () => {
      const raw = new Database(file, { readonly: true });
      const named = (raw.prepare("SELECT channels FROM checkpoints").pluck().all() as string[]).flatMap((json) =>
        Object.values(JSON.parse(json) as Record<string, { x?: number }>).flatMap((stored) => (stored.x === undefined ? [] : [stored.x])),
      );
      const rows = raw.prepare("SELECT id FROM blobs ORDER BY id").pluck().all() as number[];
      raw.close();
      return { named: [...new Set(named)].sort((a, b) => a - b), rows };
    };
    let parent: CheckpointRecord | null = null;
    let fork: CheckpointRecord | null = null;
    for (let i = 0; i < 12; i += 1) {
      const document = `${i}:`.padEnd(3000 + i, "d");
      const items = [`${i}:`.padEnd(2500, "i")];
      const next = record("t1", i === 8 ? fork : parent, { agent: { document, log: items } }, ["document", "log"]);
      await saver.put(next, [
        { channel: "document", kind: "full", value: document },
        { channel: "log", kind: "append", base: (i === 8 ? fork : parent)?.versions.log ?? null, items, fromWrites: false },
      ]);
      if (i === 4) fork = next;
      parent = next;
    }
    const before = new Map((await saver.list("t1")).map((tuple) => [tuple.record.checkpointId, tuple.values]));
    // The log's items fill the blobs table; each document is its step's own write, kept there once (by reference).
    expect(storedIds().rows.length).toBeGreaterThanOrEqual(12);
    expect(storedIds().named).toEqual(storedIds().rows);
    expect((await saver.prune({ keepLast: 2 })).removed).toBeGreaterThan(0);
    const after = await saver.list("t1");
    for (const tuple of after) expect(tuple.values).toEqual(before.get(tuple.record.checkpointId));
    expect(storedIds().named).toEqual(storedIds().rows);
    await saver.deleteThread("t1");
    const raw = new Database(file, { readonly: true });
    const counts = ["checkpoints", "blobs", "writes", "threads"].map((table) => raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
    raw.close();
    expect(counts).toEqual([0, 0, 0, 0]);
  });

  it("fails naming the file once closed", async () => {
    const saver = SqliteSaver.open(file);
    await saver.close();
    await saver.close();
    await expectRejects(saver.getTuple("t1"), "INVALID_ARGUMENT", file);
    await expectRejects(growMessages(saver, "t1", 1), "INVALID_ARGUMENT", file);
  });

  it("stores a list that grows by one ~1,070-byte message per step in under 2 KB per step", async () => {
    const saver = keep(SqliteSaver.open(file));
    const head = await growMessages(saver, "w2", 500);
    saver.walCheckpoint();
    const bytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
    expect(bytes / 500).toBeLessThan(2048);
    const messages = (await saver.getTuple("w2", head.checkpointId))?.values.messages as unknown[];
    expect(messages).toHaveLength(500);
    expect([messages[0], messages[250], messages[499]]).toEqual([message(0), message(250), message(499)]);
    const history = await saver.list("w2");
    expect(history.map((tuple) => (tuple.values.messages as unknown[]).length)).toEqual(Array.from({ length: 500 }, (_, i) => 500 - i));
    const page = await saver.list("w2", { limit: 3 });
    expect(page.map((tuple) => tuple.values)).toEqual(history.slice(0, 3).map((tuple) => tuple.values));
  });

  it("leaves every committed checkpoint whole when the writing process is killed mid-run", async () => {
    const saverModule = fileURLToPath(new URL("../core/storage/sqlite/index.ts", import.meta.url));
    const script = `
      import { SqliteSaver } from ${JSON.stringify(saverModule)};
      const saver = SqliteSaver.open(${JSON.stringify(file)});
      let parent = null;
      for (let i = 0; ; i += 1) {
        const id = "c" + String(i).padStart(8, "0");
        const item = { i, text: "x".repeat(200 + (i % 50)) };
        const versions = { messages: id, count: id };
        await saver.put(
          { threadId: "t1", checkpointId: id, parentId: parent, step: i, source: "loop", createdAt: i, versions, tasks: [], writes: { agent: { messages: [item], count: i } }, breakpoint: null, graph: null },
          [{ channel: "messages", kind: "append", base: parent, items: [item], fromWrites: true }, { channel: "count", kind: "full", value: i }],
        );
        parent = id;
        if (i === 20) process.stdout.write("running\\n");
      }
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once("data", () => resolve());
      child.once("exit", (code) => reject(new Error(`writer exited early with code ${code}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 200));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const saver = keep(SqliteSaver.open(file));
    const history = await saver.list("t1");
    expect(history.length).toBeGreaterThan(20);
    history.forEach((tuple, index) => {
      const step = history.length - 1 - index;
      expect(tuple.record.step).toBe(step);
      expect(tuple.values.count).toBe(step);
      expect((tuple.values.messages as Array<{ i: number }>).map((item) => item.i)).toEqual(Array.from({ length: step + 1 }, (_, i) => i));
    });
    expect((await saver.listThreads())[0]).toMatchObject({ checkpointCount: history.length, headCheckpointId: history[0]!.record.checkpointId });
  });
});
