/**
 * The test PostgreSQL server (started by test/support/postgres.ts) as each test file sees it: its URL,
 * a fresh schema per store so files and tests never share tables, and dropping those schemas again.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { PostgresSaver } from "../../core/storage/postgres/index.ts";

/** The URL of the test server (the developer's own when CHRONOGRAPH_TEST_PG_URL is set). */
export function postgresUrl(): string {
  return inject("postgresUrl");
}

/** A schema name no other test uses. */
export function freshSchema(prefix = "t"): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

/** Run one statement on its own connection to the test server (or `url`). */
export async function sql(text: string, url = postgresUrl()): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** Drop `schema` and everything in it. */
export async function dropSchema(schema: string, url = postgresUrl()): Promise<void> {
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`, url);
}

/** A saver on a fresh schema, and a cleanup that closes it and drops the schema. */
export async function openFresh(options: { maxConnections?: number; timeoutMs?: number } = {}): Promise<{ saver: PostgresSaver; schema: string; cleanup(): Promise<void> }> {
  const schema = freshSchema();
  const saver = await PostgresSaver.open(postgresUrl(), { schema, ...options });
  return {
    saver,
    schema,
    cleanup: async () => {
      await saver.close();
      await dropSchema(schema);
    },
  };
}
