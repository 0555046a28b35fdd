/**
 * What the debugger offers on PostgreSQL, over the real test server: Chronograph's schema and LangGraph's
 * tables both open for reading. Chronograph's schema is edited through the engine's PostgresSaver (with no
 * code loaded, from its stored graph) and runs once the graph's code is loaded (debugger-runs.test.ts);
 * LangGraph.js's tables are editable (edit-langgraph.test.ts proves the writes) but not runnable.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { END, lastValue, START, StateGraph } from "../../core/index.ts";
import { PostgresSaver } from "../../core/storage/postgres/index.ts";
import { essayGraph } from "../interop/langgraph-graphs.ts";
import { langGraphSchema } from "./debugger-langgraph-schema.ts";
import { dropSchema, freshSchema, postgresUrl } from "./server.ts";

async function countRows(schema: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    return Number((await client.query(`SELECT COUNT(*) AS n FROM "${schema}".${table}`)).rows[0].n);
  } finally {
    await client.end();
  }
}

function withSchema(schema: string): string {
  const url = new URL(postgresUrl());
  url.searchParams.set("schema", schema);
  return url.toString();
}

describe("capabilities of PostgreSQL databases in the debugger", () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-pg-caps-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("Chronograph's schema: editable from its stored graph, runnable only with code loaded (saying so)", async () => {
    const schema = freshSchema("caps");
    const saver = await PostgresSaver.open(postgresUrl(), { schema });
    const graph = new StateGraph<{ n: number }>({ name: "count", channels: { n: lastValue(0) } })
      .addNode("inc", (state: { n: number }) => ({ n: state.n + 1 }))
      .addEdge(START, "inc")
      .addEdge("inc", END)
      .compile({ checkpointer: saver });
    await graph.invoke({ n: 1 }, { threadId: "t1" });
    await saver.close();
    const service = createDebuggerService({ configDir: join(dir, "cg") });
    const client = createClient(createInMemoryTransport(service));
    try {
      const info = await client.openDatabase({ path: withSchema(schema) });
      expect(info).toMatchObject({ kind: "chronograph", readOnly: true, canRun: false, canEdit: true, canEditAsInput: true });
      expect(info.editUnavailableReason).toBeUndefined();
      expect(info.runUnavailableReason).toMatch(/^No graph code is loaded/);
      const timeline = await client.getTimeline({ threadId: "t1", namespace: "" });
      expect(timeline.length).toBeGreaterThan(0);
      const before = await countRows(schema, "checkpoints");
      await expect(client.updateState({ threadId: "t1", namespace: "", checkpointId: timeline[0]!.checkpointId, values: { nope: 9 }, asNode: "inc" })).rejects.toMatchObject({ code: "UNKNOWN_CHANNEL" });
      expect(await countRows(schema, "checkpoints")).toBe(before);
      const { checkpointId } = await client.updateState({ threadId: "t1", namespace: "", checkpointId: timeline[0]!.checkpointId, values: { n: 9 }, asNode: "inc" });
      expect(await countRows(schema, "checkpoints")).toBe(before + 1);
      expect((await client.getCheckpoint({ threadId: "t1", namespace: "", checkpointId })).values).toMatchObject({ n: 9 });
      expect(await client.getDatabase({})).toMatchObject({ readOnly: false });
    } finally {
      await service.close();
      await dropSchema(schema);
    }
  });

  it("remembers the connection without its password and asks for it again on reopening", async () => {
    const lg = await langGraphSchema("capsrecent");
    const service = createDebuggerService({ configDir: join(dir, "recent") });
    const client = createClient(createInMemoryTransport(service));
    try {
      await client.openDatabase({ path: lg.url });
      const [entry] = await client.recentFiles({});
      const password = new URL(postgresUrl()).password;
      expect(entry).toContain(":***@");
      expect(entry).not.toContain(password);
      await expect(client.openDatabase({ path: entry! })).rejects.toMatchObject({ code: "PASSWORD_REQUIRED" });
      const again = new URL(entry!);
      again.password = password;
      expect(await client.openDatabase({ path: again.toString() })).toMatchObject({ kind: "langgraph-js" });
    } finally {
      await service.close();
      await lg.cleanup();
    }
  });

  it("LangGraph.js's tables: readable and editable (in LangGraph.js's format), not runnable", async () => {
    const lg = await langGraphSchema("capslg");
    try {
      await essayGraph(lg.saver as never).invoke({ title: "caps" }, { configurable: { thread_id: "e1" } });
      const service = createDebuggerService({ configDir: join(dir, "lg") });
      const client = createClient(createInMemoryTransport(service));
      try {
        const info = await client.openDatabase({ path: lg.url });
        expect(info).toMatchObject({ kind: "langgraph-js", canRun: false, canEdit: true, canEditAsInput: false });
        expect(info.editUnavailableReason).toBeUndefined();
      } finally {
        await service.close();
      }
    } finally {
      await lg.cleanup();
    }
  });
});
