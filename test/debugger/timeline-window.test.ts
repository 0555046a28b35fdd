/**
 * getTimelineWindow over the real backend: windows of a thread's rows in display order with the right
 * totals across branches, and a run's checkpoint events carrying the rows the app appends, which match
 * what a fresh read of the file says afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DebuggerClient } from "../../core/api/client.ts";
import { orderTimeline } from "../../core/api/timeline-order.ts";
import type { CheckpointEntry, RunEvent } from "../../core/api/types.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { createFixture, recordRuns, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

const rowOf = (entry: CheckpointEntry) => ({ checkpointId: entry.checkpointId, parentId: entry.parentId, step: entry.step, source: entry.source, errors: entry.errors, interrupted: entry.interrupted });

/** Every row of the thread, read window by window. */
async function readInWindows(client: DebuggerClient, threadId: string, limit: number): Promise<CheckpointEntry[]> {
  const rows: CheckpointEntry[] = [];
  for (let offset = 0; ; offset += limit) {
    const window = await client.getTimelineWindow({ threadId, offset, limit });
    expect(window.offset).toBe(Math.min(offset, Math.max(0, window.total - limit)));
    rows.push(...window.entries.slice(offset - window.offset));
    if (offset + limit >= window.total) return rows;
  }
}

describe("timeline windows", () => {
  it("answers windows of the rows in display order, with the thread's total, across branches", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    await client.loadGraphModule({ path: fixture.module });
    // A second and a third branch: edits written at two past checkpoints of "approved".
    const before = await client.getTimeline({ threadId: "approved" });
    await client.updateState({ threadId: "approved", checkpointId: before.at(-2)!.checkpointId, values: { topic: "second" }, asNode: "research" });
    await client.updateState({ threadId: "approved", checkpointId: before.at(-3)!.checkpointId, values: { topic: "third" }, asNode: "research" });
    const whole = await client.getTimeline({ threadId: "approved" });
    expect(whole.length).toBe(before.length + 2);

    const first = await client.getTimelineWindow({ threadId: "approved", limit: 2, shape: true });
    expect(first.total).toBe(whole.length);
    expect(first.headId).toBe(whole[0]!.checkpointId);
    const shape = first.shape!;
    expect(shape).toEqual(orderTimeline(whole));
    // Three branches: the first row and two rows that do not continue the row above.
    expect(shape.parents.filter((parent, row) => row === 0 || parent !== row - 1)).toHaveLength(3);
    shape.ids.forEach((id, row) => {
      const parent = shape.parents[row]!;
      expect(parent === -1 ? null : shape.ids[parent]).toBe(whole.find((entry) => entry.checkpointId === id)!.parentId);
    });

    // Windows of 2 (and of 3, which does not divide the total) put together are the whole thread, in that order.
    const byId = new Map(whole.map((entry) => [entry.checkpointId, entry]));
    for (const limit of [2, 3]) {
      const rows = await readInWindows(client, "approved", limit);
      expect(rows.map((entry) => entry.checkpointId)).toEqual(shape.ids);
      expect(rows.map(rowOf)).toEqual(shape.ids.map((id) => rowOf(byId.get(id)!)));
    }

    // `around` centres the window on a checkpoint's row, clamped to the thread.
    const middle = shape.ids[3]!;
    const around = await client.getTimelineWindow({ threadId: "approved", around: middle, limit: 3 });
    expect(around.offset).toBe(2);
    expect(around.entries.map((entry) => entry.checkpointId)).toEqual(shape.ids.slice(2, 5));
    const atEnd = await client.getTimelineWindow({ threadId: "approved", around: shape.ids.at(-1)!, limit: 4 });
    expect(atEnd.offset).toBe(whole.length - 4);
    expect(atEnd.shape).toBeUndefined();
  });

  it("refuses a window that is too big and names a thread that does not exist", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    await expect(client.getTimelineWindow({ threadId: "quick", limit: 100_000 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringContaining("limit") });
    await expect(client.getTimelineWindow({ threadId: "nobody" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND", message: expect.stringContaining('"nobody"') });
  });

  it("sends each checkpoint a run writes with its row, and windows afterwards equal a fresh read of the file", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    await client.loadGraphModule({ path: fixture.module });
    const runs = recordRuns(client);
    // The app is showing the thread while the run writes it.
    const shown = await client.getTimelineWindow({ threadId: "quick", shape: true });
    const input = shown.shape!.ids[0]!;
    const { runId } = await client.startRun({ threadId: "quick", checkpointId: input, mode: "replay" });
    const events = await runs.until(runId);
    const written = events.filter((event): event is Extract<RunEvent, { type: "checkpoint" }> => event.type === "checkpoint");
    expect(written).toHaveLength(3);
    for (const event of written) expect(event.entry).toMatchObject({ checkpointId: event.checkpointId, step: event.step });
    // The first row forks from the input; each next one continues the row before it.
    expect(written.map((event) => event.entry!.parentId)).toEqual([input, written[0]!.checkpointId, written[1]!.checkpointId]);

    const after = await client.getTimelineWindow({ threadId: "quick", shape: true });
    const { client: fresh } = fixture.open();
    await fresh.openDatabase({ path: fixture.db });
    const reread = await fresh.getTimelineWindow({ threadId: "quick", shape: true });
    expect(after.total).toBe(shown.total + 3);
    expect(after.shape).toEqual(reread.shape);
    expect(after.entries.map(rowOf)).toEqual(reread.entries.map(rowOf));
    for (const event of written) expect(rowOf(event.entry!)).toEqual(rowOf(reread.entries.find((entry) => entry.checkpointId === event.checkpointId)!));
  });

  it("keeps the held order right while a run goes on from the newest row, as a fresh read of the file has it", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    await client.loadGraphModule({ path: fixture.module });
    const runs = recordRuns(client);
    const shown = await client.getTimelineWindow({ threadId: "waiting", shape: true });
    const { runId } = await client.startRun({ threadId: "waiting", mode: "resume", resumeValue: "yes" });
    const written = (await runs.until(runId)).filter((event) => event.type === "checkpoint");
    expect(written.length).toBeGreaterThan(0);

    const after = await client.getTimelineWindow({ threadId: "waiting", shape: true });
    const { client: fresh } = fixture.open();
    await fresh.openDatabase({ path: fixture.db });
    const reread = await fresh.getTimelineWindow({ threadId: "waiting", shape: true });
    expect(after.total).toBe(shown.total + written.length);
    expect(after.shape).toEqual(reread.shape);
    expect(after.shape!.ids.slice(-written.length)).toEqual(written.map((event) => (event.type === "checkpoint" ? event.checkpointId : "")));
    // The checkpoint the resume answered (its pending writes changed) reads as the file has it.
    expect(after.entries.map(rowOf)).toEqual(reread.entries.map(rowOf));
  });

  it("sees what another process writes to the thread on screen, and to others, at the next window", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const shown = await client.getTimelineWindow({ threadId: "count", shape: true });
    const other = await client.getTimelineWindow({ threadId: "quick", shape: true });
    const saver = SqliteSaver.open(fixture.db);
    try {
      // Another thread first (the held "count" stays as it was), then "count" itself.
      await fixture.graphs.ticker(saver).invoke({ limit: 1 }, { threadId: "elsewhere" });
      expect((await client.getTimelineWindow({ threadId: "count", shape: true })).shape).toEqual(shown.shape);
      await fixture.graphs.ticker(saver).invoke({ count: 0, limit: 1 }, { threadId: "count" });
    } finally {
      await saver.close();
    }
    const after = await client.getTimelineWindow({ threadId: "count", shape: true });
    expect(after.total).toBeGreaterThan(shown.total);
    expect(after.total).toBe((await client.getTimeline({ threadId: "count" })).length);
    expect(after.headId).toBe((await client.getTimeline({ threadId: "count" }))[0]!.checkpointId);
    expect((await client.getTimelineWindow({ threadId: "quick", shape: true })).shape).toEqual(other.shape);
  });
});
