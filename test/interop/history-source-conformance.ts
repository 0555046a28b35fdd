/**
 * The promises of the `HistorySource` interface (core/api/history-source.ts) as one vitest suite. Every
 * reader runs it through `describeHistorySource(name, open)` against a database it can read; the suite
 * only checks what any source must keep, whatever wrote the file:
 * - threads are unique per (thread, namespace), newest-updated first, and agree with their histories;
 * - histories are newest first, ids unique, views equal entries plus detail, lookups by id agree;
 * - unknown threads and checkpoints fail with coded errors that name them;
 * - graphs are well formed; everything is plain JSON; the change token is stable while nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistorySource, TimelineSkeletonRow } from "../../core/api/history-source.ts";
import { rollUpThreads } from "../../core/api/thread-filter.ts";
import type { CheckpointEntry, CheckpointView, ThreadPage, ThreadQuery, ThreadRow } from "../../core/api/types.ts";
import { pageOf, rollUp } from "../../core/debugger/thread-list.ts";

export interface SourceHarness {
  source: HistorySource;
  cleanup(): Promise<void>;
}

/** A view without its detail: what the timeline entry of the same checkpoint must be. */
const entryOf = (view: CheckpointView): CheckpointEntry => {
  const { threadId: _thread, namespace: _namespace, tasks: _tasks, pendingWrites: _pending, values: _values, writes: _writes, warnings: _warnings, ...entry } = view;
  return entry;
};

export function describeHistorySource(name: string, open: () => Promise<SourceHarness>): void {
  describe(`HistorySource conformance: ${name}`, () => {
    let harness: SourceHarness;
    let threads: ThreadRow[];
    beforeAll(async () => {
      harness = await open();
      threads = await harness.source.listThreads();
    });
    afterAll(async () => {
      await harness.source.close();
      await harness.cleanup();
    });

    it("lists each (thread, namespace) once, most recently updated first", () => {
      expect(threads.length).toBeGreaterThan(0);
      const keys = threads.map((row) => JSON.stringify([row.threadId, row.namespace]));
      expect(new Set(keys).size).toBe(keys.length);
      const updated = threads.map((row) => row.updatedAt ?? 0);
      expect(updated).toEqual([...updated].sort((a, b) => b - a));
    });

    it("agrees with each thread's history: head, counts, branches, status", async () => {
      for (const row of threads) {
        const entries = await harness.source.listCheckpoints(row);
        expect(entries[0]!.checkpointId).toBe(row.headCheckpointId);
        expect(entries.length).toBe(row.checkpointCount);
        const parents = new Set(entries.map((entry) => entry.parentId));
        expect(entries.filter((entry) => !parents.has(entry.checkpointId)).length).toBe(row.branchCount);
        expect(row.step).toBe(entries[0]!.step);
        const head = entries[0]!;
        if (row.status === "error") expect(head.errors.length).toBeGreaterThan(0);
        if (row.status === "interrupted") expect(head.interrupted.length + (head.breakpoint?.nodes.length ?? 0)).toBeGreaterThan(0);
        if (row.status === "done") expect(head.next).toEqual([]);
        if (row.status === "pending") expect(head.next.length).toBeGreaterThan(0);
      }
    });

    it("lists histories newest first with unique ids; views are the entries plus detail", async () => {
      for (const row of threads) {
        const entries = await harness.source.listCheckpoints(row);
        const ids = entries.map((entry) => entry.checkpointId);
        expect(new Set(ids).size).toBe(ids.length);
        const created = entries.map((entry) => entry.createdAt ?? 0);
        expect(created).toEqual([...created].sort((a, b) => b - a));
        const views = await harness.source.listCheckpointViews(row);
        expect(views.map(entryOf)).toEqual(entries);
        for (const view of views) {
          expect({ threadId: view.threadId, namespace: view.namespace }).toEqual({ threadId: row.threadId, namespace: row.namespace });
          expect(await harness.source.getCheckpoint(row, view.checkpointId)).toEqual(view);
          expect(JSON.parse(JSON.stringify(view))).toEqual(view);
          for (const task of view.tasks) expect(Array.isArray(task.interrupts)).toBe(true);
        }
      }
    });

    it("gives skeletons and rows by id that agree with the whole history (readers that have them)", async (context) => {
      const { listSkeleton, listCheckpointsByIds } = harness.source;
      if (!listSkeleton || !listCheckpointsByIds) return context.skip();
      const skeletonOf = (entry: TimelineSkeletonRow) => {
        const { checkpointId, parentId, step, source, createdAt, next, errors, interrupted, breakpoint, answered, runId, errorFixed } = entry;
        return JSON.parse(JSON.stringify({ checkpointId, parentId, step, source, createdAt, next, errors, interrupted, breakpoint, answered, runId, errorFixed }));
      };
      for (const row of threads) {
        const entries = await harness.source.listCheckpoints(row);
        expect((await listSkeleton.call(harness.source, row)).map(skeletonOf)).toEqual(entries.map(skeletonOf));
        const picked = entries.filter((_, index) => index % 2 === 0);
        expect(await listCheckpointsByIds.call(harness.source, row, [...picked].reverse().map((entry) => entry.checkpointId).concat("no-such-checkpoint"))).toEqual(picked);
      }
      await expect(listSkeleton.call(harness.source, { threadId: "no such thread \u2603", namespace: "" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND" });
    });

    it("fails with coded errors that name an unknown thread or checkpoint", async () => {
      const row = threads[0]!;
      await expect(harness.source.listCheckpoints({ threadId: "no such thread \u2603", namespace: "" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND", message: expect.stringContaining("no such thread \u2603") });
      await expect(harness.source.getCheckpoint(row, "00000000-0000-6000-8000-000000000000")).rejects.toMatchObject({
        code: "CHECKPOINT_NOT_FOUND",
        message: expect.stringMatching(new RegExp(`00000000-0000-6000-8000-000000000000.*${row.threadId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`)),
      });
    });

    it("draws well-formed graphs", async () => {
      for (const row of threads) {
        const graph = await harness.source.getGraph(row);
        const ids = graph.nodes.map((node) => node.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const edge of graph.edges) expect(ids).toEqual(expect.arrayContaining([edge.from, edge.to]));
        if (graph.origin === "inferred") expect(graph.inferredFrom).toBeGreaterThan(0);
      }
    });

    // The thread list as the backend pages it: the reader's own pageThreads, or its rows rolled up.
    const page = async (query: ThreadQuery): Promise<ThreadPage> =>
      harness.source.pageThreads ? harness.source.pageThreads(query) : pageOf(rollUp(await harness.source.listThreads()), query);
    const byId = (rows: readonly ThreadRow[]) => [...rows].sort((a, b) => (a.threadId < b.threadId ? -1 : 1));

    it("pages one row per thread, subgraph namespaces inside it, with totals and counts of threads", async () => {
      const rolled = rollUpThreads(threads);
      const whole = await page({ limit: 500 });
      expect(whole.total).toBe(new Set(threads.map((row) => row.threadId)).size);
      expect(byId(whole.rows)).toEqual(byId(rolled));
      const updated = whole.rows.map((row) => row.updatedAt ?? 0);
      expect(updated).toEqual([...updated].sort((a, b) => b - a));
      for (const row of whole.rows) {
        const nested = threads.filter((other) => other.threadId === row.threadId && other !== threads.find((t) => t.threadId === row.threadId && t.namespace === row.namespace));
        expect((row.namespaces ?? []).map((ns) => ns.namespace).sort()).toEqual(nested.map((other) => other.namespace).sort());
      }
      const pieces: ThreadRow[] = [];
      for (let offset = 0; offset < whole.total; offset += 2) {
        const next = await page({ offset, limit: 2 });
        expect(next).toMatchObject({ offset, total: whole.total });
        pieces.push(...next.rows);
      }
      expect(pieces.map((row) => row.threadId)).toEqual(whole.rows.map((row) => row.threadId));
      expect((await page({ offset: whole.total, limit: 5 })).rows).toEqual([]);
    });

    it("filters pages by status and text as thread-filter.ts says, counting threads per status", async () => {
      const rolled = rollUpThreads(threads);
      for (const status of ["done", "interrupted", "error", "pending"] as const) {
        const matching = rolled.filter((row) => row.status === status);
        const filtered = await page({ status: [status], limit: 500 });
        expect(filtered.total).toBe(matching.length);
        expect(byId(filtered.rows)).toEqual(byId(matching));
        expect(filtered.counts?.[status]).toBe(matching.length);
      }
      const target = rolled.at(-1)!;
      const found = await page({ query: `  ${target.threadId.toUpperCase()} ` });
      expect(found.rows.map((row) => row.threadId)).toContain(target.threadId);
      expect(await page({ query: "no thread is called this \u2603" })).toMatchObject({ rows: [], total: 0 });
    });

    it("keeps its change token while nothing changes", async () => {
      const token = await harness.source.changeToken();
      await harness.source.listThreads();
      await page({ limit: 3 });
      expect(await harness.source.changeToken()).toBe(token);
    });
  });
}
