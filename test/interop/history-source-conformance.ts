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
import type { HistorySource } from "../../core/api/history-source.ts";
import type { CheckpointEntry, CheckpointView, ThreadRow } from "../../core/api/types.ts";

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

    it("keeps its change token while nothing changes", async () => {
      const token = await harness.source.changeToken();
      await harness.source.listThreads();
      expect(await harness.source.changeToken()).toBe(token);
    });
  });
}
