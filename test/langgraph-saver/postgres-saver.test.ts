/**
 * ChronographSaver on PostgreSQL in a real LangGraph.js agent (tool calls, an interrupt, resumes, an
 * updateState fork, a Send fan-out, a subgraph): the same history as ChronographSaver on a SQLite file.
 * Several savers on one database writing their own threads at once lose nothing, and a bad URL, a wrong
 * password or an unreachable server fails with one coded line that never shows the password.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HumanMessage } from "@langchain/core/messages";
import { Command, type StateSnapshot } from "@langchain/langgraph";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { afterAll, describe, expect, it } from "vitest";
import { ChronographError } from "../../core/api/errors.ts";
import { ChronographSaver, POSTGRES_SAVER_SCHEMA_VERSION, SAVER_SCHEMA_VERSION } from "../../core/langgraph-saver/index.ts";
import { dropSchema, freshSchema, postgresUrl, sql } from "../postgres/server.ts";
import { agentGraph } from "./agent-graph.ts";

const folder = mkdtempSync(join(tmpdir(), "chronograph-pg-saver-"));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  for (const schema of schemas) await dropSchema(schema);
});

function schema(): string {
  const name = freshSchema("saver");
  schemas.push(name);
  return name;
}

/** The agent scenario on one thread: a run to the interrupt, two resumes, a fork from the first approval, its run. */
async function scenario(saver: ChronographSaver, threadId: string) {
  const graph = agentGraph(saver);
  const config = { configurable: { thread_id: threadId } };
  await graph.invoke({ messages: [new HumanMessage({ id: "h1", content: "Find me pets." })] }, config);
  await graph.invoke(new Command({ resume: { approved: true } }), config);
  await graph.invoke(new Command({ resume: { approved: true } }), config);
  const before: StateSnapshot[] = [];
  for await (const snapshot of graph.getStateHistory(config)) before.push(snapshot);
  const firstApproval = before.filter((snapshot) => snapshot.next.includes("approve")).at(-1)!;
  const forked = await graph.updateState(firstApproval.config, { messages: [new HumanMessage({ id: "h2", content: "Never mind." })] }, "model");
  await graph.invoke(null, forked);
  const history: StateSnapshot[] = [];
  for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
  const tuples: CheckpointTuple[] = [];
  for await (const tuple of saver.list(config)) tuples.push(tuple);
  return { history, tuples };
}

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[0-9a-f]{32}\b/g;

/**
 * The history as JSON with every generated id (checkpoint, task, tool message, interrupt) renamed by its
 * first appearance, and the thread id by "thread", so two runs compare equal when their checkpoints,
 * parents, namespaces and values do. Timestamps and channel versions (random by design) are left out.
 */
function canonical(run: { history: StateSnapshot[]; tuples: CheckpointTuple[] }, threadId: string): unknown {
  const names = new Map<string, string>();
  const text = JSON.stringify(
    {
      history: run.history.map(({ createdAt: _createdAt, ...snapshot }) => snapshot),
      tuples: run.tuples.map((tuple) => ({ ...tuple, checkpoint: { ...tuple.checkpoint, ts: undefined, channel_versions: Object.keys(tuple.checkpoint.channel_versions).sort(), versions_seen: undefined } })),
    },
    (_key, value: unknown) => (value === threadId ? "thread" : value),
  );
  return JSON.parse(text.replace(ID, (id) => (names.has(id) ? names.get(id)! : (names.set(id, `id${names.size}`), `id${names.size - 1}`))));
}

async function failure(promise: Promise<unknown>): Promise<ChronographError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ChronographError);
  return error as ChronographError;
}

describe("ChronographSaver on PostgreSQL", () => {
  it("gives a LangGraph.js agent the same history as ChronographSaver on SQLite (interrupt, resume, fork, subgraph)", async () => {
    const onFile = ChronographSaver.open(join(folder, "agent.db"));
    const onServer = ChronographSaver.open(`${postgresUrl()}?schema=${schema()}`);
    const expected = await scenario(onFile, "agent");
    const actual = await scenario(onServer, "agent");
    expect(expected.history.length).toBeGreaterThan(10);
    expect(expected.tuples.some((tuple) => tuple.config.configurable?.checkpoint_ns !== "")).toBe(true);
    expect(actual.tuples.length).toBe(expected.tuples.length);
    expect(canonical(actual, "agent")).toEqual(canonical(expected, "agent"));
    const fork = actual.history.find((snapshot) => snapshot.metadata?.source === "update")!;
    expect(fork.values.messages.at(-1).content).toBe("Never mind.");
    await onFile.close();
    await onServer.close();
  });

  it("keeps every thread when four savers (four pools) open a new schema and write their own threads at once", async () => {
    const name = schema();
    const savers = Array.from({ length: 4 }, () => ChronographSaver.open({ url: postgresUrl(), schema: name, maxConnections: 2 }));
    const runs = await Promise.all(savers.flatMap((saver, index) => [0, 1].map((thread) => scenario(saver, `worker-${index}-${thread}`))));
    const reader = ChronographSaver.open({ url: postgresUrl(), schema: name });
    const threadIds = savers.flatMap((_saver, index) => [`worker-${index}-0`, `worker-${index}-1`]);
    for (const [index, run] of runs.entries()) {
      const stored: CheckpointTuple[] = [];
      for await (const tuple of reader.list({ configurable: { thread_id: threadIds[index] } })) stored.push(tuple);
      expect(stored.length).toBe(run.tuples.length);
      expect(canonical({ history: [], tuples: stored }, threadIds[index]!)).toEqual(canonical({ history: [], tuples: run.tuples }, threadIds[index]!));
      expect(canonical(run, threadIds[index]!)).toEqual(canonical(runs[0]!, threadIds[0]!));
    }
    const versions = await sql(`SELECT version FROM "${name}".lg_schema_version`);
    expect(versions.rows).toEqual([{ version: POSTGRES_SAVER_SCHEMA_VERSION }]);
    await Promise.all([...savers, reader].map((saver) => saver.close()));
  });

  it("numbers its schema as the SQLite file does, and refuses tables written by a newer saver", async () => {
    expect(POSTGRES_SAVER_SCHEMA_VERSION).toBe(SAVER_SCHEMA_VERSION);
    const name = schema();
    await sql(`CREATE SCHEMA "${name}"; CREATE TABLE "${name}".lg_schema_version (version INTEGER NOT NULL); INSERT INTO "${name}".lg_schema_version VALUES (${SAVER_SCHEMA_VERSION + 1})`);
    const saver = ChronographSaver.open({ url: postgresUrl(), schema: name });
    const error = await failure(saver.getTuple({ configurable: { thread_id: "t" } }));
    expect(error.code).toBe("SCHEMA_TOO_NEW");
    expect(error.message).toContain(`Schema "${name}"`);
    expect(error.message).not.toContain(new URL(postgresUrl()).password);
    await saver.close();
  });

  it("creates its tables in the database's public schema when the URL names none", async () => {
    const database = `saver_public_${process.pid}`;
    await sql(`CREATE DATABASE ${database}`);
    try {
      const url = new URL(postgresUrl());
      url.pathname = `/${database}`;
      const saver = ChronographSaver.open(url.toString());
      await scenario(saver, "t");
      await saver.close();
      const tables = await sql("SELECT table_schema, table_name FROM information_schema.tables WHERE table_name LIKE 'lg\\_%' ORDER BY table_name", url.toString());
      expect(tables.rows).toEqual(["lg_checkpoints", "lg_schema_version", "lg_values", "lg_writes"].map((table) => ({ table_schema: "public", table_name: table })));
    } finally {
      await sql(`DROP DATABASE ${database} WITH (FORCE)`);
    }
  });

  it("fails with one coded line naming the masked URL, never the password (bad URL, wrong password, unreachable server)", async () => {
    const password = new URL(postgresUrl()).password;
    const bad = (() => {
      try {
        ChronographSaver.open("postgres://me:s3cret-word@db.example:99999/app");
      } catch (caught) {
        return caught as ChronographError;
      }
    })();
    expect(bad?.code).toBe("INVALID_ARGUMENT");
    expect(bad?.message).not.toMatch(/s3cret-word/);

    const wrong = new URL(postgresUrl());
    wrong.password = "not-the-password-42";
    const refused = ChronographSaver.open({ url: wrong.toString(), schema: schema() });
    const login = await failure(refused.getTuple({ configurable: { thread_id: "t" } }));
    expect(login.code).toBe("DATABASE_UNAVAILABLE");
    expect(login.message).toContain("***");
    await refused.close();

    const closed = new URL(postgresUrl());
    closed.port = "1";
    const unreachable = ChronographSaver.open({ url: closed.toString(), timeoutMs: 5_000 });
    const lost = await failure(unreachable.put({ configurable: { thread_id: "t" } }, { v: 4, id: "1", ts: "", channel_values: {}, channel_versions: {}, versions_seen: {} }, { source: "input", step: -1, parents: {} }, {}));
    expect(lost.code).toBe("DATABASE_UNAVAILABLE");
    await unreachable.close();

    for (const error of [bad!, login, lost]) {
      expect(error.message).not.toContain("\n");
      for (const secret of ["not-the-password-42", password, "s3cret-word"]) expect(error.message).not.toContain(secret);
    }
  });

  it("does not load pg for a SQLite file", () => {
    const script = `
      const { ChronographSaver } = await import(${JSON.stringify(new URL("../../core/langgraph-saver/index.ts", import.meta.url).pathname)});
      const saver = ChronographSaver.open(${JSON.stringify(join(folder, "no-pg.db"))});
      await saver.getTuple({ configurable: { thread_id: "t" } });
      await saver.close();
      const { createRequire } = await import("node:module");
      console.log(Object.keys(createRequire(import.meta.url).cache).filter((file) => /[\\\\/]node_modules[\\\\/]pg[\\\\/]/.test(file)).length);
    `;
    const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", cwd: new URL("../..", import.meta.url).pathname });
    expect(output.trim()).toBe("0");
  });
});
