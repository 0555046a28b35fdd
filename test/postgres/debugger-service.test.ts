/**
 * The debugger service on a postgres:// URL holding LangGraph's PostgresSaver tables: it opens the way a
 * file does (read-only, the password never in what it shows or remembers), sees new checkpoints written
 * by another process's LangGraph.js run (live view), refuses a bad edit with one clear line, and writes nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import type { DatabaseChange } from "../../core/api/types.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { essayGraph } from "../interop/langgraph-graphs.ts";
import { langGraphSchema, type LangGraphSchema } from "./debugger-langgraph-schema.ts";
import { postgresUrl } from "./server.ts";

async function rowCounts(schema: string): Promise<unknown> {
  const client = new Pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of ["checkpoints", "checkpoint_blobs", "checkpoint_writes", "checkpoint_migrations"]) {
      counts[table] = Number((await client.query(`SELECT COUNT(*) AS n FROM "${schema}".${table}`)).rows[0].n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

describe("the debugger service on LangGraph's PostgreSQL tables", () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-pg-service-"));
  let pg: LangGraphSchema;
  beforeAll(async () => {
    pg = await langGraphSchema("svc");
  });
  afterAll(async () => {
    await pg.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("opens read-only, shows new checkpoints from another writer, refuses a bad edit in one line, writes nothing", async () => {
    const graph = essayGraph(pg.saver as never);
    await graph.invoke({ title: "Postgres" }, { configurable: { thread_id: "essay-1" } });
    const service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 50 });
    const client = createClient(createInMemoryTransport(service));
    const changes: DatabaseChange[] = [];
    service.on("onDatabaseChanged", (change) => void changes.push(change));
    try {
      const info = await client.openDatabase({ path: pg.url });
      const password = new URL(postgresUrl()).password;
      expect(info).toMatchObject({ kind: "langgraph-js", readOnly: true, threadCount: 1, canRun: false });
      expect(info.path).not.toContain(password);
      expect(info.path).toContain(`schema=${pg.schema}`);
      const timeline = await client.getTimeline({ threadId: "essay-1", namespace: "" });
      expect(timeline.map((entry) => entry.writers.join())).toEqual(["polish", "write", "outline", "__start__", "__input__"]);
      const head = await client.getCheckpoint({ threadId: "essay-1", namespace: "", checkpointId: timeline[0]!.checkpointId });
      expect(head.values).toMatchObject({ title: "Postgres", edits: 2 });
      const before = await rowCounts(pg.schema);

      await expect(client.updateState({ threadId: "essay-1", namespace: "", checkpointId: timeline[0]!.checkpointId, values: { title: "x" }, asNode: "nowhere" })).rejects.toThrow(
        /^Cannot edit as node "nowhere": thread "essay-1" of ".*" shows no such node \(nodes: /,
      );
      expect(await rowCounts(pg.schema)).toEqual(before);

      // Another process (here: LangGraph.js through its own pool) writes a new thread; the open session notices.
      await graph.invoke({ title: "Live" }, { configurable: { thread_id: "essay-2" } });
      await expect.poll(() => changes.some((change) => change.threadIds.includes("essay-2")), { timeout: 10_000 }).toBe(true);
      expect((await client.listThreads({})).rows.map((row) => row.threadId).sort()).toEqual(["essay-1", "essay-2"]);
      const recent = readFileSync(join(dir, "config", "recent-files.json"), "utf8");
      expect(recent).not.toContain(password);
    } finally {
      await service.close();
    }
  });
});
