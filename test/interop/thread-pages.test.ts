/**
 * The thread list of a LangGraph.js file with subgraphs, as LangGraph.js itself writes it: one row per
 * thread (its subgraph namespaces inside), status counted once per run, pages with totals, and the
 * reader's cheap pages (decoded from each thread's head only) equal to what its full histories say.
 */
import { Command } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import BetterSqlite from "better-sqlite3";
import type Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollUpThreads } from "../../core/api/thread-filter.ts";
import { inspectDatabase } from "../../core/interop/inspect.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { essayGraph, nestedInterruptGraph, ticketGraph } from "./langgraph-graphs.ts";
import { tempDir } from "./helpers.ts";
import { describeHistorySource } from "./history-source-conformance.ts";

const temp = tempDir();
const file = join(temp.dir, "subgraphs.sqlite");
const closeSaver = (saver: SqliteSaver) => (saver as unknown as { db: Database.Database }).db.close();

/** Two waiting nested runs, one finished nested run, five essays and a waiting ticket. */
async function write(): Promise<void> {
  const saver = SqliteSaver.fromConnString(file);
  for (const id of ["nested-a", "nested-b", "nested-done"]) await nestedInterruptGraph(saver).invoke({ notes: ["start"] }, { configurable: { thread_id: id } });
  await nestedInterruptGraph(saver).invoke(new Command({ resume: "yes" }), { configurable: { thread_id: "nested-done" } });
  for (let n = 0; n < 5; n += 1) await essayGraph(saver).invoke({ title: `essay ${n}` }, { configurable: { thread_id: `essay-${n}` } });
  await ticketGraph(saver).invoke({ request: "refund" }, { configurable: { thread_id: "ticket" } });
  closeSaver(saver);
}

describe("the thread list of a LangGraph.js file with subgraphs", () => {
  let source: LangGraphSource;
  beforeAll(async () => {
    await write();
    source = await LangGraphSource.open(file);
  }, 60_000);
  afterAll(async () => {
    await source.close();
  });

  it("lists one row per thread with its subgraph namespaces inside it", async () => {
    const page = await source.pageThreads({});
    expect(page.total).toBe(9);
    expect(page.rows.map((row) => row.threadId)).toEqual(["ticket", "essay-4", "essay-3", "essay-2", "essay-1", "essay-0", "nested-done", "nested-b", "nested-a"]);
    expect(page.rows.every((row) => row.namespace === "")).toBe(true);
    const nested = page.rows.find((row) => row.threadId === "nested-a")!;
    expect(nested.status).toBe("interrupted");
    expect(nested.namespaces!.map((ns) => ns.namespace.replace(/:[0-9a-f-]{36}/g, ":<task>"))).toEqual(["research:<task>|deep:<task>", "research:<task>"]);
    expect(nested.namespaces!.every((ns) => ns.status === "interrupted" && ns.checkpointCount > 0)).toBe(true);
    expect(page.rows.find((row) => row.threadId === "essay-0")!.namespaces).toBeUndefined();
  });

  it("counts runs, not namespaces, per status", async () => {
    const page = await source.pageThreads({ status: ["interrupted"] });
    expect(page.rows.map((row) => row.threadId).sort()).toEqual(["nested-a", "nested-b", "ticket"]);
    expect(page.counts).toEqual({ done: 6, interrupted: 3, error: 0, pending: 0 });
    expect((await source.pageThreads({ query: "DEEP" })).rows.map((row) => row.threadId).sort()).toEqual(["nested-a", "nested-b", "nested-done"]);
  });

  it("pages newest first with totals, and each page equals the full histories' rows", async () => {
    const full = rollUpThreads(await source.listThreads());
    const first = await source.pageThreads({ limit: 4 });
    const rest = await source.pageThreads({ offset: 4, limit: 100 });
    expect([first.total, rest.total]).toEqual([9, 9]);
    expect([...first.rows, ...rest.rows]).toEqual(full);
    expect(first.rows[0]!.threadId).toBe("ticket");
  });

  it("lists every (thread, namespace) key from the index alone, as inspect walks them", async () => {
    const keys = (await source.listThreads()).map((row) => ({ threadId: row.threadId, namespace: row.namespace }));
    const sorted = keys.sort((a, b) => (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : a.namespace < b.namespace ? -1 : 1));
    expect(await source.threadKeys()).toEqual(sorted);
    const output = await inspectDatabase(source, { threadId: "nested-a", values: "none" });
    expect(output.threads.map((thread) => thread.namespace.replace(/:[0-9a-f-]{36}/g, ":<task>"))).toEqual(["", "research:<task>", "research:<task>|deep:<task>"]);
  });

  it("moves only the changed thread's stamp when LangGraph.js writes, and pages the new state", async () => {
    const before = await source.threadStamps();
    const saver = SqliteSaver.fromConnString(file);
    await nestedInterruptGraph(saver).invoke(new Command({ resume: "later" }), { configurable: { thread_id: "nested-b" } });
    closeSaver(saver);
    const after = await source.threadStamps();
    expect([...after.keys()].filter((id) => after.get(id) !== before.get(id))).toEqual(["nested-b"]);
    const page = await source.pageThreads({ limit: 1 });
    expect(page.rows[0]).toMatchObject({ threadId: "nested-b", status: "done" });
    expect((await source.pageThreads({ status: ["interrupted"] })).total).toBe(2);
  });

  it("notices a write against a head (no new checkpoint) and a deleted thread", async () => {
    const before = await source.threadStamps();
    const db = new BetterSqlite(file);
    const head = db.prepare("SELECT checkpoint_id AS id FROM checkpoints WHERE thread_id = 'essay-1' AND checkpoint_ns = '' ORDER BY checkpoint_id DESC LIMIT 1").get() as { id: string };
    db.prepare("INSERT INTO writes VALUES ('essay-1', '', ?, 'task-x', 0, 'note', 'json', ?)").run(head.id, Buffer.from(JSON.stringify("x")));
    db.close();
    const afterWrite = await source.threadStamps();
    expect([...afterWrite.keys()].filter((id) => afterWrite.get(id) !== before.get(id))).toEqual(["essay-1"]);
    const removing = new BetterSqlite(file);
    removing.prepare("DELETE FROM checkpoints WHERE thread_id = 'essay-0'").run();
    removing.prepare("DELETE FROM writes WHERE thread_id = 'essay-0'").run();
    removing.close();
    const page = await source.pageThreads({});
    expect(page.total).toBe(8);
    expect(page.rows.map((row) => row.threadId)).not.toContain("essay-0");
    expect((await source.threadStamps()).has("essay-0")).toBe(false);
  });
});

describeHistorySource("LangGraphSource on a LangGraph.js file with subgraphs", async () => {
  await (await import("node:fs/promises")).access(file).catch(write);
  return { source: await LangGraphSource.open(file), cleanup: async () => temp.cleanup() };
});
