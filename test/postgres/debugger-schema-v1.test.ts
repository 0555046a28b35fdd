/**
 * The debugger on Chronograph's schema at version 1 (workers still on the previous Chronograph): it opens and
 * reads it as it is, without the `writes_z` column version 2 added, and writes nothing (the version stays 1);
 * the engine's writable saver (what edits and runs write through) upgrades it, the debugger reads on, and
 * workers of the previous version can still write.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import { openHistorySource } from "../../core/debugger/sources.ts";
import { append, END, lastValue, START, StateGraph } from "../../core/index.ts";
import { openPool } from "../../core/storage/postgres/connection.ts";
import { PostgresSaver, SCHEMA_VERSION } from "../../core/storage/postgres/index.ts";
import { writesColumn, writesText } from "../../core/storage/postgres/compress.ts";
import { migrate } from "../../core/storage/postgres/schema.ts";
import { dropSchema, freshSchema, postgresUrl, sql } from "./server.ts";

const urlOf = (schema: string) => `${postgresUrl()}${postgresUrl().includes("?") ? "&" : "?"}schema=${schema}`;

function review(saver: PostgresSaver) {
  return new StateGraph<{ log: string[]; verdict: string }>({ name: "review", channels: { log: append<string>(), verdict: lastValue("") } })
    .addNode("draft", () => ({ log: ["drafted ".repeat(60)] }))
    .addNode("check", (state: { log: string[] }) => ({ log: ["checked"], verdict: `ok after ${state.log.length}` }))
    .addEdge(START, "draft")
    .addEdge("draft", "check")
    .addEdge("check", END)
    .compile({ checkpointer: saver, interruptBefore: ["check"] });
}

/** Threads, every checkpoint view (values, writes, pending) and graph a source shows. */
async function shown(source: HistorySource): Promise<unknown> {
  const out = [];
  for (const row of (await source.listThreads()).sort((a, b) => (a.threadId < b.threadId ? -1 : 1))) {
    out.push({ row, views: await source.listCheckpointViews(row), graph: await source.getGraph(row) });
  }
  return out;
}

describe("the debugger on a version-1 Chronograph schema in PostgreSQL", () => {
  const current = freshSchema("v2");
  const old = freshSchema("v1");
  afterAll(async () => {
    await dropSchema(current);
    await dropSchema(old);
  });

  it("reads it as it is, writes nothing, and a writable engine saver upgrades it", async () => {
    // Threads written by this version (a large update is deflated into writes_z)...
    const writer = await PostgresSaver.open(postgresUrl(), { schema: current });
    const graph = review(writer);
    await graph.invoke({ log: ["start"] }, { threadId: "t1" });
    await graph.invoke(null, { threadId: "t1" });
    await graph.invoke({ log: ["other"] }, { threadId: "t2" });
    await writer.close();
    expect((await sql(`SELECT count(*)::int AS n FROM "${current}".checkpoints WHERE writes_z IS NOT NULL`)).rows[0].n).toBeGreaterThan(0);

    // ...copied row for row into a version-1 schema, as a worker of the previous version stores them.
    const { pool } = openPool(postgresUrl(), { schema: old });
    try {
      await migrate(pool, old, "test", 1);
      const rows = await pool.query(`SELECT seq, thread_id, checkpoint_id, parent_id, step, source, created_at, meta, ${writesColumn("c")} AS writes, channels FROM "${current}".checkpoints c ORDER BY seq`);
      for (const row of rows.rows) {
        await pool.query(`INSERT INTO "${old}".checkpoints (seq, thread_id, checkpoint_id, parent_id, step, source, created_at, meta, writes, channels) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
          row.seq, row.thread_id, row.checkpoint_id, row.parent_id, row.step, row.source, row.created_at, row.meta, writesText(row.writes), row.channels,
        ]);
      }
      await pool.query(`SELECT setval(pg_get_serial_sequence('"${old}".checkpoints', 'seq'), (SELECT max(seq) FROM "${old}".checkpoints))`);
      for (const table of ["blobs", "writes", "threads", "graphs", "leaves"]) await pool.query(`INSERT INTO "${old}".${table} SELECT * FROM "${current}".${table}`);
    } finally {
      await pool.end();
    }
    const columns = `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = '${old}' AND table_name = 'checkpoints' AND column_name = 'writes_z'`;
    expect((await sql(columns)).rows[0].n).toBe(0);

    const expected = await openHistorySource(urlOf(current));
    const expectedShown = await shown(expected);
    await expected.close();

    const source = await openHistorySource(urlOf(old));
    try {
      expect(source.kind).toBe("chronograph");
      const rows = await source.listThreads();
      expect(rows.map((row) => [row.threadId, row.status]).sort()).toEqual([["t1", "done"], ["t2", "interrupted"]]);
      const [head] = await source.listCheckpointViews({ threadId: "t1", namespace: "" });
      expect(head!.values).toEqual({ log: ["start", "drafted ".repeat(60), "checked"], verdict: "ok after 2" });
      expect(await shown(source)).toEqual(expectedShown);
    } finally {
      await source.close();
    }
    // Opening and browsing wrote nothing: still version 1, no writes_z.
    expect((await sql(`SELECT version FROM "${old}".schema_version`)).rows).toEqual([{ version: 1 }]);
    expect((await sql(columns)).rows[0].n).toBe(0);

    // The engine's writable saver (edits and runs write through it) upgrades the schema, and the debugger reads on.
    const upgrading = await PostgresSaver.open(urlOf(old));
    expect(upgrading.schemaVersion).toBe(SCHEMA_VERSION);
    await review(upgrading).invoke(null, { threadId: "t2" });
    await upgrading.close();
    expect((await sql(`SELECT version FROM "${old}".schema_version`)).rows).toEqual([{ version: SCHEMA_VERSION }]);
    const after = await openHistorySource(urlOf(old));
    try {
      expect((await after.listThreads()).map((row) => [row.threadId, row.status]).sort()).toEqual([["t1", "done"], ["t2", "done"]]);
      const [t2] = await after.listCheckpointViews({ threadId: "t2", namespace: "" });
      expect(t2!.values).toEqual({ log: ["other", "drafted ".repeat(60), "checked"], verdict: "ok after 2" });
    } finally {
      await after.close();
    }
    // A worker still on version 1 keeps writing after the upgrade: its 14-argument put_checkpoint is still there.
    await sql(`SELECT "${old}".put_checkpoint('t3', 'c1', NULL, -1, 'input', 0, '{}', NULL, '{}', NULL, NULL, true, NULL, NULL)`);
    expect((await sql(`SELECT count(*)::int AS n FROM "${old}".checkpoints WHERE thread_id = 't3' AND writes_z IS NULL`)).rows).toEqual([{ n: 1 }]);
  });
});
