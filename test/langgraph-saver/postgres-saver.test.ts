/**
 * ChronographSaver on PostgreSQL in a real LangGraph.js agent (tool calls, an interrupt, resumes, an
 * updateState fork, a Send fan-out, a subgraph): the same history as ChronographSaver on a SQLite file.
 * Several savers on one database writing their own threads at once lose nothing, and a bad URL, a wrong
 * password or an unreachable server fails with one coded line that never shows the password.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { HumanMessage } from "@langchain/core/messages";
import { Command, type StateSnapshot } from "@langchain/langgraph";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { afterAll, describe, expect, it } from "vitest";
import { ChronographError } from "../../core/api/errors.ts";
import type { HistorySource } from "../../core/api/history-source.ts";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { openDatabase } from "../../core/debugger/sources.ts";
import { ChronographSaver, openPostgresStore, openSqliteStore, POSTGRES_SAVER_SCHEMA_VERSION, SAVER_SCHEMA_VERSION, type SaverStore, type ValueRow, type WriteRow } from "../../core/langgraph-saver/index.ts";
import { dropSchema, freshSchema, postgresUrl, sql } from "../postgres/server.ts";
import { describeHistorySource } from "../interop/history-source-conformance.ts";
import { startCluster, startServer, stopServer } from "../support/postgres.ts";
import { seeded } from "../support/random.ts";
import { recordRuns } from "../debugger/fixtures.ts";
import { builder as essayBuilder } from "../fixtures/langgraph-projects/esm/essay.ts";
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

/** What the debugger shows, with generated ids renamed by first appearance and times and the database's name left out. */
function seen(shown: unknown[]): unknown {
  const names = new Map<string, string>();
  const text = JSON.stringify(shown, (key, value: unknown) => (/At$|^ts$|^path$|^database$/.test(key) ? undefined : value));
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

const bytes = (text: string) => new TextEncoder().encode(text);
/** A row with its byte fields as text (the SQLite driver and pg return different byte classes). */
const plain = (row: object | undefined) => row && Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Uint8Array ? Buffer.from(value).toString() : value]));

/** The same random puts, writes and deletes on one store; returns everything each read gives back. */
async function exercise(store: SaverStore, seed: number) {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const ids: string[] = [];
  for (let step = 0; step < 120; step += 1) {
    const thread = pick(["a", "b", "c"]);
    const ns = pick(["", "sub:1"]);
    const roll = random();
    if (roll < 0.4 || ids.length === 0) {
      // Ids out of order and sometimes repeated (a put of an existing id replaces the row).
      const id = random() < 0.1 && ids.length > 0 ? pick(ids) : `0${Math.floor(random() * 1e6).toString(16).padStart(6, "0")}`;
      ids.push(id);
      const values: ValueRow[] = Array.from({ length: Math.floor(random() * 4) }, (_, index) => {
        const channel = pick(["messages", "count", "notes"]);
        const version = String(Math.floor(random() * 6));
        return { channel, version, base: random() < 0.5 && version !== "0" ? String(Number(version) - 1) : null, base_len: index, depth: 0, size: 3, type: "json", value: bytes(`[${step}]`) };
      });
      await store.putCheckpoint({ thread_id: thread, checkpoint_ns: ns, checkpoint_id: id, parent_id: pick([null, ...ids]), type: "json", checkpoint: bytes(`{"step":${step}}`), metadata_type: "json", metadata: bytes(`{"m":${step}}`) }, values);
    } else if (roll < 0.9) {
      // Regular writes never replace; special ones (negative index: error, interrupt, resume) do, the last of one key winning.
      const writes: WriteRow[] = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({ task_id: pick(["t1", "t2"]), idx: pick([-3, -1, 0, 1, 2]), channel: pick(["x", "__interrupt__"]), type: "json", value: bytes(`"${step}"`), task_path: pick(["~a", "~b"]) }));
      await store.putWrites(thread, ns, pick(ids), writes);
    } else if (roll < 0.93) {
      await store.deleteThread(thread);
    }
  }
  // Ids repeat across threads here (uuids do not); the order among equal ids is unspecified.
  const all = await store.checkpoints({});
  expect(all.map((row) => row.checkpoint_id)).toEqual(all.map((row) => row.checkpoint_id).sort().reverse());
  const out: unknown[] = [all.map(plain).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1))];
  for (const thread of ["a", "b", "c"]) {
    for (const ns of ["", "sub:1"]) {
      out.push((await store.namespaceValues(thread, ns)).sort((x, y) => (x.channel + x.version < y.channel + y.version ? -1 : 1)).map(plain));
      out.push((await store.namespaceWrites(thread, ns)).map(plain));
      out.push((await store.checkpoints({ threadId: thread, ns, before: "08" })).map((row) => row.checkpoint_id));
      out.push((await store.chain(thread, ns, "messages", "5")).map(plain));
      out.push((await store.values(thread, ns, [{ channel: "count", version: "2" }, { channel: "notes", version: "3" }])).sort((x, y) => (x.channel < y.channel ? -1 : 1)).map(plain));
      for (const id of new Set(ids)) out.push((await store.writes(thread, ns, id)).map(plain), plain(await store.checkpoint(thread, ns, id)));
      out.push((await store.checkpoint(thread, ns, undefined))?.checkpoint_id);
    }
  }
  return out;
}

describe("ChronographSaver on PostgreSQL", () => {
  it.each([1, 2, 3])("stores and reads rows as the SQLite store does (seed %i)", async (seed) => {
    const file = openSqliteStore(join(folder, `store-${seed}.db`));
    const server = openPostgresStore(postgresUrl(), { schema: schema() });
    const expected = await exercise(file, seed);
    expect(JSON.stringify(expected)).toContain("__interrupt__");
    expect(await exercise(server, seed)).toEqual(expected);
    await file.close();
    await server.close();
  });

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

  it("opens in the debugger showing what the same runs show from a SQLite file: threads, checkpoints, each checkpoint's view", async () => {
    const name = schema();
    const file = join(folder, "debugger.db");
    for (const saver of [ChronographSaver.open(file), ChronographSaver.open({ url: postgresUrl(), schema: name })]) {
      await scenario(saver, "agent");
      await scenario(saver, "second");
      await saver.close();
    }
    const onFile = await openDatabase(file);
    const onServer = await openDatabase(`${postgresUrl()}?schema=${name}`);
    expect(onServer.source.kind).toBe("chronograph-saver");
    expect(onServer.source.path).not.toContain(new URL(postgresUrl()).password);
    const shown = async (source: HistorySource) => {
      const threads = await source.listThreads();
      const out: unknown[] = [threads];
      for (const thread of threads) {
        const entries = await source.listCheckpoints(thread);
        out.push(entries);
        for (const entry of entries) out.push(await source.getCheckpoint(thread, entry.checkpointId));
      }
      return out;
    };
    const expected = await shown(onFile.source);
    expect(expected.length).toBeGreaterThan(40);
    expect(seen(await shown(onServer.source))).toEqual(seen(expected));
    // A new run by the app shows on the next read: the change token moves, and only then.
    const token = await onServer.source.changeToken();
    expect(await onServer.source.changeToken()).toBe(token);
    const app = ChronographSaver.open({ url: postgresUrl(), schema: name });
    await scenario(app, "third");
    await app.close();
    expect(await onServer.source.changeToken()).not.toBe(token);
    expect((await onServer.source.listThreads()).map((row) => row.threadId)).toContain("third");
    await onFile.source.close();
    await onServer.source.close();
  });

  it("writes an edit as node from the debugger through the saver; LangGraph.js on PostgreSQL resumes the new branch", async () => {
    const url = `${postgresUrl()}?schema=${schema()}`;
    const saver = ChronographSaver.open(url);
    await essayBuilder.compile({ checkpointer: saver }).invoke({ title: "tea" }, { configurable: { thread_id: "essay" } });
    await saver.close();
    const service = createDebuggerService({ configDir: join(folder, "config"), pollIntervalMs: 50 });
    try {
      const client = createClient(createInMemoryTransport(service));
      const info = await client.openDatabase({ path: url });
      expect(info).toMatchObject({ kind: "chronograph-saver", canEdit: true });
      const afterOutline = (await client.getTimeline({ threadId: "essay", namespace: "" })).find((entry) => entry.next.includes("write"))!;
      const sections = ["Origins of tea", "Brewing", "Conclusion"];
      const edit = { threadId: "essay", namespace: "", checkpointId: afterOutline.checkpointId, values: { sections }, asNode: "outline" };
      expect((await client.previewUpdate(edit)).next).toEqual(["write"]);
      const { checkpointId } = await client.updateState(edit);
      expect(await client.getCheckpoint({ threadId: "essay", namespace: "", checkpointId })).toMatchObject({ parentId: afterOutline.checkpointId, source: "update", next: ["write"], values: { sections } });

      const resumed = ChronographSaver.open(url);
      const graph = essayBuilder.compile({ checkpointer: resumed });
      const final = await graph.invoke(null, { configurable: { thread_id: "essay", checkpoint_id: checkpointId } });
      expect(final.final).toBe("# tea\n1. Origins of tea\n2. Brewing\n3. Conclusion");
      const history: StateSnapshot[] = [];
      for await (const snapshot of graph.getStateHistory({ configurable: { thread_id: "essay" } })) history.push(snapshot);
      expect(history.find((snapshot) => snapshot.config.configurable?.checkpoint_id === checkpointId)?.parentConfig?.configurable?.checkpoint_id).toBe(afterOutline.checkpointId);
      expect(history.filter((snapshot) => snapshot.values.final === "# tea\n1. Why tea\n2. How tea\n3. Conclusion")).not.toHaveLength(0);
      await resumed.close();
    } finally {
      await service.close();
    }
  });

  it("replays from a past checkpoint through the loaded LangGraph.js module, writing through ChronographSaver on the server", async () => {
    const name = schema();
    const url = `${postgresUrl()}?schema=${name}`;
    const saver = ChronographSaver.open(url);
    await essayBuilder.compile({ checkpointer: saver }).invoke({ title: "tea" }, { configurable: { thread_id: "essay" } });
    await saver.close();
    const service = createDebuggerService({ configDir: join(folder, "config-runs"), pollIntervalMs: 50 });
    try {
      const client = createClient(createInMemoryTransport(service));
      await client.openDatabase({ path: url });
      const runs = recordRuns(client);
      expect((await client.loadGraphModule({ path: resolve("test/fixtures/langgraph-projects/esm/essay.ts") })).canRun).toBe(true);
      const afterOutline = (await client.getTimeline({ threadId: "essay", namespace: "" })).find((entry) => entry.next.includes("write"))!;
      const { runId } = await client.startRun({ threadId: "essay", namespace: "", checkpointId: afterOutline.checkpointId, mode: "replay" });
      const events = await runs.until(runId);
      expect(events.at(-1)).toMatchObject({ type: "finished", status: "done" });
      const written = events.filter((event) => event.type === "checkpoint").map((event) => (event as { checkpointId: string }).checkpointId);
      expect(written.length).toBeGreaterThan(0);
      const resumed = ChronographSaver.open(url);
      const history: StateSnapshot[] = [];
      for await (const snapshot of essayBuilder.compile({ checkpointer: resumed }).getStateHistory({ configurable: { thread_id: "essay" } })) history.push(snapshot);
      await resumed.close();
      expect(history[0]!.config.configurable?.checkpoint_id).toBe(written.at(-1));
      expect(history[0]!.values).toMatchObject({ final: "# tea\n1. Why tea\n2. How tea\n3. Conclusion", edits: 2 });
      // Only the saver's tables: LangGraph's PostgresSaver never created its own in the schema.
      expect((await sql(`SELECT tablename FROM pg_tables WHERE schemaname = '${name}' ORDER BY tablename`)).rows.map((row) => row.tablename)).toEqual(["lg_checkpoints", "lg_schema_version", "lg_values", "lg_writes"]);
    } finally {
      await service.close();
    }
  }, 60_000);

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

  it("fails a call with DATABASE_UNAVAILABLE while the server is down and carries on when it is back", async () => {
    // A server of its own: stopping the shared one would disturb the other files.
    const cluster = await startCluster();
    try {
      const saver = ChronographSaver.open({ url: cluster.url, timeoutMs: 5_000 });
      const first = await scenario(saver, "before");
      stopServer(cluster.control);
      const lost = await failure(saver.getTuple({ configurable: { thread_id: "before" } }));
      expect(lost.code).toBe("DATABASE_UNAVAILABLE");
      expect(lost.message).not.toContain(new URL(cluster.url).password);
      startServer(cluster.control);
      const tuples: CheckpointTuple[] = [];
      for await (const tuple of saver.list({ configurable: { thread_id: "before" } })) tuples.push(tuple);
      expect(canonical({ history: [], tuples }, "before")).toEqual(canonical({ history: [], tuples: first.tuples }, "before"));
      await scenario(saver, "after");
      await saver.close();
    } finally {
      cluster.stop();
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

describeHistorySource("ChronographSaver on PostgreSQL", async () => {
  const name = schema();
  const saver = ChronographSaver.open({ url: postgresUrl(), schema: name });
  await scenario(saver, "agent");
  await saver.close();
  return { source: (await openDatabase(`${postgresUrl()}?schema=${name}`)).source, cleanup: async () => undefined };
});
