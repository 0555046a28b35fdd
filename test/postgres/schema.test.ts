/**
 * The PostgreSQL schema's versioning: a new schema is created once even when several workers open it
 * at the same moment, a schema written by a newer Chronograph is refused, and a schema holding someone
 * else's tables is never touched.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { ChronographError } from "../../core/api/errors.ts";
import { PostgresSaver, SCHEMA_VERSION } from "../../core/storage/postgres/index.ts";
import { dropSchema, freshSchema, postgresUrl } from "./server.ts";

async function sql(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

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
});
