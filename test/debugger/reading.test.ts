/**
 * Reading a real database written by the real engine: the thread list and its filters, a thread's
 * timeline (order, parents, branches), one checkpoint in full, the graph, and diffs.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { END, START } from "../../core/index.ts";
import { createFixture, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

describe("reading a database", () => {
  it("opens read-only and lists every thread with its graph and status, newest first", async () => {
    const { client } = fixture.open();
    const info = await client.openDatabase({ path: fixture.db });
    expect(info).toMatchObject({ path: fixture.db, kind: "chronograph", readOnly: true, threadCount: 4, canRun: false, canEdit: true });
    expect(info.runUnavailableReason).toMatch(/--graph/);
    const rows = (await client.listThreads({})).rows;
    // Threads written in the same millisecond may come in either order.
    expect(rows.map((row) => [row.threadId, row.graphName, row.status]).sort()).toEqual([
      ["approved", "review", "done"],
      ["count", "ticker", "done"],
      ["quick", "review", "done"],
      ["waiting", "review", "interrupted"],
    ]);
    expect(rows.every((row, index) => index === 0 || rows[index - 1]!.updatedAt! >= row.updatedAt!)).toBe(true);
    expect(rows.find((row) => row.threadId === "quick")).toMatchObject({ namespace: "", writers: ["publish"], checkpointCount: 3, branchCount: 1 });
    expect(await client.getDatabase({})).toEqual(info);
    expect(await client.recentFiles({})).toEqual([fixture.db]);
  });

  it("filters threads by text and by status", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    expect((await client.listThreads({ query: "TICK" })).rows.map((row) => row.threadId)).toEqual(["count"]);
    expect((await client.listThreads({ status: ["interrupted"] })).rows.map((row) => row.threadId)).toEqual(["waiting"]);
    expect((await client.listThreads({ query: "review", status: ["done"] })).rows.map((row) => row.threadId).sort()).toEqual(["approved", "quick"]);
    expect(await client.listThreads({ query: "nothing like this" })).toMatchObject({ rows: [], total: 0 });
    const all = (await client.listThreads({})).rows.map((row) => row.threadId);
    const second = await client.listThreads({ offset: 1, limit: 2 });
    expect(second).toMatchObject({ offset: 1, total: 4, counts: { done: 3, interrupted: 1, error: 0, pending: 0 } });
    expect(second.rows.map((row) => row.threadId)).toEqual(all.slice(1, 3));
    await expect(client.listThreads({ limit: 501 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("gives a thread's timeline newest first, each checkpoint with its parent, writers and next", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const timeline = await client.getTimeline({ threadId: "quick" });
    expect(timeline.map((entry) => [entry.step, entry.source, entry.writers, entry.next])).toEqual([
      [1, "loop", ["publish"], []],
      [0, "loop", ["research"], ["publish"]],
      [-1, "input", [], ["research"]],
    ]);
    expect(timeline[0]!.parentId).toBe(timeline[1]!.checkpointId);
    expect(timeline[1]!.parentId).toBe(timeline[2]!.checkpointId);
    expect(timeline[2]!.parentId).toBeNull();
    const waiting = await client.getTimeline({ threadId: "waiting" });
    expect(waiting[0]).toMatchObject({ next: ["approve"], interrupted: ["approve"], errors: [] });
  });

  it("shows one checkpoint in full: state without engine channels, what it wrote, and waiting interrupts", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const head = (await client.getTimeline({ threadId: "waiting" }))[0]!;
    const view = await client.getCheckpoint({ threadId: "waiting", checkpointId: head.checkpointId });
    expect(view.values).toEqual({ topic: "launch plan", notes: ["research launch plan"], score: 1 });
    expect(view.writes).toEqual({ research: { notes: ["research launch plan"], score: 1 } });
    expect(view.tasks).toEqual([{ id: "approve", name: "approve", interrupts: [{ id: "approve:0", value: { question: "publish launch plan?" } }] }]);
    expect(view.pendingWrites.map((write) => [write.node, write.kind])).toEqual([["approve", "interrupt"]]);
    expect(Object.keys(view.values).some((key) => key.startsWith("__"))).toBe(false);
  });

  it("draws the stored graph with START, END and conditional edges", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const graph = await client.getGraph({ threadId: "quick" });
    expect(graph.origin).toBe("stored");
    expect(graph.nodes.map((node) => node.id)).toEqual([START, "research", "approve", "publish", END]);
    expect(graph.edges).toContainEqual({ from: "research", to: "approve", kind: "conditional" });
    expect(graph.edges).toContainEqual({ from: "approve", to: "publish", kind: "fixed" });
  });

  it("diffs two checkpoints by path", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const [done, , afterResearch, input] = await client.getTimeline({ threadId: "approved" });
    const diff = await client.diff({ threadId: "approved", from: afterResearch!.checkpointId, to: done!.checkpointId });
    expect(diff.changes).toEqual([
      { path: ["notes", "1"], kind: "added", after: "approval: yes" },
      { path: ["notes", "2"], kind: "added", after: "published budget" },
      { path: ["approved"], kind: "added", after: true },
    ]);
    const fromInput = await client.diff({ threadId: "approved", from: input!.checkpointId, to: afterResearch!.checkpointId });
    expect(fromInput.changes).toEqual([
      { path: ["notes"], kind: "added", after: ["research budget"] },
      { path: ["score"], kind: "added", after: 1 },
    ]);
  });

  it("names the thread or checkpoint that does not exist", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    await expect(client.getTimeline({ threadId: "nobody" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND", message: expect.stringContaining('"nobody"') });
    await expect(client.getCheckpoint({ threadId: "quick", checkpointId: "c-404" })).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND", message: expect.stringContaining('"c-404"') });
  });

  it("refuses calls before a database is open, and invalid arguments naming the field", async () => {
    const { client } = fixture.open();
    expect(await client.getDatabase({})).toBeNull();
    await expect(client.listThreads({})).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(client.getTimeline({ threadId: "" })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringContaining("threadId") });
  });
});
