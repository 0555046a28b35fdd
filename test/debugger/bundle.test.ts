/**
 * Bundles through the library (the CLI's proof is test/cli-bundle.test.ts): values whose versions point
 * outside the bundle are re-homed so they still read back, an import goes beside other threads of an
 * existing file, and a bundle whose records do not form a history is refused before anything is written.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportBundle, importBundle, type StoredCheckpoint } from "../../core/debugger/bundle.ts";
import { inspectFile } from "../../core/debugger/inspect.ts";
import { append, END, lastValue, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { tableRows } from "./fixtures.ts";

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-bundle-"));
  db = join(dir, "runs.db");
  const saver = SqliteSaver.open(db);
  const graph = new StateGraph({ name: "chain", channels: { x: lastValue(0), trail: lastValue("") } })
    .addNode("a", (s) => ({ x: (s.x as number) + 1, trail: "a" }))
    .addNode("b", (s) => ({ trail: `${s.trail as string}b` }))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", END)
    .compile({ checkpointer: saver });
  await graph.invoke({ x: 1 }, { threadId: "one" });
  await graph.invoke({ x: 7 }, { threadId: "two" });
  await saver.close();
  // A long loop appending to a list at every step, in a file of its own.
  const loopSaver = SqliteSaver.open(join(dir, "loop.db"));
  const loop = new StateGraph({ name: "loop", channels: { count: lastValue(0), log: append() } })
    .addNode("tick", (s) => ({ count: (s.count as number) + 1, log: [`tick number ${s.count as number} of a long loop`] }))
    .addEdge(START, "tick")
    .addConditionalEdges("tick", (s) => ((s.count as number) >= LOOP_STEPS ? END : "tick"), ["tick", END])
    .compile({ checkpointer: loopSaver });
  await loop.invoke({ count: 0 }, { threadId: "loop", recursionLimit: LOOP_STEPS + 10 });
  await loopSaver.close();
});

const LOOP_STEPS = 300;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const checkpointsOf = async (file: string, threadId: string) => (await inspectFile(file, { threadId })).threads.find((thread) => thread.threadId === threadId)!.checkpoints;

describe("importBundle", () => {
  it("re-homes values whose version lives outside the bundle, so a history cut at a checkpoint reads back the same", async () => {
    const bundle = await exportBundle(db, { thread: { threadId: "one", namespace: "" } });
    const stored = bundle.checkpoints as StoredCheckpoint[];
    // Keep the last checkpoint only: a root whose versions (x was written by a) point at dropped ones.
    const kept = stored.slice(-1);
    kept[0]!.record.parentId = null;
    const into = join(dir, "cut.db");
    await importBundle({ ...bundle, checkpoints: kept }, into);
    const original = (await checkpointsOf(db, "one")).slice(0, 1);
    expect(original[0]!.values).toEqual({ x: 2, trail: "ab" });
    const copy = await checkpointsOf(into, "one");
    expect(copy.map((checkpoint) => checkpoint.values)).toEqual(original.map((checkpoint) => checkpoint.values));
    expect(copy.map((checkpoint) => checkpoint.checkpointId)).toEqual(original.map((checkpoint) => checkpoint.checkpointId));
  });

  it("stores a list that grows at every step as the items each step adds, so the copy is no larger than the original", async () => {
    const into = join(dir, "loop-copy.db");
    await importBundle(await exportBundle(join(dir, "loop.db"), { thread: { threadId: "loop", namespace: "" } }), into);
    const original = await checkpointsOf(join(dir, "loop.db"), "loop");
    expect(original).toHaveLength(LOOP_STEPS + 1);
    expect((await checkpointsOf(into, "loop")).map((checkpoint) => checkpoint.values)).toEqual(original.map((checkpoint) => checkpoint.values));
    // Whole lists at every step would take some 300 x 150 x 40 bytes (1.8 MB) here.
    expect(statSync(into).size).toBeLessThan(statSync(join(dir, "loop.db")).size * 1.5);
  });

  it("adds a thread beside the other threads of an existing file, and refuses records out of order without writing", async () => {
    const into = join(dir, "shared.db");
    await importBundle(await exportBundle(db, { thread: { threadId: "one", namespace: "" } }), into);
    await importBundle(await exportBundle(db, { thread: { threadId: "two", namespace: "" } }), into);
    expect((await inspectFile(into)).threads.map((thread) => thread.threadId).sort()).toEqual(["one", "two"]);
    expect((await checkpointsOf(into, "two")).map((checkpoint) => checkpoint.values)).toEqual((await checkpointsOf(db, "two")).map((checkpoint) => checkpoint.values));

    const before = tableRows(into);
    const bundle = await exportBundle(db, { thread: { threadId: "two", namespace: "" } });
    const reversed = { ...bundle, thread: { threadId: "two", namespace: "" }, checkpoints: [...(bundle.checkpoints as StoredCheckpoint[])].reverse() };
    await expect(importBundle(reversed, join(dir, "other.db"), "Bundle \"two.json\"")).rejects.toThrow(/^Bundle "two\.json" cannot be imported: the parent ".+" of checkpoint ".+" is not before it in the bundle\.$/);
    expect(tableRows(into)).toEqual(before);
  });
});
