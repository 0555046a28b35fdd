/**
 * Chronograph's SQLite files answer the thread list a page at a time in SQL (core/storage/sqlite/thread-page.ts):
 * on 3,000 threads copied from four the engine wrote (done; waiting on an interrupt; failed; forked by an
 * edit of an older checkpoint, its head pending), every page, total and per-status count equals what the
 * backend's in-memory fallback (thread-list.ts over listThreads) answers, and only the page's rows are
 * decoded. Thread ids and graph names mix cases, underscores, LIKE wildcards and non-ASCII letters whose
 * JavaScript lowercase differs from SQLite's. Chronograph's format has no subgraph namespaces: every row
 * is the root namespace, and a namespaced key finds nothing. Stamps move with a new checkpoint and with a
 * status-changing write, and the backend opens the file, pages it and draws a thread without listing every thread.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ThreadQuery } from "../../core/api/types.ts";
import { ChronographSource } from "../../core/debugger/chronograph-source.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { pageOf, rollUp } from "../../core/debugger/thread-list.ts";
import { append, END, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { tempDir } from "../interop/helpers.ts";

const COPIES = 3_000;
/** Four engine-written threads plus the copies. */
const THREADS = COPIES + 4;

let temp: ReturnType<typeof tempDir>;
let file: string;
let source: ChronographSource;
const decoded: string[] = [];

function review(saver: SqliteSaver) {
  return new StateGraph<{ log: string[] }>({ name: "review", channels: { log: append<string>() } })
    .addNode("draft", (state, ctx) => {
      if (state.log.includes("fail")) throw new Error("draft failed");
      if (state.log.includes("ask")) ctx.interrupt({ question: "publish?" });
      return { log: ["drafted"] };
    })
    .addNode("check", () => ({ log: ["checked"] }))
    .addEdge(START, "draft")
    .addEdge("draft", "check")
    .addEdge("check", END)
    .compile({ checkpointer: saver });
}

/** The copy's id: every 7th with an underscore, every 13th with "Ä", every 17th with the Kelvin sign (lowercases to "k"); one holds U+0001. */
function copyId(n: number): string {
  const digits = String(n).padStart(5, "0");
  if (n === 1_000) return `job\u0001${digits}`;
  if (n % 17 === 0) return `\u212Aelvin-${digits}`;
  if (n % 13 === 0) return `Ärger-${digits}`;
  return `${n % 7 === 0 ? "JOB_" : "job-"}${digits}`;
}

beforeAll(async () => {
  temp = tempDir("chronograph-sqlite-pages-");
  file = join(temp.dir, "threads.sqlite");
  const saver = SqliteSaver.open(file);
  const graph = review(saver);
  await graph.invoke({ log: ["start"] }, { threadId: "tpl-done" });
  await graph.invoke({ log: ["ask"] }, { threadId: "tpl-wait" });
  await graph.invoke({ log: ["fail"] }, { threadId: "tpl-fail" }).catch(() => undefined);
  await graph.invoke({ log: ["start"] }, { threadId: "tpl-fork" });
  const older = (await graph.getStateHistory({ threadId: "tpl-fork" }))[1]!;
  await graph.updateState(older.config, { log: ["edited"] }, { asNode: "draft" });
  await saver.close();
  const db = new Database(file);
  try {
    const ids = Array.from({ length: COPIES }, (_, i) => i + 1).map((n) => ({ n, id: copyId(n), tpl: ["tpl-done", "tpl-wait", "tpl-fail", "tpl-fork"][n % 4]! }));
    db.transaction(() => {
      const copyThread = db.prepare(`INSERT INTO threads SELECT @id, CASE WHEN @n % 5 = 0 THEN 'Audit%Flow' WHEN @n % 11 = 0 THEN 'STRASSE-Straße' ELSE graph_name END, status, last_node, step,
        checkpoint_count, branch_count, head_checkpoint_id, created_at + @n % 11, 1000000 + (@n * 7919) % 600 FROM threads WHERE thread_id = @tpl`);
      const copyCheckpoints = db.prepare(`INSERT INTO checkpoints (thread_id, checkpoint_id, parent_id, step, source, created_at, versions, tasks, writes, interrupt, graph_name, graph_hash, durations, channels, child_count)
        SELECT @id, checkpoint_id, parent_id, step, source, created_at, versions, tasks, writes, interrupt, graph_name, graph_hash, durations, channels, child_count FROM checkpoints WHERE thread_id = @tpl ORDER BY seq`);
      const copyWrites = db.prepare("INSERT INTO writes SELECT @id, checkpoint_id, seq, task_id, node, kind, value FROM writes WHERE thread_id = @tpl");
      for (const copy of ids) for (const statement of [copyThread, copyCheckpoints, copyWrites]) statement.run(copy);
    })();
  } finally {
    db.close();
  }
  source = await ChronographSource.open(file, { onDecodeThread: (id) => decoded.push(id) });
}, 60_000);

afterAll(async () => {
  await source?.close();
  temp?.cleanup();
});

describe("Chronograph's SQLite reader pages the thread list in SQL", () => {
  const queries: ThreadQuery[] = [
    {},
    { limit: 50 },
    { offset: 2_980, limit: 50 },
    { offset: 5_000, limit: 10 },
    { query: "JOB-01", limit: 40 },
    { query: "_01", limit: 500 },
    { query: "%f", limit: 500 },
    { query: "audit%", offset: 20, limit: 30 },
    { query: "  Draft " },
    { query: "ärger-00" },
    { query: "kelvin-01" },
    { query: "straße" },
    { query: "7\u0000" },
    { query: "no such thread" },
    { status: ["interrupted"], offset: 10, limit: 25 },
    { status: ["error", "done"], query: "7", limit: 100 },
    { status: ["pending"] },
    { status: ["pending", "pending"], query: "job", offset: 3, limit: 7 },
  ];

  it.each(queries)("answers %j as the in-memory fallback does, decoding only the page", async (query) => {
    const fallback = pageOf(rollUp(await source.listThreads()), query);
    decoded.length = 0;
    const page = await source.pageThreads(query);
    expect(page).toEqual(fallback);
    expect(decoded).toEqual(fallback.rows.map((row) => row.threadId));
  });

  it("has threads of every status, forks, ties in update time, and matches only JavaScript's lowercase finds", async () => {
    const all = await source.pageThreads({ limit: 1 });
    expect(all.total).toBe(THREADS);
    expect(Math.min(...Object.values(all.counts!))).toBeGreaterThan(700);
    const rows = await source.listThreads();
    expect(rows.some((row) => row.branchCount > 1)).toBe(true);
    expect(new Set(rows.map((row) => row.updatedAt)).size).toBeLessThan(THREADS / 2);
    // SQLite's lower() leaves "Ä" and the Kelvin sign alone; JavaScript's does not.
    expect((await source.pageThreads({ query: "ärger" })).total).toBe(Math.floor(COPIES / 13) - Math.floor(COPIES / (13 * 17)));
    expect((await source.pageThreads({ query: "kelvin" })).total).toBe(Math.floor(COPIES / 17));
    expect((await source.pageThreads({ query: "_0" })).rows.every((row) => row.threadId.startsWith("JOB_0"))).toBe(true);
  });

  it("reads one thread's row, and none for another namespace or an unknown thread", async () => {
    const rows = await source.listThreads();
    const row = rows.find((candidate) => candidate.threadId === "tpl-fork")!;
    expect(await source.threadRow({ threadId: "tpl-fork", namespace: "" })).toEqual(row);
    expect(await source.threadRow({ threadId: "tpl-fork", namespace: "child:1" })).toBeUndefined();
    expect(await source.threadRow({ threadId: "nobody", namespace: "" })).toBeUndefined();
    expect((await source.threadKeys()).map((key) => key.threadId)).toEqual(rows.map((candidate) => candidate.threadId).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it("moves a thread's stamp when it gets a checkpoint or a write that changes its status, and no other", async () => {
    const before = await source.threadStamps();
    expect(before.size).toBe(THREADS);
    expect([...before.keys()].sort()).toEqual((await source.listThreads()).map((row) => row.threadId).sort());
    // Counts are kept between pages while the file does not change; these must not outlive the writes below.
    const counted = (await source.pageThreads({ limit: 1 })).counts!;
    const countedJob = (await source.pageThreads({ query: "job-0000", limit: 1 })).counts!;
    const saver = SqliteSaver.open(file);
    try {
      await review(saver).invoke({ log: ["again"] }, { threadId: "job-00004" });
      const head = (await saver.getTuple("job-00008"))!;
      await saver.putWrites("job-00008", head.record.checkpointId, [{ taskId: "task-x", node: "check", kind: "error", value: { name: "Error", message: "late failure" } }]);
    } finally {
      await saver.close();
    }
    const after = await source.threadStamps();
    const changed = [...after].filter(([id, stamp]) => before.get(id) !== stamp).map(([id]) => id);
    expect(changed.sort()).toEqual(["job-00004", "job-00008"]);
    expect((await source.threadRow({ threadId: "job-00008", namespace: "" }))!.status).toBe("error");
    expect((await source.pageThreads({ limit: 1 })).counts).toEqual({ ...counted, done: counted.done - 1, error: counted.error + 1 });
    expect((await source.pageThreads({ query: "job-0000", limit: 1 })).counts).toEqual({ ...countedJob, done: countedJob.done - 1, error: countedJob.error + 1 });
    const fallback = pageOf(rollUp(await source.listThreads()), { query: "job-0000", limit: 3 });
    expect(await source.pageThreads({ query: "job-0000", limit: 3 })).toEqual(fallback);
  });
});

describe("the backend over a Chronograph SQLite file", () => {
  it("opens it, pages the list and draws a thread without listing every thread", async () => {
    const listed = vi.spyOn(ChronographSource.prototype, "listThreads");
    const service = createDebuggerService({ configDir: join(temp.dir, "config") });
    try {
      const info = await service.openDatabase({ path: file });
      expect(info.threadCount).toBe(THREADS);
      const page = await service.listThreads({ query: "job", status: ["done"], limit: 5 });
      expect(page.rows).toHaveLength(5);
      expect(page.rows.every((row) => row.status === "done" && row.threadId.toLowerCase().includes("job"))).toBe(true);
      const graph = await service.getGraph({ threadId: "tpl-fork" });
      expect(graph.nodes.map((node) => node.id)).toEqual(expect.arrayContaining(["draft", "check"]));
      expect(listed).not.toHaveBeenCalled();
    } finally {
      listed.mockRestore();
      await service.close();
    }
  });
});
