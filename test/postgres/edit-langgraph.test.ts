/**
 * The proof that an edit as node on LangGraph's PostgresSaver tables is written in LangGraph.js's own
 * format: LangGraph.js runs a graph on the test server, the debugger backend (service + client, as the
 * app calls it) edits a checkpoint, then LangGraph.js's own PostgresSaver resumes from the edit and its
 * getState / getStateHistory show the edited values. Every row that existed before is unchanged, and an
 * edit refused writes nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "@langchain/langgraph";
import Pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { openPostgresLangGraphWriter } from "../../core/debugger/postgres-langgraph-writer.ts";
import { PostgresLangGraphWriter } from "../../core/interop/edit/postgres-writer.ts";
import { detectPostgres } from "../../core/storage/postgres/langgraph-reads.ts";
import { LangGraphPgWriter } from "../../core/storage/postgres/langgraph-writes.ts";
import { essayGraph, ticketGraph } from "../interop/langgraph-graphs.ts";
import { langGraphSchema, type LangGraphSchema } from "./debugger-langgraph-schema.ts";
import { postgresUrl } from "./server.ts";

type Rows = Map<string, unknown>;

/** Every row of the three tables, keyed by primary key, as text (JSONB and BYTEA included). */
async function allRows(schema: string): Promise<Rows> {
  const client = new Pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    const rows: Rows = new Map();
    const keys: Record<string, string> = { checkpoints: "checkpoint_id", checkpoint_blobs: "channel, version", checkpoint_writes: "checkpoint_id, task_id, idx" };
    for (const [table, key] of Object.entries(keys)) {
      const result = await client.query(`SELECT row_to_json(t)::text AS row, concat_ws('|', thread_id, checkpoint_ns, ${key.split(", ").join(", ")}) AS key FROM "${schema}".${table} t`);
      for (const row of result.rows as Array<{ key: string; row: string }>) rows.set(`${table}:${row.key}`, row.row);
    }
    return rows;
  } finally {
    await client.end();
  }
}

function expectAppendedOnly(before: Rows, after: Rows): void {
  for (const [key, row] of before) expect(after.get(key), key).toBe(row);
}

describe("edit as node on LangGraph's PostgreSQL tables, resumed by LangGraph.js's PostgresSaver", () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-pg-edit-"));
  let pg: LangGraphSchema;
  beforeAll(async () => {
    pg = await langGraphSchema("edit");
  });
  afterAll(async () => {
    await pg.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("an edit of a past checkpoint through the debugger backend: LangGraph.js resumes with the edited value, nothing existing changes", async () => {
    const graph = essayGraph(pg.saver as never);
    const config = { configurable: { thread_id: "essay" } };
    await graph.invoke({ title: "Tea" }, config);
    const service = createDebuggerService({ configDir: join(dir, "config") });
    const client = createClient(createInMemoryTransport(service));
    try {
      const info = await client.openDatabase({ path: pg.url });
      expect(info).toMatchObject({ kind: "langgraph-js", readOnly: true, canEdit: true });
      const timeline = await client.getTimeline({ threadId: "essay", namespace: "" });
      const outlined = timeline.find((entry) => entry.writers.join() === "outline")!;
      const before = await allRows(pg.schema);

      // The main line stored "sections" (and later channels) at versions a naive next version would reuse (LangGraph.js issue #1812).
      const sections = ["Origins", "Brewing"];
      const request = { threadId: "essay", namespace: "", checkpointId: outlined.checkpointId, values: { sections }, asNode: "outline" };
      expect(await client.previewUpdate(request)).toEqual({ next: ["write"] });
      expect(await allRows(pg.schema)).toEqual(before);
      const { checkpointId } = await client.updateState(request);
      const after = await allRows(pg.schema);
      expectAppendedOnly(before, after);
      expect(after.size).toBeGreaterThan(before.size);
      expect((await client.getDatabase({}))?.readOnly).toBe(false);

      const edited = await pg.saver.getTuple({ configurable: { thread_id: "essay", checkpoint_ns: "", checkpoint_id: checkpointId } });
      expect(edited?.checkpoint.channel_values.sections).toEqual(sections);
      expect(edited?.metadata).toMatchObject({ source: "update", step: 2, writes: { outline: { sections } } });
      expect(edited?.parentConfig?.configurable?.checkpoint_id).toBe(outlined.checkpointId);
      const head = await graph.getState(config);
      expect(head.config.configurable?.checkpoint_id).toBe(checkpointId);
      expect(head.next).toEqual(["write"]);

      const result = await graph.invoke(null, config);
      expect(result).toEqual({ title: "Tea", sections, body: "1. Origins\n2. Brewing", final: "# Tea\n1. Origins\n2. Brewing", edits: 2 });
      const state = await graph.getState(config);
      expect(state.next).toEqual([]);
      expect(state.values).toMatchObject({ sections, final: "# Tea\n1. Origins\n2. Brewing" });
      const lineage: string[] = [];
      for await (const snapshot of graph.getStateHistory(config)) lineage.push(String(snapshot.config.configurable?.checkpoint_id));
      expect(lineage).toContain(checkpointId);

      // The debugger sees LangGraph.js's continuation on top of the edit.
      const newest = await client.getTimeline({ threadId: "essay", namespace: "" });
      expect(newest[0]!.writers).toEqual(["polish"]);
      expect(newest.find((entry) => entry.checkpointId === checkpointId)).toMatchObject({ source: "update", writers: ["outline"] });
    } finally {
      await service.close();
    }
  });

  it("a value another writer stores meanwhile at the edit's version ends the edit with THREAD_CONFLICT, nothing of it saved", async () => {
    const graph = essayGraph(pg.saver as never);
    await graph.invoke({ title: "Race" }, { configurable: { thread_id: "race" } });
    const head = (await graph.getState({ configurable: { thread_id: "race" } })).config.configurable!.checkpoint_id as string;
    const { reader } = await detectPostgres(pg.url);
    const storage = new LangGraphPgWriter(pg.url, reader);
    const other = new Pg.Client({ connectionString: postgresUrl() });
    await other.connect();
    // A writer that takes no lock (LangGraph.js itself) stores the same (channel, version) just before the edit's insert.
    const writer = new PostgresLangGraphWriter({
      where: reader.where,
      rows: reader,
      transaction: (threadId, namespace, work) =>
        storage.transaction(threadId, namespace, (tx) =>
          work({
            ...tx,
            insert: async (checkpoint, blobs, writes) => {
              const blob = blobs[0]!;
              await other.query(`INSERT INTO "${pg.schema}".checkpoint_blobs (thread_id, checkpoint_ns, channel, version, type, blob) VALUES ($1, '', $2, $3, 'json', $4)`, ["race", blob.channel, blob.version, Buffer.from('"theirs"')]);
              await tx.insert(checkpoint, blobs, writes);
            },
          }),
        ),
      close: async () => {
        await storage.close();
        await reader.close();
      },
    });
    try {
      const before = (await allRows(pg.schema)).size;
      await expect(writer.updateState({ threadId: "race", namespace: "" }, head, { final: "ours" }, "polish")).rejects.toMatchObject({
        code: "THREAD_CONFLICT",
        message: expect.stringMatching(/^Another writer stored rows of thread "race" in postgres(ql)?:\/\/[^ ]*\*\*\*@.*nothing of the edit was saved/),
      });
      // Only the other writer's row was added.
      expect((await allRows(pg.schema)).size).toBe(before + 1);
    } finally {
      await writer.close();
      await other.end();
    }
  });

  it("an edit as the interrupted node answers the interrupt, and a refused edit writes nothing", async () => {
    const graph = ticketGraph(pg.saver as never);
    // Another thread of the same graph got past the review: "publish" is a node of the graph, though not yet of this thread.
    const done = { configurable: { thread_id: "ticket-done" } };
    await graph.invoke({ request: "late parcel" }, done);
    await graph.invoke(new Command({ resume: { approved: true, comment: "" } }), done);
    const config = { configurable: { thread_id: "ticket" } };
    await graph.invoke({ request: "wrong colour" }, config);
    expect((await graph.getState(config)).next).toEqual(["review"]);
    const head = (await graph.getState(config)).config.configurable!.checkpoint_id as string;
    const writer = await openPostgresLangGraphWriter(pg.url);
    try {
      const thread = { threadId: "ticket", namespace: "" };
      const before = await allRows(pg.schema);
      await expect(writer.updateState(thread, head, { nonsense: 1 }, "review", { goto: ["publish"] })).rejects.toThrow(/Channel "nonsense" does not exist in thread "ticket"/);
      await expect(writer.updateState(thread, head, { decision: { approved: true, comment: "" } }, "nowhere", { goto: ["publish"] })).rejects.toThrow(/Node "nowhere" does not appear/);
      expect(await allRows(pg.schema)).toEqual(before);
      expect(writer.path).not.toContain(new URL(postgresUrl()).password || "\u0000");

      const decision = { approved: true, comment: "edited in Chronograph" };
      const { next } = await writer.updateState(thread, head, { decision }, "review", { goto: ["publish"] });
      expect(next).toEqual(["publish"]);
      expectAppendedOnly(before, await allRows(pg.schema));
    } finally {
      await writer.close();
    }
    expect((await graph.getState(config)).next).toEqual(["publish"]);
    const result = await graph.invoke(null, config);
    const reply = 'Dear customer, regarding "wrong colour": we will refund you.';
    expect(result).toEqual({ request: "wrong colour", reply, revision: 0, decision: { approved: true, comment: "edited in Chronograph" }, published: `SENT: ${reply}` });
  });
});
