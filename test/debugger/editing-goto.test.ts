/**
 * An edit with chosen next nodes (goto) on a Chronograph file, through the debugger: the preview and the
 * written update checkpoint schedule exactly the chosen nodes instead of the node's edges, from the stored
 * graph alone and with the graph's code (graph host) alike; END ends the run; an unknown node is refused,
 * named, and writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixture, openWaiting, tableRows, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

for (const withCode of [false, true]) {
  describe(`goto in an edit ${withCode ? "with the graph's code" : "from the stored graph alone"}`, () => {
    it("previews and writes the chosen node as what runs next, past the node's edge", async () => {
      const { client, head } = await openWaiting(fixture, withCode);
      expect((await client.getDatabase({}))!.canChooseNext).toBe(true);
      const edit = { threadId: "waiting", checkpointId: head.checkpointId, values: { topic: "again" }, asNode: "approve" };
      expect(await client.previewUpdate({ ...edit, goto: ["research"] })).toEqual({ next: ["research"] });
      const { checkpointId } = await client.updateState({ ...edit, goto: ["research"] });
      expect(await client.getCheckpoint({ threadId: "waiting", checkpointId })).toMatchObject({ parentId: head.checkpointId, source: "update", writers: ["approve"], next: ["research"] });
      const ended = await client.updateState({ ...edit, goto: ["__end__"] });
      expect((await client.getCheckpoint({ threadId: "waiting", checkpointId: ended.checkpointId })).next).toEqual([]);
    });

    it("refuses a node the graph does not have, naming it, and writes nothing", async () => {
      const { client, head } = await openWaiting(fixture, withCode);
      const before = tableRows(fixture.db);
      await expect(client.updateState({ threadId: "waiting", checkpointId: head.checkpointId, values: {}, asNode: "approve", goto: ["nowhere"] })).rejects.toMatchObject({
        code: "UNKNOWN_NODE",
        message: expect.stringContaining('"nowhere"'),
      });
      expect(tableRows(fixture.db).checkpoints!.length).toBe(before.checkpoints!.length);
    });
  });
}
