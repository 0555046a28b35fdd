/**
 * A LangGraph file's long timeline is shown from its skeleton (core/interop/langgraph/skeleton.ts) with
 * only the window's rows decoded (history-window.ts). Differential: on every LangGraph.js fixture, the
 * Python scenario, a generated long thread and copies of them whose checkpoints carry run ids, every
 * window equals the slice of the timeline read from the whole decoded history, run marks included, and
 * every page of full checkpoints equals the whole history's.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ThreadKey } from "../../core/api/types.ts";
import { TimelineCache } from "../../core/debugger/timeline-cache.ts";
import { NamespaceHistory } from "../../core/interop/langgraph/history.ts";
import { SkeletonWindow } from "../../core/interop/langgraph/history-window.ts";
import { plannedTasks } from "../../core/interop/langgraph/next.ts";
import { readLightHistory, readSkeleton } from "../../core/interop/langgraph/skeleton.ts";
import { analyzeCheckpoint, legacySends } from "../../core/interop/langgraph/tasks.ts";
import { NULL_TASK_ID } from "../../core/interop/ids.ts";
import { graphOnly, HistoryViews } from "../../core/interop/langgraph/views.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { countSqlReads } from "../support/sql-reads.ts";
import { wholeReadsOnly } from "../support/whole-reads.ts";
import { tempDir } from "./helpers.ts";
import { langGraphSamples } from "./langgraph-samples.ts";

let temp: { dir: string; cleanup: () => void };
const files: string[] = [];

/** A copy of `file` whose checkpoints carry run ids, three checkpoints per run in id order. */
function withRunIds(file: string): string {
  const copy = file.replace(/\.sqlite$/, "-runs.sqlite");
  const db = new Database(file, { readonly: true });
  db.exec(`VACUUM INTO '${copy}'`);
  db.close();
  const edit = new Database(copy);
  const ids = edit.prepare("SELECT thread_id, checkpoint_ns, checkpoint_id FROM checkpoints ORDER BY checkpoint_id").all() as Array<{ thread_id: string; checkpoint_ns: string; checkpoint_id: string }>;
  const update = edit.prepare(
    "UPDATE checkpoints SET metadata = CASE WHEN typeof(metadata) = 'blob' THEN CAST(json_set(CAST(metadata AS TEXT), '$.run_id', ?) AS BLOB) ELSE json_set(metadata, '$.run_id', ?) END WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?",
  );
  ids.forEach((row, index) => update.run(`run-${Math.floor(index / 3)}`, `run-${Math.floor(index / 3)}`, row.thread_id, row.checkpoint_ns, row.checkpoint_id));
  edit.close();
  return copy;
}

beforeAll(async () => {
  temp = tempDir("chronograph-windows-");
  files.push(...(await langGraphSamples(temp.dir, 257)));
  for (const file of [...files]) files.push(withRunIds(file));
}, 120_000);
afterAll(() => temp?.cleanup());

async function keysOf(source: LangGraphSource): Promise<ThreadKey[]> {
  return (await source.threadKeys()).filter((key) => !(key.threadId.startsWith("thread-") && key.threadId !== "thread-1"));
}

describe("LangGraph timelines from the skeleton", () => {
  it("every window equals the slice of the timeline read whole, run marks included", async () => {
    let windows = 0;
    let marked = 0;
    for (const file of files) {
      const source = await LangGraphSource.open(file);
      try {
        for (const key of await keysOf(source)) {
          const full = await new TimelineCache(wholeReadsOnly(source)).window(key, { offset: 0, limit: 100_000, shape: true }, false);
          marked += full.entries.filter((entry) => entry.run !== undefined).length;
          // The skeleton holds every field of the whole read's rows but who wrote them and durations.
          const rows = (await wholeReadsOnly(source).listCheckpoints(key)).map(({ writers: _writers, durationMs: _duration, ...rest }) => rest);
          expect(await source.listSkeleton(key), `${file} ${key.threadId}`).toEqual(rows);
          const light = new TimelineCache(source);
          for (const limit of [1, 7, 50]) {
            for (let offset = 0; offset < full.total; offset += limit) {
              const window = await light.window(key, { offset, limit, shape: offset === 0 }, false);
              expect(window.total, `${file} ${key.threadId}`).toBe(full.total);
              expect(window.entries, `${file} ${key.threadId}|${key.namespace} at ${offset}`).toEqual(full.entries.slice(window.offset, window.offset + limit));
              if (offset === 0) expect(window.shape).toEqual(full.shape);
              windows += 1;
            }
          }
        }
      } finally {
        await source.close();
      }
    }
    expect(windows).toBeGreaterThan(100);
    expect(marked).toBeGreaterThan(50);
  }, 120_000);

  it("pages of full checkpoints equal the whole history's views", async () => {
    for (const file of files) {
      const source = await LangGraphSource.open(file);
      try {
        for (const key of await keysOf(source)) {
          const views = await source.listCheckpointViews(key);
          const ids = views.map((view) => view.checkpointId);
          // Every thread a window at a time (the reader itself reads short threads whole).
          const window = new SkeletonWindow(source.database, readSkeleton(source.database, key.threadId, key.namespace, source.dialect)!, () => source.views(key), () => source.views(key).graph());
          for (let offset = 0; offset < ids.length; offset += 5) {
            expect(window.views(ids.slice(offset, offset + 5)), `${file} ${key.threadId} at ${offset}`).toEqual(views.slice(offset, offset + 5));
            expect(await source.listCheckpointViewsByIds(key, ids.slice(offset, offset + 5))).toEqual(views.slice(offset, offset + 5));
          }
          expect(await source.listCheckpointIds(key)).toEqual(ids);
        }
      } finally {
        await source.close();
      }
    }
  }, 120_000);

  it("the skeleton's facts about a namespace equal the whole history's", async () => {
    for (const file of files) {
      const source = await LangGraphSource.open(file);
      try {
        for (const key of await keysOf(source)) {
          const history = NamespaceHistory.load(source.database, key.threadId, key.namespace, source.dialect)!;
          const skeleton = readSkeleton(source.database, key.threadId, key.namespace, source.dialect)!;
          expect([...skeleton.nodes].sort(), `${file} ${key.threadId}`).toEqual([...history.nodes].sort());
          expect(new Map([...skeleton.triggers].sort()), `${file} ${key.threadId}`).toEqual(new Map([...history.triggers].sort()));
          expect(skeleton.children).toEqual(history.children);
          expect(skeleton.rows.map((row) => [row.id, row.parentId, row.step, row.source, row.createdAt])).toEqual(history.ordered.map((c) => [c.id, c.parentId, c.step, c.source, c.createdAt]));
          expect(skeleton.orphanWrites.map((write) => write.checkpointId)).toEqual(history.orphanWrites.map((write) => write.checkpointId));
        }
      } finally {
        await source.close();
      }
    }
  });

  it("the graph inferred from the history without values is the whole history's", async () => {
    for (const file of files) {
      const source = await LangGraphSource.open(file);
      try {
        for (const key of await keysOf(source)) {
          const whole = source.views(key).graph();
          const history = readLightHistory(source.database, key.threadId, key.namespace, source.dialect, true)!;
          expect(new HistoryViews(history).graph(), `${file} ${key.threadId}`).toEqual(whole);
          // Inferred keeping no analysis (each checkpoint's read once, a child's ahead of its turn): the same graph.
          expect(graphOnly(history), `${file} ${key.threadId}`).toEqual(whole);
          expect(await source.getGraph(key)).toEqual(whole.view);
        }
      } finally {
        await source.close();
      }
    }
  });

  it("the skeleton plans each checkpoint's tasks once, as the whole history plans them apart, and the graph inferred from the same read reuses them", async () => {
    let checkpoints = 0;
    for (const file of files) {
      const source = await LangGraphSource.open(file);
      try {
        for (const key of await keysOf(source)) {
          const where = `${file} ${key.threadId}|${key.namespace}`;
          const whole = NamespaceHistory.load(source.database, key.threadId, key.namespace, source.dialect)!;
          const light = readLightHistory(source.database, key.threadId, key.namespace, source.dialect, true)!;
          const skeleton = readSkeleton(source.database, key.threadId, key.namespace, source.dialect, light)!;
          expect(light.planned.size, where).toBe(light.ordered.length);
          for (const [index, checkpoint] of light.ordered.entries()) {
            const planned = light.planned.get(checkpoint.id)!;
            const apart = plannedTasks({
              checkpoint: whole.byId.get(checkpoint.id)!,
              nullWrites: whole.writesOf(checkpoint.id).filter((write) => write.taskId === NULL_TASK_ID),
              legacySends: legacySends(whole, whole.byId.get(checkpoint.id)!),
              nodes: whole.nodes,
            });
            expect(planned, `${where} ${checkpoint.id}`).toEqual(apart);
            expect(skeleton.rows[index]!.next).toEqual(apart.map((task) => task.name));
            // The graph's analysis of the checkpoint takes the very tasks the skeleton planned.
            analyzeCheckpoint(light, checkpoint).tasks.forEach((task, at) => expect(task.planned).toBe(planned[at]));
            checkpoints += 1;
          }
          expect(graphOnly(light), where).toEqual(new HistoryViews(whole).graph());
          expect(light.planned.size, where).toBe(light.ordered.length);
          // Equal plans of pull tasks are one list (a long thread plans the same few over and over).
          const pulls = [...light.planned.values()].filter((plan) => plan.every((task) => task.kind === "pull"));
          expect(new Set(pulls).size, where).toBe(new Set(pulls.map((plan) => JSON.stringify(plan))).size);
        }
      } finally {
        await source.close();
      }
    }
    expect(checkpoints).toBeGreaterThan(500);
  });

  it("opening a thread (skeleton and graph, either first) reads its checkpoints' JSON once and gives what each read alone gives", async () => {
    let opened = 0;
    for (const file of files) {
      const lister = await LangGraphSource.open(file);
      const keys = await keysOf(lister);
      await lister.close();
      const expected = new Map<string, unknown>();
      for (const key of keys) {
        for (const what of ["skeleton", "graph"]) {
          const alone = await LangGraphSource.open(file);
          expected.set(`${key.threadId}\u0000${key.namespace}:${what}`, what === "skeleton" ? await alone.listSkeleton(key) : await alone.getGraph(key));
          await alone.close();
        }
      }
      opened += keys.length;
      for (const graphFirst of [true, false]) {
        const source = await LangGraphSource.open(file);
        // The thread's pages of JSON (a window's rows, named by id, are read apart: the skeleton's rows with errors or interrupts).
        const jsonReads = countSqlReads(source.database, (sql) => sql.includes("AS light") && !sql.includes("checkpoint_id IN ("));
        try {
          for (const key of keys) {
            const before = jsonReads();
            const graph = graphFirst ? await source.getGraph(key) : undefined;
            const skeleton = await source.listSkeleton(key);
            const after = graphFirst ? graph : await source.getGraph(key);
            expect(skeleton, `${file} ${key.threadId}`).toEqual(expected.get(`${key.threadId}\u0000${key.namespace}:skeleton`));
            expect(after, `${file} ${key.threadId}`).toEqual(expected.get(`${key.threadId}\u0000${key.namespace}:graph`));
            expect(jsonReads() - before, `${file} ${key.threadId}`).toBe(1);
          }
        } finally {
          await source.close();
        }
      }
    }
    expect(opened).toBeGreaterThan(files.length);
  });

  it("a thread opened keeps its read without values for its graph while other threads' graphs are inferred first", async () => {
    // The app's graph of a thread is the union of the newest threads' (session.ts): the one opened is not always the first inferred.
    const file = files.find((name) => name.endsWith("/long.sqlite"))!;
    const long = { threadId: "long-thread", namespace: "" };
    const alone = await LangGraphSource.open(file);
    const expected = await alone.getGraph(long);
    const others = (await alone.threadKeys()).filter((key) => key.threadId !== long.threadId);
    await alone.close();
    expect(others.length).toBeGreaterThan(1);
    const source = await LangGraphSource.open(file);
    try {
      const threadReads = countSqlReads(source.database, (sql) => sql.includes("AS light") && !sql.includes("checkpoint_id IN ("));
      await source.listSkeleton(long);
      for (const other of others) await source.getGraph(other);
      expect(await source.getGraph(long)).toEqual(expected);
      // Each thread's checkpoints read once: the long thread's read by its skeleton served its graph.
      expect(threadReads()).toBe(1 + others.length);
    } finally {
      await source.close();
    }
  });

  it("the history without values is read a page at a time and equals one read of it", async () => {
    let paged = 0;
    for (const file of files) {
      const source = await LangGraphSource.open(file);
      const db = source.database;
      const all = db.all.bind(db);
      let largest = 0;
      db.all = ((sql: string, ...params: unknown[]) => {
        const rows = all(sql, ...params);
        if (sql.includes("AS light") || sql.includes("AS valued")) largest = Math.max(largest, rows.length);
        return rows;
      }) as typeof db.all;
      try {
        for (const key of await keysOf(source)) {
          const whole = readLightHistory(db, key.threadId, key.namespace, source.dialect, true, 1_000_000)!;
          largest = 0;
          const pages = readLightHistory(db, key.threadId, key.namespace, source.dialect, true, 50)!;
          expect(largest, `${file} ${key.threadId}`).toBeLessThanOrEqual(50);
          if (whole.ordered.length > 50 || [...whole.writes.values()].flat().length > 50) paged += 1;
          expect(pages.ordered, `${file} ${key.threadId}`).toEqual(whole.ordered);
          expect([...pages.writes].sort(), `${file} ${key.threadId}`).toEqual([...whole.writes].sort());
          expect(pages.orphanWrites).toEqual(whole.orphanWrites);
          expect(readSkeleton(db, key.threadId, key.namespace, source.dialect, pages)).toEqual(readSkeleton(db, key.threadId, key.namespace, source.dialect, whole));
          expect(new HistoryViews(pages).graph()).toEqual(new HistoryViews(whole).graph());
        }
      } finally {
        await source.close();
      }
    }
    expect(paged).toBeGreaterThan(0);
  });

  it("a long thread's checkpoint and whole timeline are read a window at a time, not the whole thread, and equal the whole history's", async () => {
    let long = 0;
    for (const file of files) {
      const whole = await LangGraphSource.open(file);
      const source = await LangGraphSource.open(file);
      const wholeReads = countSqlReads(source.database, (sql) => /checkpoint, metadata\s+FROM checkpoints WHERE thread_id = \? AND checkpoint_ns = \? ORDER BY checkpoint_id$/.test(sql.trim()));
      try {
        for (const key of await keysOf(source)) {
          const views = await whole.listCheckpointViews(key);
          if (views.length <= 256) continue;
          long += 1;
          for (const view of [views[0]!, views[Math.floor(views.length / 2)]!, views.at(-1)!]) expect(await source.getCheckpoint(key, view.checkpointId), `${file} ${key.threadId}`).toEqual(view);
          const timeline = await source.listCheckpoints(key);
          expect(timeline, `${file} ${key.threadId}`).toEqual(await wholeReadsOnly(whole).listCheckpoints(key));
          // Kept with the skeleton until the file changes: asked again, nothing is decoded.
          const windowReads = countSqlReads(source.database, (sql) => sql.includes("checkpoint_id IN ("));
          expect(await source.listCheckpoints(key)).toEqual(timeline);
          expect(windowReads(), `${file} ${key.threadId}`).toBe(0);
          await expect(source.getCheckpoint(key, "no-such-checkpoint")).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND", message: expect.stringContaining('"no-such-checkpoint"') });
        }
        // Deltas need ancestors (a whole read); the generated long threads have none.
        expect(wholeReads(), file).toBe(0);
      } finally {
        await source.close();
        await whole.close();
      }
    }
    expect(long).toBeGreaterThan(0);
  });

  it("a thread with no checkpoints is THREAD_NOT_FOUND naming it", async () => {
    const source = await LangGraphSource.open(files[0]!);
    try {
      await expect(source.listSkeleton({ threadId: "nobody", namespace: "" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND", message: expect.stringContaining('"nobody"') });
    } finally {
      await source.close();
    }
  });
});
