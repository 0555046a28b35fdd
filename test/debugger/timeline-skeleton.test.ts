/**
 * A long timeline's first window without decoding every checkpoint: the timeline cache orders the thread
 * and marks its runs from the reader's skeleton (listSkeleton) and decodes only the window's rows
 * (listCheckpointsByIds). What it answers must equal what a whole read gives, on threads with runs that
 * failed, waited on an interrupt, were resumed, and branches made by edits.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import type { ThreadKey } from "../../core/api/types.ts";
import { append, END, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { ChronographSource } from "../../core/debugger/chronograph-source.ts";
import { TimelineCache } from "../../core/debugger/timeline-cache.ts";
import { wholeReadsOnly } from "../support/whole-reads.ts";
import { createFixture, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

/** Counts what the reader decodes: whole reads and the rows read by id. */
function counted(source: HistorySource) {
  const counts = { whole: 0, byIds: 0 };
  const wrapped = Object.create(source) as HistorySource;
  wrapped.listCheckpoints = async (thread: ThreadKey) => {
    counts.whole += 1;
    return source.listCheckpoints(thread);
  };
  wrapped.listCheckpointsByIds = async (thread: ThreadKey, ids: readonly string[]) => {
    counts.byIds += ids.length;
    return source.listCheckpointsByIds!(thread, ids);
  };
  return { wrapped, counts };
}

/** A thread whose first run fails in "send" and a second run gets past it. */
async function writeFailedThenFixed(db: string): Promise<void> {
  const saver = SqliteSaver.open(db);
  let attempts = 0;
  const sendOnce = () => {
    attempts += 1;
    if (attempts === 1) throw new Error("mail server down");
    return { log: ["sent"] };
  };
  const builder = new StateGraph<{ log: string[] }>({ name: "mailer", channels: { log: append<string>() } });
  const graph = builder.addNode("send", sendOnce).addEdge(START, "send").addEdge("send", END).compile({ checkpointer: saver });
  for (const input of [{ log: [] }, null]) await graph.invoke(input, { threadId: "retried" }).catch(() => undefined);
  await saver.close();
}

describe("timelines from a skeleton", () => {
  it("gives the same order, lanes, run marks and rows as a whole read, decoding only the window's rows", async () => {
    await writeFailedThenFixed(fixture.db);
    // Two more branches of "approved": edits at two past checkpoints.
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    await client.loadGraphModule({ path: fixture.module });
    const history = await client.getTimeline({ threadId: "approved" });
    for (const [back, topic] of [[2, "second"], [3, "third"]] as const) {
      await client.updateState({ threadId: "approved", checkpointId: history.at(-back)!.checkpointId, values: { topic }, asNode: "research" });
    }

    const source = await ChronographSource.open(fixture.db);
    try {
      const { wrapped, counts } = counted(source);
      const light = new TimelineCache(wrapped);
      const whole = new TimelineCache(wholeReadsOnly(source));
      const threads = (await source.listThreads()).map((row) => row.threadId).sort();
      expect(threads).toEqual(["approved", "count", "quick", "retried", "waiting"]);
      let marked = 0;
      for (const threadId of threads) {
        const thread = { threadId, namespace: "" };
        const expected = await whole.window(thread, { shape: true }, false);
        const got = await light.window(thread, { shape: true }, false);
        expect(got).toEqual(expected);
        marked += got.entries.filter((entry) => entry.run?.started || entry.errorFixed).length;
        // A window of two rows in the middle decodes no more than those two.
        const fresh = counted(source);
        const middle = await new TimelineCache(fresh.wrapped).window(thread, { offset: 1, limit: 2 }, false);
        expect(middle).toEqual(await whole.window(thread, { offset: 1, limit: 2 }, false));
        expect(fresh.counts).toEqual({ whole: 0, byIds: Math.min(2, expected.total) });
      }
      expect(counts.whole).toBe(0);
      // The fixtures do hold run boundaries and a fixed error, so the comparison covers them.
      expect(marked).toBeGreaterThanOrEqual(3);
      const approved = await light.window({ threadId: "approved", namespace: "" }, { shape: true }, false);
      expect(approved.shape!.parents.filter((parent, row) => row === 0 || parent !== row - 1)).toHaveLength(3);
    } finally {
      await source.close();
    }
  });

  it("decodes just the rows of a small window of a thread", async () => {
    const source = await ChronographSource.open(fixture.db);
    try {
      const { wrapped, counts } = counted(source);
      const window = await new TimelineCache(wrapped).window({ threadId: "approved", namespace: "" }, { offset: 0, limit: 2 }, false);
      expect(window.total).toBeGreaterThan(2);
      expect(window.entries).toHaveLength(2);
      expect(counts).toEqual({ whole: 0, byIds: 2 });
    } finally {
      await source.close();
    }
  });

  it("names the thread that does not exist", async () => {
    const source = await ChronographSource.open(fixture.db);
    try {
      await expect(source.listSkeleton({ threadId: "nope", namespace: "" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND", message: expect.stringContaining('"nope"') });
      expect(await source.listCheckpointsByIds({ threadId: "quick", namespace: "" }, ["no-such-id"])).toEqual([]);
    } finally {
      await source.close();
    }
  });
});
