/** A node that returns a value nested 100,000 deep gets a coded error naming it, not a RangeError. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { END, lastValue, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

it("refuses a value nested 100,000 deep with UNSERIALIZABLE_VALUE naming the node and channel", async () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-deep-"));
  const saver = SqliteSaver.open(join(dir, "deep.db"));
  try {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    const graph = new StateGraph({ name: "deep", channels: { v: lastValue<unknown>(null) } })
      .addNode("make", () => ({ v: deep }))
      .addEdge(START, "make")
      .addEdge("make", END)
      .compile({ checkpointer: saver });
    await expect(graph.invoke({ v: 0 }, { threadId: "t" })).rejects.toMatchObject({
      code: "UNSERIALIZABLE_VALUE",
      message: expect.stringMatching(/node "make" to channel "v".*nested deeper than/),
    });
  } finally {
    await saver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
