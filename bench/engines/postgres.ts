/**
 * Chronograph and LangGraph.js on one PostgreSQL server, for the Postgres column: each store is a fresh
 * schema of the server named by CHRONOGRAPH_BENCH_PG_URL (bench/postgres.ts sets it). The graphs are
 * compiled by the same adapters as the main table (engines/chronograph.ts, engines/langgraph.ts); only
 * the checkpointer differs: PostgresSaver.open(url) here, PostgresSaver.fromConnString(url) + setup() there.
 * Closing a store measures its schema (pg_total_relation_size of every table) and drops it.
 */
import { randomBytes } from "node:crypto";
import { PostgresSaver as LangGraphPostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import pg from "pg";
import { PostgresSaver } from "../../core/storage/postgres/index.ts";
import type { Engine, EngineName, EngineStore, StoreKind } from "../engine.ts";
import { chronograph } from "./chronograph.ts";
import { langgraph } from "./langgraph.ts";

/** Bytes of the schema of the store closed last, measured before it was dropped. */
export let lastClosedBytes = 0;

export function benchUrl(): string {
  const url = process.env.CHRONOGRAPH_BENCH_PG_URL;
  if (!url) throw new Error("CHRONOGRAPH_BENCH_PG_URL is not set: run the Postgres column through bench/postgres.ts");
  return url;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: benchUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Bytes of every table of `schema` (with indexes and TOAST), after a VACUUM as autovacuum would do. */
export async function schemaBytes(schema: string): Promise<number> {
  return withClient(async (client) => {
    const tables = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = $1", [schema]);
    for (const { name } of tables.rows) await client.query(`VACUUM "${schema}"."${name}"`);
    const size = await client.query<{ bytes: number }>(
      "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::float8 AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'",
      [schema],
    );
    return size.rows[0]!.bytes;
  });
}

export function dropSchema(schema: string): Promise<void> {
  return withClient(async (client) => void (await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)));
}

class PostgresStore implements EngineStore {
  readonly sqlite = undefined;
  constructor(
    readonly kind: StoreKind,
    readonly saver: PostgresSaver | LangGraphPostgresSaver,
    readonly schema: string,
  ) {}

  async close(): Promise<void> {
    if (this.saver instanceof PostgresSaver) await this.saver.close();
    else await this.saver.end();
    lastClosedBytes = await schemaBytes(this.schema);
    await dropSchema(this.schema);
  }

  settings() {
    return null;
  }
}

const schemaName = (engine: string) => `bench_${engine}_${randomBytes(4).toString("hex")}`;

export const chronographPostgres: Engine = {
  name: "chronograph+postgres" as EngineName,
  label: `${chronograph.label} + PostgresSaver`,
  stores: ["memory"],
  async openStore(kind) {
    const schema = schemaName("cg");
    return new PostgresStore(kind, await PostgresSaver.open(benchUrl(), { schema }), schema);
  },
  compile: chronograph.compile,
};

export const langgraphPostgres: Engine = {
  name: "langgraph+postgres" as EngineName,
  label: `${langgraph.label} + PostgresSaver`,
  stores: ["memory"],
  async openStore(kind) {
    const schema = schemaName("lg");
    const saver = LangGraphPostgresSaver.fromConnString(benchUrl(), { schema });
    await saver.setup();
    return new PostgresStore(kind, saver, schema);
  },
  compile: langgraph.compile,
};
