/**
 * Differential: for every LangGraph.js fixture, what the reader reports equals what LangGraph.js itself
 * answered right after the run (`.expected.json`: SqliteSaver.list, getStateHistory, getState) — thread
 * ids, checkpoint ids and order, parents, steps, sources, writers, next nodes, tasks (ids, errors,
 * interrupts), pending writes, values, the tree's roots/leaves/branch points, the head's `next`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectKind } from "../../core/interop/detect.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import type { CheckpointView } from "../../core/api/types.ts";
import { checksums, expectedOf, fixtureNames, FIXTURES, type ExpectedCheckpoint, type ExpectedTask } from "./helpers.ts";
import { join } from "node:path";

const CHANNEL_OF_KIND: Record<string, string> = { error: "__error__", interrupt: "__interrupt__", resume: "__resume__", scheduled: "__scheduled__" };

/** Our task as the oracle describes tasks: interrupts are listed whether answered or not there. */
function taskSummary(view: CheckpointView, task: CheckpointView["tasks"][number]) {
  const stored = view.pendingWrites.filter((write) => write.taskId === task.id && write.kind === "interrupt").at(-1);
  const interrupts = stored ? (stored.value as Array<{ id: string; value: unknown }>) : [];
  return { id: task.id, name: task.name, error: task.error ?? null, interrupts, has_result: task.result !== undefined };
}

const expectedTask = (task: ExpectedTask) => ({ id: task.id, name: task.name, error: task.error, interrupts: task.interrupts, has_result: task.has_result });

for (const name of fixtureNames()) {
  describe(`LangGraph.js fixture ${name}`, () => {
    const file = join(FIXTURES, name);
    const expected = expectedOf(name);
    let source: LangGraphSource;
    let before: Record<string, string>;

    beforeAll(async () => {
      before = checksums(file);
      source = await LangGraphSource.open(file);
    });
    afterAll(async () => {
      await source.close();
      expect(checksums(file)).toEqual(before);
    });

    it("is detected as a LangGraph.js database", () => {
      expect(detectKind(file)).toBe("langgraph-js");
      expect(source.kind).toBe("langgraph-js");
    });

    it("lists exactly the expected threads, namespaces and checkpoint counts", async () => {
      const rows = await source.listThreads();
      expect([...new Set(rows.map((row) => row.threadId))].sort()).toEqual([...expected.thread_ids].sort());
      const counts: Record<string, Record<string, number>> = {};
      for (const row of rows) (counts[row.threadId] ??= {})[row.namespace] = row.checkpointCount;
      expect(counts).toEqual(expected.checkpoint_counts);
      for (const ns of expected.namespaces) {
        const row = rows.find((candidate) => candidate.threadId === ns.thread_id && candidate.namespace === ns.checkpoint_ns)!;
        expect(row.headCheckpointId).toBe(ns.latest_checkpoint_id);
        expect(row.branchCount).toBe(ns.leaves.length);
      }
    });

    for (const ns of expected.namespaces) {
      const thread = { threadId: ns.thread_id, namespace: ns.checkpoint_ns };

      it(`${ns.thread_id}: history newest first with ids, parents, steps, sources, writers and next`, async () => {
        const entries = await source.listCheckpoints(thread);
        const summary = (entry: { checkpointId: string; parentId: string | null; step: number; source: string; writers: string[]; next: string[] }) => ({
          id: entry.checkpointId, parent: entry.parentId, step: entry.step, source: entry.source, writers: entry.writers, next: entry.next,
        });
        expect(entries.map(summary)).toEqual(ns.checkpoints.map((c: ExpectedCheckpoint) => summary({
          checkpointId: c.checkpoint_id, parentId: c.parent_checkpoint_id, step: c.step, source: c.source, writers: c.writers, next: c.next,
        })));
        for (const [index, entry] of entries.entries()) expect(entry.createdAt).toBe(Date.parse(ns.checkpoints[index]!.created_at));
      });

      it(`${ns.thread_id}: the tree's roots, leaves and branch points`, async () => {
        const entries = await source.listCheckpoints(thread);
        const ids = new Set(entries.map((entry) => entry.checkpointId));
        const children = new Map<string, string[]>();
        for (const entry of entries) if (entry.parentId) children.set(entry.parentId, [...(children.get(entry.parentId) ?? []), entry.checkpointId]);
        expect(entries.filter((entry) => entry.parentId === null || !ids.has(entry.parentId)).map((entry) => entry.checkpointId).sort()).toEqual([...ns.roots].sort());
        expect(entries.filter((entry) => !children.has(entry.checkpointId)).map((entry) => entry.checkpointId).sort()).toEqual([...ns.leaves].sort());
        const branchPoints = [...children].filter(([, kids]) => kids.length > 1).map(([id, kids]) => ({ checkpoint_id: id, children: [...kids].sort() }));
        const expectedPoints = ns.branch_points.map((point) => ({ checkpoint_id: point.checkpoint_id, children: [...point.children].sort() }));
        expect(branchPoints.sort((a, b) => a.checkpoint_id.localeCompare(b.checkpoint_id))).toEqual(expectedPoints.sort((a, b) => a.checkpoint_id.localeCompare(b.checkpoint_id)));
      });

      it(`${ns.thread_id}: every checkpoint's values, tasks and pending writes`, async () => {
        const views = await source.listCheckpointViews(thread);
        expect(views.map((view) => view.checkpointId)).toEqual(ns.checkpoints.map((c) => c.checkpoint_id));
        for (const [index, view] of views.entries()) {
          const oracle = ns.checkpoints[index]!;
          expect({ id: view.checkpointId, values: view.values }).toEqual({ id: oracle.checkpoint_id, values: oracle.values });
          expect({ id: view.checkpointId, tasks: view.tasks.map((task) => taskSummary(view, task)) }).toEqual({ id: oracle.checkpoint_id, tasks: oracle.tasks.map(expectedTask) });
          const writes = view.pendingWrites.map((write) => ({ task_id: write.taskId, channel: CHANNEL_OF_KIND[write.kind] ?? write.kind, value: write.value }));
          expect({ id: view.checkpointId, writes }).toEqual({ id: oracle.checkpoint_id, writes: oracle.pending_writes });
          expect(view.warnings).toBeUndefined();
          expect({ threadId: view.threadId, namespace: view.namespace }).toEqual(thread);
        }
      });

      it(`${ns.thread_id}: the head's next as getState reports it, and the thread's status`, async () => {
        const views = source.views(thread);
        expect(views.history.head.id).toBe(ns.head.checkpoint_id);
        expect(views.headNext()).toEqual(ns.head.next);
        const row = (await source.listThreads()).find((candidate) => candidate.threadId === ns.thread_id)!;
        const headTasks = ns.head.tasks;
        const status = headTasks.some((task) => task.error && !task.has_result) ? "error" : headTasks.some((task) => task.interrupts.length > 0 && !task.has_result) ? "interrupted" : ns.checkpoints[0]!.next.length > 0 ? "pending" : "done";
        expect(row.status).toBe(status);
      });
    }

    it("draws the graph's nodes from history (every node that ran in any thread)", async () => {
      const nodes = new Set<string>();
      for (const ns of expected.namespaces) {
        const graph = await source.getGraph({ threadId: ns.thread_id, namespace: ns.checkpoint_ns });
        expect(graph.origin).toBe("inferred");
        expect(graph.inferredFrom).toBe(ns.checkpoint_count);
        for (const node of graph.nodes) if (node.kind === "node") nodes.add(node.id);
      }
      expect([...nodes].sort()).toEqual([...expected.graph_nodes].sort());
    });
  });
}
