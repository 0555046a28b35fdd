/**
 * `chronograph inspect postgres://…` on URLs it cannot read: a server that is not there, a wrong password,
 * a schema with neither Chronograph's nor LangGraph's tables, LangGraph's tables at a migration version we
 * do not know. Each is one coded line on stderr with the password masked, and nothing is written.
 */
import { createServer } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../electron/cli/main.ts";
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

async function inspectErrors(url: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["inspect", url, "--json"], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

function withSchema(url: string, schema: string, password?: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("schema", schema);
  if (password !== undefined) parsed.password = password;
  return parsed.toString();
}

/** Every table and row count in `schema`, to prove a failed open wrote nothing. */
async function contents(schema: string): Promise<unknown> {
  const tables = await sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' ORDER BY table_name`);
  const counts: Record<string, unknown> = {};
  for (const { table_name } of tables.rows as Array<{ table_name: string }>) counts[table_name] = (await sql(`SELECT * FROM "${schema}".${table_name} ORDER BY 1`)).rows;
  return counts;
}

describe("chronograph inspect on PostgreSQL URLs it cannot read", () => {
  const neither = freshSchema("bad");
  const future = freshSchema("bad");
  beforeAll(async () => {
    await sql(`CREATE SCHEMA "${neither}"; CREATE TABLE "${neither}".orders (id int PRIMARY KEY); INSERT INTO "${neither}".orders VALUES (1)`);
    await sql(`CREATE SCHEMA "${future}"`);
    for (const table of ["checkpoints", "checkpoint_blobs", "checkpoint_writes"]) await sql(`CREATE TABLE "${future}".${table} (thread_id text)`);
    await sql(`CREATE TABLE "${future}".checkpoint_migrations (v integer PRIMARY KEY); INSERT INTO "${future}".checkpoint_migrations SELECT generate_series(0, 12)`);
  });
  afterAll(async () => {
    await dropSchema(neither);
    await dropSchema(future);
  });

  it("a server that is not there: one line naming the masked URL", async () => {
    const port = await new Promise<number>((done) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const address = server.address() as { port: number };
        server.close(() => done(address.port));
      });
    });
    const url = `postgres://alice:t0p-s3cret@127.0.0.1:${port}/db`;
    const result = await inspectErrors(url);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/^error: .*could not open the connection to PostgreSQL at postgres:\/\/alice:\*\*\*@127\.0\.0\.1/);
    expect(result.err[0]).not.toContain("t0p-s3cret");
  });

  it("a wrong password: one line, the password tried never shown", async () => {
    const result = await inspectErrors(withSchema(postgresUrl(), neither, "wr0ng-s3cret"));
    expect(result.code).toBe(1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/refused the login/);
    expect(result.err[0]).not.toContain("wr0ng-s3cret");
  });

  it("a schema with neither schema's tables: one line naming it, its tables untouched", async () => {
    const before = await contents(neither);
    const result = await inspectErrors(withSchema(postgresUrl(), neither));
    expect(result.code).toBe(1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toContain(`neither Chronograph's nor LangGraph's checkpoint tables in schema "${neither}"`);
    expect(result.err[0]).not.toContain(new URL(postgresUrl()).password);
    expect(await contents(neither)).toEqual(before);
  });

  it("LangGraph's tables at an unknown migration version: one line, nothing migrated", async () => {
    const before = await contents(future);
    const result = await inspectErrors(withSchema(postgresUrl(), future));
    expect(result.code).toBe(1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/migration version 12, which this Chronograph does not know/);
    expect(await contents(future)).toEqual(before);
  });
});
