/**
 * The whole-thread reads of a long LangGraph thread decode no more than they need: the whole timeline is laid
 * out from the history without values (history-window.ts lightTimeline), and channel versions ("why did this
 * node run") are read a few ancestors at a time through the skeleton. Differential: on every LangGraph.js
 * fixture, the Python scenario and a generated long thread, the answers equal the whole decoded history's,
 * and on the long thread the checkpoints decoded are counted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckpointEntry, CheckpointVersions, ThreadKey } from "../../core/api/types.ts";
import { ancestry, enoughHistory, explainTask } from "../../core/debugger/why-ran.ts";
import { lightTimeline, SkeletonWindow } from "../../core/interop/langgraph/history-window.ts";
import { readLightHistory, readSkeleton } from "../../core/interop/langgraph/skeleton.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import type { RawDatabase } from "../../core/storage/sqlite/raw.ts";
import { tempDir } from "./helpers.ts";
import { langGraphSamples } from "./langgraph-samples.ts";

let temp: { dir: string; cleanup: () => void };
let files: string[] = [];
const LONG = 600;

beforeAll(async () => {
  temp = tempDir("chronograph-long-reads-");
  files = await langGraphSamples(temp.dir, LONG);
}, 120_000);
afterAll(() => temp?.cleanup());

/** From now on, counts the checkpoint rows read with their values (whole reads, windows, heavy rows), and the light reads. */
function countDecoded(db: RawDatabase): { checkpoints: () => number; lightReads: () => number; largestLightRead: () => number } {
  const all = db.all.bind(db);
  let checkpoints = 0;
  let lightReads = 0;
  let largest = 0;
  db.all = ((sql: string, ...params: unknown[]) => {
    const rows = all(sql, ...params);
    if (/checkpoint, metadata\s+FROM checkpoints/.test(sql)) checkpoints += rows.length;
    if (sql.includes("AS light")) {
      lightReads += 1;
      largest = Math.max(largest, rows.length);
    }
    return rows;
  }) as typeof db.all;
  return { checkpoints: () => checkpoints, lightReads: () => lightReads, largestLightRead: () => largest };
}

/** A window reader over the thread's skeleton, whatever its length (the reader itself reads short threads whole). */
function skeletonWindow(source: LangGraphSource, key: ThreadKey): SkeletonWindow {
  return new SkeletonWindow(source.database, readSkeleton(source.database, key.threadId, key.namespace, source.dialect)!, () => source.views(key), () => source.views(key).graph());
}

/** The thread's timeline rows, newest first, as the whole decoded history gives them (the slow path). */
function wholeEntries(source: LangGraphSource, key: ThreadKey): CheckpointEntry[] {
  const views = source.views(key);
  return [...views.history.ordered].reverse().map((checkpoint) => views.entry(checkpoint));
}

/** The channel versions of a checkpoint as the whole decoded history gives them (the slow path). */
function wholeVersions(source: LangGraphSource, key: ThreadKey): (id: string) => CheckpointVersions {
  return (id) => {
    const views = source.views(key);
    return views.versions(views.history.byId.get(id)!);
  };
}

/** The generated file's long thread, opened twice: `source` under test and `whole`, the whole-history oracle. */
async function withLongThread(test: (source: LangGraphSource, whole: LangGraphSource, key: ThreadKey) => Promise<void>): Promise<void> {
  const file = files.at(-1)!;
  const whole = await LangGraphSource.open(file);
  const source = await LangGraphSource.open(file);
  try {
    await test(source, whole, { threadId: "long-thread", namespace: "" });
  } finally {
    await source.close();
    await whole.close();
  }
}

/** Runs `test` on every thread of every sample file (of the generated file's short threads, the first); returns how many rows they hold. */
async function forEveryThread(test: (source: LangGraphSource, key: ThreadKey, label: string) => void): Promise<number> {
  let rows = 0;
  for (const file of files) {
    const source = await LangGraphSource.open(file);
    try {
      for (const key of await source.threadKeys()) {
        if (key.threadId.startsWith("thread-") && key.threadId !== "thread-1") continue;
        test(source, key, `${file} ${key.threadId}|${key.namespace}`);
        rows += source.views(key).history.ordered.length;
      }
    } finally {
      await source.close();
    }
  }
  return rows;
}

describe("long LangGraph threads read whole", () => {
  it("every thread's timeline laid out without values equals the whole history's rows", async () => {
    const rows = await forEveryThread((source, key, label) => {
      const light = lightTimeline(readLightHistory(source.database, key.threadId, key.namespace, source.dialect, true)!);
      expect(light, label).toEqual(wholeEntries(source, key));
    });
    expect(rows).toBeGreaterThan(LONG);
  });

  it("a long thread's whole timeline decodes no checkpoint's values and equals the whole history's", async () => {
    await withLongThread(async (source, whole, key) => {
      const decoded = countDecoded(source.database);
      const timeline = await source.listCheckpoints(key);
      expect(timeline.length).toBe(LONG);
      expect(decoded.checkpoints()).toBe(0);
      expect(decoded.lightReads()).toBe(1);
      expect(timeline).toEqual(wholeEntries(whole, key));
      // Kept until the file changes: asked again, nothing is read.
      expect(await source.listCheckpoints(key)).toEqual(timeline);
      expect(decoded.lightReads()).toBe(1);
    });
  });

  it("every thread's timeline laid out a window at a time over its skeleton equals the whole history's rows", async () => {
    const rows = await forEveryThread((source, key, label) => {
      expect(skeletonWindow(source, key).timeline(), label).toEqual(wholeEntries(source, key));
    });
    expect(rows).toBeGreaterThan(LONG);
  });

  it("the whole timeline of a long thread on screen is read a window at a time, without values", async () => {
    await withLongThread(async (source, whole, key) => {
      await source.listSkeleton(key);
      const decoded = countDecoded(source.database);
      expect(await source.listCheckpoints(key)).toEqual(wholeEntries(whole, key));
      expect(decoded.checkpoints()).toBe(0);
      // Each read holds a window (400 checkpoints with their parents and grandparents), never the thread's 600.
      expect(decoded.largestLightRead()).toBeGreaterThan(0);
      expect(decoded.largestLightRead()).toBeLessThan(LONG);
    });
  });

  it("every checkpoint's channel versions read through the skeleton equal the whole history's", async () => {
    const rows = await forEveryThread((source, key, label) => {
      const expected = wholeVersions(source, key);
      // Every thread through its skeleton (the reader itself reads short threads whole), newest first as a walk back goes.
      const window = skeletonWindow(source, key);
      for (const { checkpointId } of wholeEntries(source, key)) expect(window.versions(checkpointId), `${label} ${checkpointId}`).toEqual(expected(checkpointId));
      expect(window.versions("no-such-checkpoint")).toBeUndefined();
    });
    expect(rows).toBeGreaterThan(LONG);
  });

  it("why a node ran at a long thread's newest checkpoints reads a few ancestors, not the thread, and answers as the whole history does", async () => {
    await withLongThread(async (source, whole, key) => {
      const expected = wholeVersions(whole, key);
      const oracle = { getVersions: async (_thread: ThreadKey, id: string) => expected(id) } as unknown as LangGraphSource;
      const ids = (await whole.listCheckpointIds(key)).slice(0, 12);
      const nodes = [...whole.views(key).history.nodes];
      expect(nodes.length).toBeGreaterThan(1);
      const decoded = countDecoded(source.database);
      let explained = 0;
      for (const id of ids) {
        const view = await whole.getCheckpoint(key, id);
        for (const node of nodes) {
          const chain = await ancestry(source, key, id, (read) => enoughHistory(node, read));
          const wholeChain = await ancestry(oracle, key, id, (read) => enoughHistory(node, read));
          expect(chain, `${id} ${node}`).toEqual(wholeChain);
          const answer = explainTask(node, chain, view.next.includes(node));
          expect(answer).toEqual(explainTask(node, wholeChain, view.next.includes(node)));
          if (answer.lastRanAtStep !== null) explained += 1;
        }
      }
      expect(explained).toBeGreaterThan(0);
      // A dozen checkpoints and their short chains: well under the thread's 600 (a whole read decodes every one).
      expect(decoded.checkpoints()).toBeLessThan(60);
      expect(decoded.checkpoints()).toBeGreaterThan(0);
      await expect(source.getVersions(key, "no-such-checkpoint")).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND", message: expect.stringContaining('"no-such-checkpoint"') });
    });
  });
});
