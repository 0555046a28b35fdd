/**
 * Editing state at a checkpoint: a preview writes nothing; a save is a new checkpoint, child of the
 * edited one, and every existing row stays as it was. Works from the stored graph alone for lastValue
 * and append channels, and refuses what needs the graph's code.
 */
import type { DebuggerClient } from "../../core/api/client.ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixture, openWaiting, rowsLost, tableRows, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

/** Every checkpoint of every thread, as the app reads them. */
async function allViews(client: DebuggerClient) {
  const views = [];
  for (const thread of (await client.listThreads({})).rows) {
    for (const entry of await client.getTimeline({ threadId: thread.threadId })) views.push(await client.getCheckpoint({ threadId: thread.threadId, checkpointId: entry.checkpointId }));
  }
  return views.sort((a, b) => (a.checkpointId < b.checkpointId ? -1 : 1));
}

for (const withCode of [false, true]) {
  describe(`editing state ${withCode ? "with the graph's code" : "from the stored graph alone"}`, () => {
    it("saves an edit as a new child checkpoint and changes no existing row", async () => {
      const { client, head } = await openWaiting(fixture, withCode);
      const before = tableRows(fixture.db);
      const viewsBefore = await allViews(client);
      const { checkpointId } = await client.updateState({ threadId: "waiting", checkpointId: head.checkpointId, values: { topic: "edited plan", notes: ["human note"] }, asNode: "approve" });
      const after = tableRows(fixture.db);
      expect(rowsLost(before, after)).toEqual([]);
      expect(after.checkpoints!.length).toBe(before.checkpoints!.length + 1);
      const viewsAfter = await allViews(client);
      expect(viewsAfter.filter((view) => view.checkpointId !== checkpointId)).toEqual(viewsBefore);

      const view = await client.getCheckpoint({ threadId: "waiting", checkpointId });
      expect(view).toMatchObject({ parentId: head.checkpointId, source: "update", step: head.step + 1, writers: ["approve"], next: ["publish"] });
      expect(view.values).toMatchObject({ topic: "edited plan", notes: ["research launch plan", "human note"], score: 1 });
      expect((await client.getDatabase({}))!.readOnly).toBe(false);
      expect((await client.listThreads({ query: "waiting" })).rows[0]).toMatchObject({ headCheckpointId: checkpointId, branchCount: 1 });

      const second = await client.updateState({ threadId: "waiting", checkpointId: head.checkpointId, values: { topic: "another plan" }, asNode: "approve" });
      expect((await client.listThreads({ query: "waiting" })).rows[0]).toMatchObject({ headCheckpointId: second.checkpointId, branchCount: 2 });
      expect((await client.getCheckpoint({ threadId: "waiting", checkpointId })).values.topic).toBe("edited plan");
    });

    it("previews what runs next without writing anything", async () => {
      const { client, head } = await openWaiting(fixture, withCode);
      const before = tableRows(fixture.db, { withSummary: true });
      expect(await client.previewUpdate({ threadId: "waiting", checkpointId: head.checkpointId, values: { approved: true }, asNode: "approve" })).toEqual({ next: ["publish"] });
      expect(await client.previewUpdate({ threadId: "waiting", checkpointId: head.checkpointId, values: {}, asNode: "publish" })).toEqual({ next: [] });
      expect(tableRows(fixture.db, { withSummary: true })).toEqual(before);
      expect((await client.getDatabase({}))!.readOnly).toBe(true);
    });

    it("refuses a channel the graph does not have, naming it, and writes nothing", async () => {
      const { client, head } = await openWaiting(fixture, withCode);
      const before = tableRows(fixture.db, { withSummary: true });
      for (const method of ["previewUpdate", "updateState"] as const) {
        await expect(client[method]({ threadId: "waiting", checkpointId: head.checkpointId, values: { ghost: 1 }, asNode: "approve" })).rejects.toMatchObject({
          code: "UNKNOWN_CHANNEL",
          message: expect.stringContaining('"ghost"'),
        });
      }
      await expect(client.updateState({ threadId: "waiting", checkpointId: head.checkpointId, values: {}, asNode: "nobody" })).rejects.toMatchObject({ code: "UNKNOWN_NODE" });
      await expect(client.updateState({ threadId: "waiting", checkpointId: "missing", values: {}, asNode: "approve" })).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND" });
      expect(tableRows(fixture.db, { withSummary: true })).toEqual(before);
    });
  });
}

describe("editing without the graph's code", () => {
  it("refuses, naming what needs code: a custom reducer and a node followed by a router", async () => {
    const { client, head } = await openWaiting(fixture, false);
    await expect(client.previewUpdate({ threadId: "waiting", checkpointId: head.checkpointId, values: { score: 5 }, asNode: "approve" })).rejects.toMatchObject({
      code: "GRAPH_MODULE",
      message: expect.stringMatching(/Channel "score".*custom reducer/),
    });
    await expect(client.updateState({ threadId: "waiting", checkpointId: head.checkpointId, values: { topic: "x" }, asNode: "research" })).rejects.toMatchObject({
      code: "GRAPH_MODULE",
      message: expect.stringContaining('After node "research"'),
    });
  });

  it("applies custom reducers and routers once the code is loaded", async () => {
    const { client, head } = await openWaiting(fixture, true);
    const { checkpointId } = await client.updateState({ threadId: "waiting", checkpointId: head.checkpointId, values: { score: 5, topic: "quick fix" }, asNode: "research" });
    const view = await client.getCheckpoint({ threadId: "waiting", checkpointId });
    expect(view.values.score).toBe(6);
    expect(view.next).toEqual(["publish"]);
  });
});
