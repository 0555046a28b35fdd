/**
 * A writer holding its lock does not stall reads: on a WAL file, reads go on while another connection
 * is mid-transaction; on a rollback-journal file whose writer holds the EXCLUSIVE lock, a read answers
 * DATABASE_LOCKED naming the file (after at most READ_BUSY_MS) instead of holding the server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { writeScenario } from "../interop/python-scenario.ts";
import { writeLongThread } from "./long-thread.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-locked-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open() {
  const service = createDebuggerService({ configDir: join(dir, `config-${Math.random()}`), pollIntervalMs: 60_000 });
  return { service, client: createClient(createInMemoryTransport(service)) };
}

it("reads a WAL file while another connection holds its write lock", async () => {
  const file = join(dir, "wal.db");
  await writeLongThread(file, 3);
  const { service, client } = open();
  const writer = new Database(file);
  try {
    await client.openDatabase({ path: file });
    writer.prepare("BEGIN IMMEDIATE").run();
    writer.prepare("UPDATE threads SET step = step").run();
    const timeline = await client.getTimeline({ threadId: "long" });
    expect(timeline.length).toBe(4);
    const view = await client.getCheckpoint({ threadId: "long", checkpointId: timeline[0]!.checkpointId });
    expect(view.values).toMatchObject({ count: 3 });
  } finally {
    if (writer.inTransaction) writer.prepare("ROLLBACK").run();
    writer.close();
    await service.close();
  }
});

it("answers DATABASE_LOCKED naming a rollback-journal file whose writer holds the exclusive lock", async () => {
  const file = join(dir, "journal.sqlite");
  writeScenario(file);
  const { service, client } = open();
  const writer = new Database(file);
  try {
    const [thread] = (await (await client.openDatabase({ path: file }), client.listThreads({}))).rows;
    writer.pragma("locking_mode = EXCLUSIVE");
    writer.prepare("BEGIN EXCLUSIVE").run();
    writer.prepare("UPDATE checkpoints SET checkpoint_ns = checkpoint_ns").run();
    await expect(client.getTimeline({ threadId: thread!.threadId, namespace: thread!.namespace })).rejects.toMatchObject({
      code: "DATABASE_LOCKED",
      message: expect.stringContaining(file),
    });
  } finally {
    if (writer.inTransaction) writer.prepare("ROLLBACK").run();
    writer.close();
    await service.close();
  }
});
