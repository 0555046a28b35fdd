/**
 * The debugger on Chronograph's own schema in PostgreSQL: the same graph run by the engine on Postgres
 * and on a SQLite file reads back as the same threads, timelines, checkpoints and graph (ids and times
 * aside), opening writes nothing, and a schema left at an older version is refused rather than upgraded.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import { openHistorySource } from "../../core/debugger/sources.ts";
import { append, END, lastValue, START, StateGraph } from "../../core/index.ts";
import type { Checkpointer } from "../../core/checkpoint/types.ts";
import { PostgresSaver } from "../../core/storage/postgres/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { dropSchema, freshSchema, postgresUrl } from "./server.ts";

function review(checkpointer: Checkpointer) {
  return new StateGraph<{ log: string[]; verdict: string }>({ name: "review", channels: { log: append<string>(), verdict: lastValue("") } })
    .addNode("draft", () => ({ log: ["drafted"] }))
    .addNode("check", (state: { log: string[] }) => ({ log: ["checked"], verdict: `ok after ${state.log.length}` }))
    .addEdge(START, "draft")
    .addEdge("draft", "check")
    .addEdge("check", END)
    .compile({ checkpointer, interruptBefore: ["check"] });
}

/** Everything a source shows, with ids (checkpoint and run ids) numbered in order of appearance and times left out. */
async function shown(source: HistorySource): Promise<unknown> {
  const ids = new Map<string, string>();
  const id = (value: string | null) => (value === null ? null : (ids.get(value) ?? (ids.set(value, `#${ids.size}`), `#${ids.size - 1}`)));
  const threads = (await source.listThreads()).sort((a, b) => (a.threadId < b.threadId ? -1 : 1));
  const out = [];
  for (const row of threads) {
    const views = await source.listCheckpointViews(row);
    out.push({
      thread: { ...row, headCheckpointId: id(row.headCheckpointId), createdAt: undefined, updatedAt: undefined },
      views: views.map((view) => ({ ...view, checkpointId: id(view.checkpointId), parentId: id(view.parentId), runId: id((view as { runId?: string | null }).runId ?? null), createdAt: undefined, durationMs: undefined })),
      graph: await source.getGraph(row),
    });
  }
  return out;
}

async function tableRows(schema: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    const out: Record<string, unknown> = {};
    for (const table of ["schema_version", "checkpoints", "blobs", "writes", "threads", "graphs", "leaves"]) out[table] = (await client.query(`SELECT * FROM "${schema}".${table} ORDER BY 1`)).rows;
    return out;
  } finally {
    await client.end();
  }
}

describe("the debugger on Chronograph's schema in PostgreSQL", () => {
  const schema = freshSchema("cg");
  const dir = mkdtempSync(join(tmpdir(), "chronograph-pg-cg-"));
  afterAll(async () => {
    await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads what the engine wrote exactly as from a SQLite file, and writes nothing", async () => {
    const saver = await PostgresSaver.open(postgresUrl(), { schema });
    const file = join(dir, "same.db");
    const sqlite = SqliteSaver.open(file);
    for (const checkpointer of [saver, sqlite]) {
      const graph = review(checkpointer);
      await graph.invoke({ log: ["start"] }, { threadId: "t1" });
      await graph.invoke(null, { threadId: "t1" });
      await graph.invoke({ log: ["other"] }, { threadId: "t2" });
    }
    await saver.close();
    await sqlite.close();

    const url = `${postgresUrl()}${postgresUrl().includes("?") ? "&" : "?"}schema=${schema}`;
    const before = await tableRows(schema);
    const fromPostgres = await openHistorySource(url);
    const fromFile = await openHistorySource(file);
    try {
      expect(fromPostgres.kind).toBe("chronograph");
      expect(fromPostgres.path).not.toContain(new URL(postgresUrl()).password);
      const rows = await fromPostgres.listThreads();
      expect(rows.map((row) => [row.threadId, row.status])).toEqual(expect.arrayContaining([["t1", "done"], ["t2", "interrupted"]]));
      expect(await shown(fromPostgres)).toEqual(await shown(fromFile));
      const token = await fromPostgres.changeToken();
      expect(await fromPostgres.changeToken()).toBe(token);
    } finally {
      await fromPostgres.close();
      await fromFile.close();
    }
    expect(await tableRows(schema)).toEqual(before);
  });

  it("refuses a schema at an older version instead of upgrading it", async () => {
    const old = freshSchema("cgold");
    const saver = await PostgresSaver.open(postgresUrl(), { schema: old });
    await saver.close();
    const client = new pg.Client({ connectionString: postgresUrl() });
    await client.connect();
    await client.query(`UPDATE "${old}".schema_version SET version = 0`);
    await client.end();
    try {
      const url = `${postgresUrl()}${postgresUrl().includes("?") ? "&" : "?"}schema=${old}`;
      await expect(openHistorySource(url)).rejects.toThrow(/refused a write/);
      const check = new pg.Client({ connectionString: postgresUrl() });
      await check.connect();
      expect((await check.query(`SELECT version FROM "${old}".schema_version`)).rows).toEqual([{ version: 0 }]);
      await check.end();
    } finally {
      await dropSchema(old);
    }
  });
});
