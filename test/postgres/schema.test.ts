/**
 * The PostgreSQL schema's versioning: a new schema is created once even when several workers open it
 * at the same moment, a schema written by a newer Chronograph is refused, a schema holding someone
 * else's tables is never touched, and a version-1 schema with history is upgraded in place.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ChronographError } from "../../core/api/errors.ts";
import type { CheckpointRecord } from "../../core/checkpoint/types.ts";
import { writesColumn, writesText } from "../../core/storage/postgres/compress.ts";
import { openPool } from "../../core/storage/postgres/connection.ts";
import { PostgresSaver, SCHEMA_VERSION } from "../../core/storage/postgres/index.ts";
import { migrate } from "../../core/storage/postgres/schema.ts";
import { record } from "../support/records.ts";
import { dropSchema, freshSchema, postgresUrl, sql } from "./server.ts";

describe("PostgresSaver schema migrations", () => {
  const schemas: string[] = [];
  afterEach(async () => {
    for (const schema of schemas.splice(0)) await dropSchema(schema);
  });
  const fresh = () => {
    const schema = freshSchema("m");
    schemas.push(schema);
    return schema;
  };

  it("creates a new schema once when several workers open it at the same moment", async () => {
    const schema = fresh();
    const savers = await Promise.all(Array.from({ length: 4 }, () => PostgresSaver.open(postgresUrl(), { schema })));
    await Promise.all(savers.map((saver) => saver.close()));
    const versions = await sql(`SELECT version FROM "${schema}".schema_version`);
    expect(versions.rows).toEqual([{ version: SCHEMA_VERSION }]);
  });

  it("refuses a schema written by a newer Chronograph, changing nothing", async () => {
    const schema = fresh();
    await (await PostgresSaver.open(postgresUrl(), { schema })).close();
    await sql(`UPDATE "${schema}".schema_version SET version = ${SCHEMA_VERSION + 1}`);
    const caught = await PostgresSaver.open(postgresUrl(), { schema }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(caught).toBeInstanceOf(ChronographError);
    expect((caught as ChronographError).code).toBe("SCHEMA_TOO_NEW");
    expect((caught as ChronographError).message).toContain(schema);
    expect((await sql(`SELECT version FROM "${schema}".schema_version`)).rows).toEqual([{ version: SCHEMA_VERSION + 1 }]);
  });

  it("never writes into a schema that holds someone else's checkpoints table", async () => {
    const schema = fresh();
    await sql(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".checkpoints (thread_id text, checkpoint jsonb)`);
    const caught = await PostgresSaver.open(postgresUrl(), { schema }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((caught as ChronographError).code).toBe("NOT_A_CHECKPOINT_DATABASE");
    const tables = await sql(`SELECT tablename FROM pg_tables WHERE schemaname = '${schema}'`);
    expect(tables.rows).toEqual([{ tablename: "checkpoints" }]);
  });

  it("upgrades a version-1 schema with history in place: its checkpoints read the same, a new large update is stored deflated", async () => {
    // A thread of five 1 KB messages, written by this version into one schema...
    const current = fresh();
    const writer = await PostgresSaver.open(postgresUrl(), { schema: current });
    let parent: CheckpointRecord | null = null;
    const put = async (saver: PostgresSaver, i: number) => {
      const item = { id: `m${i}`, content: `message ${i} `.repeat(90) };
      const next = record("t", parent, { agent: { messages: [item] } }, ["messages"]);
      await saver.put(next, [{ channel: "messages", kind: "append", base: parent?.versions.messages ?? null, items: [item], fromWrites: true }]);
      parent = next;
    };
    for (let i = 0; i < 5; i += 1) await put(writer, i);
    const expected = await writer.list("t");
    await writer.close();
    // ...and copied row for row into a version-1 schema, which keeps every update as text.
    const old = fresh();
    const { pool } = openPool(postgresUrl(), { schema: old });
    try {
      await migrate(pool, old, "test", 1);
      const rows = await pool.query(`SELECT thread_id, checkpoint_id, parent_id, step, source, created_at, meta, ${writesColumn("c")} AS writes, channels FROM "${current}".checkpoints c ORDER BY seq`);
      for (const row of rows.rows) {
        await pool.query(`INSERT INTO "${old}".checkpoints (thread_id, checkpoint_id, parent_id, step, source, created_at, meta, writes, channels) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
          row.thread_id, row.checkpoint_id, row.parent_id, row.step, row.source, row.created_at, row.meta, writesText(row.writes), row.channels,
        ]);
      }
      await pool.query(`INSERT INTO "${old}".threads SELECT * FROM "${current}".threads`);
    } finally {
      await pool.end();
    }
    expect((await sql(`SELECT count(*)::int AS n FROM "${old}".checkpoints WHERE writes LIKE '{%'`)).rows).toEqual([{ n: 5 }]);

    const upgraded = await PostgresSaver.open(postgresUrl(), { schema: old });
    try {
      expect((await sql(`SELECT version FROM "${old}".schema_version`)).rows).toEqual([{ version: SCHEMA_VERSION }]);
      expect(await upgraded.list("t")).toEqual(expected);
      await put(upgraded, 5);
      const stored = await sql(`SELECT count(*) FILTER (WHERE writes IS NOT NULL)::int AS text, count(*) FILTER (WHERE writes_z IS NOT NULL)::int AS deflated FROM "${old}".checkpoints`);
      expect(stored.rows).toEqual([{ text: 5, deflated: 1 }]);
      const head = (await upgraded.getTuple("t"))!;
      expect(head.record.writes).toEqual({ agent: { messages: [{ id: "m5", content: "message 5 ".repeat(90) }] } });
      expect((head.values.messages as unknown[]).length).toBe(6);
    } finally {
      await upgraded.close();
    }
  });
});
