/**
 * Thread rows that lag their checkpoints (schema version 4, thread-lag.ts): while a run writes, its puts
 * leave the `threads` row behind, yet every reader (listThreads, the thread pages, change notices) answers
 * exactly what a settled file answers, also after a writer dies without settling, beside a second writer
 * forking the same thread, and around prune and delete.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { END, START, StateGraph, lastValue, reducer } from "../../index.ts";
import type { ThreadSummary } from "../../checkpoint/types.ts";
import { IDLE_SETTLE_MS, MAX_LAGGING } from "./lag-writer.ts";
import { SqliteSaver } from "./saver.ts";
import { SqliteThreadChanges } from "./thread-changes.ts";
import { installThreadRows, prepareLag } from "./thread-lag.ts";
import { SqliteThreadPages } from "./thread-page.ts";

const folders: string[] = [];
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFile(): string {
  const folder = mkdtempSync(join(tmpdir(), "chronograph-lag-"));
  folders.push(folder);
  return join(folder, "checkpoints.db");
}

function open(file: string, readonly = false): SqliteSaver {
  const saver = SqliteSaver.open(file, { readonly });
  closers.push(() => saver.close());
  return saver;
}

/** A node that stops at n = `at` until released. */
function gate(at: number) {
  let reached!: () => void;
  let release!: () => void;
  const paused = new Promise<void>((resolve) => (reached = resolve));
  const resumed = new Promise<void>((resolve) => (release = resolve));
  return { at, paused, release, wait: async (n: number) => (n === at ? (reached(), resumed) : undefined) };
}

/** A counter that steps n up to `end`, waiting at its gate. */
function counter(saver: SqliteSaver, end: number, stop?: ReturnType<typeof gate>) {
  return new StateGraph<{ n: number }>({ name: "lag-counter", channels: { n: lastValue(0) } })
    .addNode("inc", async (state) => {
      await stop?.wait(state.n);
      return { n: state.n + 1 };
    })
    .addEdge(START, "inc")
    .addConditionalEdges("inc", (state) => (state.n >= end ? END : "inc"), ["inc", END])
    .compile({ checkpointer: saver });
}

/** The file's raw bookkeeping: marked threads and the stored rows' counts. */
function raw(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      marked: db.prepare("SELECT thread_id FROM thread_lag ORDER BY thread_id").pluck().all() as string[],
      counts: Object.fromEntries(db.prepare("SELECT thread_id, checkpoint_count FROM threads").raw().all() as Array<[string, number]>),
    };
  } finally {
    db.close();
  }
}

/** A copy of the file with its WAL, as a reader would see it now. */
function copyWithWal(file: string): string {
  const copy = tempFile();
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  return copy;
}

/** What a settled copy of the file lists: copied with its WAL, opened for writing (which settles every lagging row), listed. */
async function settledCopy(file: string): Promise<ThreadSummary[]> {
  const copy = copyWithWal(file);
  const saver = SqliteSaver.open(copy);
  try {
    expect(raw(copy).marked).toEqual([]);
    return await saver.listThreads();
  } finally {
    await saver.close();
  }
}

/** Summaries as the history says they must be: one per checkpoint, leaves counted, the newest as head. */
async function fromHistory(saver: SqliteSaver, threadId: string) {
  const history = await saver.list(threadId);
  const parents = new Set(history.map((tuple) => tuple.record.parentId));
  return {
    checkpointCount: history.length,
    branchCount: history.filter((tuple) => !parents.has(tuple.record.checkpointId)).length,
    headCheckpointId: history[0]!.record.checkpointId,
    step: history[0]!.record.step,
  };
}

describe("a thread whose summary row lags its checkpoints", () => {
  it("lists exactly mid-run (reader saver, thread pages, row) what the settled file lists, and after the run until its batch is settled", async () => {
    const file = tempFile();
    const writer = open(file);
    const stop = gate(6);
    const run = counter(writer, 10, stop).invoke({ n: 0 }, { threadId: "t" });
    await stop.paused;

    // The run deferred its puts: the stored row is behind, and the thread is marked.
    const before = raw(file);
    expect(before.marked).toEqual(["t"]);
    expect(before.counts.t).toBe(1);

    const settled = await settledCopy(file);
    expect(settled[0]).toMatchObject({ threadId: "t", checkpointCount: 7, branchCount: 1, step: 5, status: "pending", writers: ["inc"] });
    const reader = open(file, true);
    expect(await reader.listThreads()).toEqual(settled);
    expect(await reader.getTuple("t")).toMatchObject({ record: { checkpointId: settled[0]!.headCheckpointId }, values: { n: 6 } });
    const pages = new SqliteThreadPages(file, 1000);
    closers.push(() => pages.close());
    const page = pages.page({ offset: 0, limit: 10, status: ["pending"], query: "lag" });
    expect(page.total).toBe(1);
    expect(page.rows).toEqual(settled.map((summary) => ({ ...summary, namespace: "" })));
    expect(pages.row("t")).toEqual({ ...settled[0], namespace: "" });

    stop.release();
    expect((await run).n).toBe(10);
    // The run's last put deferred too: its row waits for the next batch (here the writer's close).
    expect(raw(file)).toEqual({ marked: ["t"], counts: { t: 1 } });
    expect(await reader.listThreads()).toEqual(await settledCopy(file));
    expect((await reader.listThreads())[0]).toMatchObject({ checkpointCount: 11, status: "done", step: 9 });
    await writer.close();
    expect(raw(file)).toEqual({ marked: [], counts: { t: 11 } });
    expect((await reader.listThreads())[0]).toMatchObject({ checkpointCount: 11, status: "done", step: 9 });
  });

  it("opens a new thread in one statement: its first checkpoint, a summary row as the settled file has it, and its mark", async () => {
    const file = tempFile();
    const writer = open(file);
    const stop = gate(0);
    const run = counter(writer, 3, stop).invoke({ n: 0 }, { threadId: "new" });
    await stop.paused;
    // Only the input checkpoint is stored: its row was written with it, and the thread marked.
    const rowOf = (path: string) => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare("SELECT * FROM threads WHERE thread_id = 'new'").get();
      } finally {
        db.close();
      }
    };
    expect(raw(file)).toEqual({ marked: ["new"], counts: { new: 1 } });
    const settled = await settledCopy(file);
    expect(settled).toEqual([expect.objectContaining({ threadId: "new", checkpointCount: 1, branchCount: 1, step: -1, status: "pending", writers: [] })]);
    // A writable open of a copy settles the row from the checkpoints: it finds nothing to change.
    const copy = copyWithWal(file);
    await open(copy).close();
    expect(rowOf(file)).toEqual(rowOf(copy));
    stop.release();
    expect((await run).n).toBe(3);
    expect(await open(file, true).listThreads()).toEqual(await settledCopy(file));
  });

  it("writes a new thread's first checkpoint the usual way when another writer stored the thread since", async () => {
    const file = tempFile();
    const first = open(file);
    const second = open(file);
    // Both start the thread (each found it empty): the second's root lands first.
    const root = (checkpointId: string, createdAt: number) => ({
      threadId: "both",
      checkpointId,
      parentId: null,
      step: -1,
      source: "input" as const,
      createdAt,
      versions: { n: checkpointId },
      tasks: [{ id: "inc", node: "inc" }],
      writes: { __start__: { n: 0 } },
      breakpoint: null,
      graph: { name: "lag-counter", hash: "h" },
    });
    await second.put(root("01a00000-0000-7000-8000-000000000001", 1_700_000_000_000), [{ channel: "n", kind: "full", value: 0 }]);
    await first.put(root("01a00000-0000-7000-8000-000000000002", 1_700_000_000_001), [{ channel: "n", kind: "full", value: 0 }]);
    // Two roots, two leaves, both stored, the row current (the one-statement insert was refused whole).
    const reader = open(file, true);
    expect((await reader.list("both")).map((tuple) => tuple.record.checkpointId)).toEqual(["01a00000-0000-7000-8000-000000000002", "01a00000-0000-7000-8000-000000000001"]);
    expect((await reader.listThreads())[0]).toMatchObject({ threadId: "both", checkpointCount: 2, branchCount: 2, headCheckpointId: "01a00000-0000-7000-8000-000000000002" });
    expect(await reader.listThreads()).toEqual(await settledCopy(file));
  });

  it("stays exact after its writer dies unsettled, and the next writable open settles it", async () => {
    const file = tempFile();
    const writer = open(file);
    const stop = gate(4);
    void counter(writer, 10, stop).invoke({ n: 0 }, { threadId: "crashed" });
    await stop.paused;
    // The writer is abandoned here (never released, settled or closed), as if its process had died.
    expect(raw(file).marked).toEqual(["crashed"]);
    const reader = open(file, true);
    const listed = await reader.listThreads();
    expect(listed[0]).toMatchObject({ threadId: "crashed", ...(await fromHistory(reader, "crashed")), status: "pending" });

    const next = open(file);
    expect(raw(file).marked).toEqual([]);
    expect(raw(file).counts.crashed).toBe(5);
    expect(await next.listThreads()).toEqual(listed);
    expect(await reader.listThreads()).toEqual(listed);
  });

  it("stops deferring a run's puts once another writer's open settled its row, and stays exact", async () => {
    const file = tempFile();
    const writer = open(file);
    const stop = gate(4);
    const run = counter(writer, 10, stop).invoke({ n: 0 }, { threadId: "resumed" });
    await stop.paused;
    expect(raw(file).marked).toEqual(["resumed"]);
    // A second writable open settles every lagging row, this live writer's too.
    open(file);
    expect(raw(file)).toEqual({ marked: [], counts: { resumed: 5 } });

    stop.release();
    expect((await run).n).toBe(10);
    // The writer's next put found its thread unmarked, so it wrote the row itself (and marked the thread
    // again, the run going on); only the puts after it were deferred.
    expect(raw(file)).toEqual({ marked: ["resumed"], counts: { resumed: 6 } });
    const reader = open(file, true);
    expect((await reader.listThreads())[0]).toMatchObject({ ...(await fromHistory(reader, "resumed")), checkpointCount: 11, status: "done" });
    expect(await reader.listThreads()).toEqual(await settledCopy(file));
  });

  it("keeps checkpoint and branch counts exact when a second writer forks the thread from an older checkpoint meanwhile", async () => {
    const file = tempFile();
    const first = open(file);
    // Opened before the run: a writable open settles every lagging row it finds.
    const second = open(file);
    const stop = gate(5);
    const run = counter(first, 9, stop).invoke({ n: 0 }, { threadId: "shared" });
    await stop.paused;
    expect(raw(file).marked).toEqual(["shared"]);

    const other = counter(second, 9);
    const old = (await second.list("shared"))[3]!;
    await other.updateState({ threadId: "shared", checkpointId: old.record.checkpointId }, { n: 100 }, { asNode: "inc" });
    const reader = open(file, true);
    expect((await reader.listThreads())[0]).toMatchObject(await fromHistory(reader, "shared"));
    expect((await reader.listThreads())[0]!.branchCount).toBe(2);

    stop.release();
    await run;
    const listed = (await reader.listThreads())[0]!;
    expect(listed).toMatchObject(await fromHistory(reader, "shared"));
    expect(listed).toMatchObject({ branchCount: 2, checkpointCount: 11, status: "done" });
    expect(await reader.listThreads()).toEqual(await settledCopy(file));
  });

  it("gives a change notice for each checkpoint a lagging thread gains", async () => {
    const file = tempFile();
    const writer = open(file);
    const first = gate(3);
    const graph = counter(writer, 10, first);
    const changes = new SqliteThreadChanges(file, 1000);
    closers.push(() => changes.close());
    expect(changes.changed()).toEqual([]);
    const run = graph.invoke({ n: 0 }, { threadId: "live" });
    await first.paused;
    expect(changes.changed()).toEqual(["live"]);
    expect(changes.changed()).toEqual([]);
    // One more deferred put (no thread row written): still a notice.
    const tuple = (await writer.getTuple("live"))!;
    const marked = raw(file);
    expect(marked.marked).toEqual(["live"]);
    await writer.putWrites("live", tuple.record.checkpointId, [{ taskId: tuple.record.tasks[0]!.id, node: "inc", kind: "error", value: { message: "boom", name: "Error" } }]);
    expect(raw(file).counts).toEqual(marked.counts);
    expect(changes.changed()).toEqual(["live"]);
    expect((await writer.listThreads())[0]!.status).toBe("error");
    first.release();
    await run;
    // The run's last put deferred: a notice all the same.
    expect(raw(file).marked).toEqual(["live"]);
    expect(changes.changed()).toEqual(["live"]);
    expect((await writer.listThreads())[0]).toMatchObject({ status: "done", checkpointCount: 11 });
    // Settling its batch changes nothing a reader sees: no notice.
    await writer.close();
    expect(raw(file)).toEqual({ marked: [], counts: { live: 11 } });
    expect(changes.changed()).toEqual([]);
  });

  it("writes a value too large to sit inline in its put's transaction, and keeps deferring after it", async () => {
    const file = tempFile();
    const writer = open(file);
    const stop = gate(8);
    // At step 3 the note is too long to sit inline and is not the step's write itself: the blobs table.
    const notes = reducer((_: string, update: string) => (update.length > 100 ? `${update}!` : update), "");
    const graph = new StateGraph<{ n: number; note: string }>({ name: "lag-large", channels: { n: lastValue(0), note: notes } })
      .addNode("inc", async (state) => {
        await stop.wait(state.n);
        return { n: state.n + 1, note: state.n === 3 ? "x".repeat(3000) : "y" };
      })
      .addEdge(START, "inc")
      .addConditionalEdges("inc", (state) => (state.n >= 10 ? END : "inc"), ["inc", END])
      .compile({ checkpointer: writer });
    const run = graph.invoke({ n: 0, note: "" }, { threadId: "large" });
    await stop.paused;
    const db = new Database(file, { readonly: true });
    const blobs = db.prepare("SELECT count(*) FROM blobs").pluck().get();
    db.close();
    expect(blobs).toBe(1);
    // Marked still, with the row brought current at the large put (5 checkpoints) and 4 deferred since.
    expect(raw(file)).toEqual({ marked: ["large"], counts: { large: 5 } });
    const reader = open(file, true);
    expect(await reader.listThreads()).toEqual(await settledCopy(file));
    expect((await reader.listThreads())[0]).toMatchObject({ checkpointCount: 9, step: 7 });
    expect((await reader.list("large"))[4]!.values.note).toBe(`${"x".repeat(3000)}!`);
    stop.release();
    expect((await run).n).toBe(10);
    expect(raw(file)).toEqual({ marked: ["large"], counts: { large: 5 } });
    expect(await reader.listThreads()).toEqual(await settledCopy(file));
    await writer.close();
    expect(raw(file)).toEqual({ marked: [], counts: { large: 11 } });
  });

  it("is settled by its writer after an idle spell, even while the run has not ended", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const file = tempFile();
      const writer = open(file);
      const stop = gate(4);
      const run = counter(writer, 6, stop).invoke({ n: 0 }, { threadId: "idle" });
      await stop.paused;
      expect(raw(file)).toEqual({ marked: ["idle"], counts: { idle: 1 } });
      // One period with puts in it, then one without: settled.
      vi.advanceTimersByTime(IDLE_SETTLE_MS);
      expect(raw(file).marked).toEqual(["idle"]);
      vi.advanceTimersByTime(IDLE_SETTLE_MS);
      expect(raw(file)).toEqual({ marked: [], counts: { idle: 5 } });
      stop.release();
      expect((await run).n).toBe(6);
      // The put after the idle settle marked the thread again; the run's end leaves it to the next idle spell.
      expect(raw(file)).toEqual({ marked: ["idle"], counts: { idle: 6 } });
      vi.advanceTimersByTime(2 * IDLE_SETTLE_MS);
      expect(raw(file)).toEqual({ marked: [], counts: { idle: 7 } });
      expect((await writer.listThreads())[0]).toMatchObject(await fromHistory(writer, "idle"));
    } finally {
      vi.useRealTimers();
    }
  });

  it("lists exactly (count, head, step, status, branches) with many ended runs waiting for their batch: done, failed, interrupted, forked", async () => {
    const file = tempFile();
    const writer = open(file);
    for (let i = 0; i < 12; i += 1) await counter(writer, 3 + i).invoke({ n: 0 }, { threadId: `done-${i}` });
    const failing = new StateGraph<{ n: number }>({ name: "lag-failing", channels: { n: lastValue(0) } })
      .addNode("inc", async (state) => {
        if (state.n === 4) throw new Error("boom at 4");
        return { n: state.n + 1 };
      })
      .addEdge(START, "inc")
      .addConditionalEdges("inc", () => "inc", ["inc"])
      .compile({ checkpointer: writer });
    await expect(failing.invoke({ n: 0 }, { threadId: "failed" })).rejects.toThrow("boom at 4");
    const paused = new StateGraph<{ n: number }>({ name: "lag-paused", channels: { n: lastValue(0) } })
      .addNode("inc", async (state) => ({ n: state.n + 1 }))
      .addNode("stop", async (state) => ({ n: state.n * 10 }))
      .addEdge(START, "inc")
      .addConditionalEdges("inc", (state) => (state.n >= 5 ? "stop" : "inc"), ["inc", "stop"])
      .addEdge("stop", END)
      .compile({ checkpointer: writer, interruptBefore: ["stop"] });
    await paused.invoke({ n: 0 }, { threadId: "interrupted" });
    // A second run on an ended thread defers from its first put; a fork from an older checkpoint takes the full path.
    await counter(writer, 6).invoke({ n: 0 }, { threadId: "done-0" });
    const old = (await writer.list("done-1"))[2]!;
    await counter(writer, 9).updateState({ threadId: "done-1", checkpointId: old.record.checkpointId }, { n: 50 }, { asNode: "inc" });

    const stored = raw(file);
    // Every thread but the forked one (its fork settled its row in the fork's transaction) waits for its batch, rows unwritten since their first put.
    const waiting = [...Array.from({ length: 12 }, (_, i) => `done-${i}`).filter((id) => id !== "done-1"), "failed", "interrupted"].sort();
    expect(stored.marked).toEqual(waiting);
    for (const id of waiting) expect(stored.counts[id]).toBe(1);
    const settled = await settledCopy(file);
    const reader = open(file, true);
    expect(await reader.listThreads()).toEqual(settled);
    const byId = Object.fromEntries(settled.map((summary) => [summary.threadId, summary]));
    expect(byId["done-2"]).toMatchObject({ checkpointCount: 6, step: 4, status: "done", branchCount: 1 });
    expect(byId["done-0"]).toMatchObject({ ...(await fromHistory(reader, "done-0")), status: "done" });
    expect(byId["done-1"]).toMatchObject({ ...(await fromHistory(reader, "done-1")), branchCount: 2 });
    expect(byId.failed).toMatchObject({ ...(await fromHistory(reader, "failed")), status: "error" });
    expect(byId.interrupted).toMatchObject({ ...(await fromHistory(reader, "interrupted")), status: "interrupted" });
    const pages = new SqliteThreadPages(file, 1000);
    closers.push(() => pages.close());
    const page = pages.page({ offset: 0, limit: 100 });
    expect(page.rows).toEqual(settled.map((summary) => ({ ...summary, namespace: "" })));

    await writer.close();
    expect(raw(file).marked).toEqual([]);
    expect(await reader.listThreads()).toEqual(settled);
  });

  it("settles a batch of ended runs when its marks reach the bound, inside the put that would mark one more", async () => {
    const file = tempFile();
    const writer = open(file);
    for (let i = 0; i < MAX_LAGGING; i += 1) await counter(writer, 2).invoke({ n: 0 }, { threadId: `r-${String(i).padStart(3, "0")}` });
    expect(raw(file).marked).toHaveLength(MAX_LAGGING);
    const stop = gate(1);
    const run = counter(writer, 3, stop).invoke({ n: 0 }, { threadId: "next" });
    await stop.paused;
    const stored = raw(file);
    expect(stored.marked).toEqual(["next"]);
    expect(Object.values(stored.counts).filter((count) => count === 3)).toHaveLength(MAX_LAGGING);
    stop.release();
    await run;
    expect(await writer.listThreads()).toEqual(await settledCopy(file));
  });

  it("stays exact when its writer dies with a batch pending, and the next writable open settles the batch", async () => {
    const file = tempFile();
    const writer = open(file);
    for (let i = 0; i < 5; i += 1) await counter(writer, 4 + i).invoke({ n: 0 }, { threadId: `c-${i}` });
    const stop = gate(2);
    void counter(writer, 6, stop).invoke({ n: 0 }, { threadId: "mid" });
    await stop.paused;
    // The writer is abandoned here (never released or closed), as if its process had died.
    expect(raw(file).marked).toEqual(["c-0", "c-1", "c-2", "c-3", "c-4", "mid"]);
    const reader = open(file, true);
    const listed = await reader.listThreads();
    for (const summary of listed) expect(summary).toMatchObject(await fromHistory(reader, summary.threadId));
    expect(listed.map((summary) => summary.status).sort()).toEqual(["done", "done", "done", "done", "done", "pending"]);

    const next = open(file);
    expect(raw(file).marked).toEqual([]);
    expect(raw(file).counts).toEqual({ "c-0": 5, "c-1": 6, "c-2": 7, "c-3": 8, "c-4": 9, mid: 3 });
    expect(await next.listThreads()).toEqual(listed);
    expect(await reader.listThreads()).toEqual(listed);
  });

  it("prunes and deletes a lagging thread exactly", async () => {
    const file = tempFile();
    const writer = open(file);
    // Opened before the run: a writable open settles every lagging row it finds.
    const other = open(file);
    await counter(other, 3).invoke({ n: 0 }, { threadId: "kept" });
    const stop = gate(6);
    void counter(writer, 10, stop).invoke({ n: 0 }, { threadId: "pruned" });
    await stop.paused;
    // "kept"'s run ended and waits for its batch; "pruned" is mid-run.
    expect(raw(file).marked).toEqual(["kept", "pruned"]);

    expect(await other.prune({ keepLast: 2 })).toEqual({ removed: 5 + 2 });
    const reader = open(file, true);
    const pruned = (await reader.listThreads()).find((thread) => thread.threadId === "pruned")!;
    expect(pruned).toMatchObject({ ...(await fromHistory(reader, "pruned")), checkpointCount: 2 });
    expect(raw(file).counts.pruned).toBe(2);

    await other.deleteThread("pruned");
    expect((await reader.listThreads()).map((thread) => thread.threadId)).toEqual(["kept"]);
    expect(raw(file).marked).toEqual([]);
  });
});

describe("settling a row its writer knows (settleKnown)", () => {
  it("writes the known summary only while the file is as the writer left it, and then exactly what readers computed", async () => {
    const file = tempFile();
    const writer = open(file);
    await counter(writer, 3).invoke({ n: 0 }, { threadId: "known" });
    // The run ended; its row waits for the next batch, and readers compute it meanwhile.
    expect(raw(file)).toEqual({ marked: ["known"], counts: { known: 1 } });
    const computed = (await open(file, true).listThreads())[0]!;
    const head = (await writer.getTuple("known"))!.record;

    const db = new Database(file);
    closers.push(() => db.close());
    installThreadRows(db);
    const lag = prepareLag(db);
    const base = db.prepare("SELECT head_checkpoint_id FROM threads WHERE thread_id = ?").pluck().get("known") as string;
    const known = { thread: "known", base, head: head.checkpointId, count: 3, graph: "lag-counter", status: "done", lastNode: "inc", step: head.step, time: head.createdAt };
    // Each guard refuses a file that is not as described: one count too many, another base, another head.
    expect(lag.settleKnown({ ...known, count: 4 })).toBe(false);
    expect(lag.settleKnown({ ...known, base: head.checkpointId })).toBe(false);
    expect(lag.settleKnown({ ...known, head: base })).toBe(false);
    expect(raw(file).counts.known).toBe(1);

    expect(lag.settleKnown(known)).toBe(true);
    lag.unmark.run("known");
    expect(raw(file)).toEqual({ marked: [], counts: { known: 4 } });
    expect((await open(file, true).listThreads())[0]).toEqual(computed);
  });
});
