/** A large value written by one node is stored once (in the step's writes), not twice, and reads back whole. */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { inspectFile } from "../../core/debugger/inspect.ts";
import { END, lastValue, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

it("stores a 6 MB value once and reads it back, through the engine and through the debugger", async () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-store-once-"));
  const file = join(dir, "big.db");
  const big = "y".repeat(6 * 1024 * 1024);
  const saver = SqliteSaver.open(file);
  try {
    const graph = new StateGraph({ name: "big", channels: { text: lastValue(""), small: lastValue(0) } })
      .addNode("write", () => ({ text: big, small: 1 }))
      .addNode("after", (state: { small: number }) => ({ small: state.small + 1 }))
      .addEdge(START, "write")
      .addEdge("write", "after")
      .addEdge("after", END)
      .compile({ checkpointer: saver });
    await graph.invoke({ text: "", small: 0 }, { threadId: "t" });
    saver.walCheckpoint();
    expect(statSync(file).size).toBeLessThan(big.length * 1.3);
    const history = await saver.list("t");
    expect(history[0]!.values).toEqual({ text: big, small: 2 });
    expect(history[1]!.values.text).toBe(big);
    const tuple = await saver.getTuple("t", history[1]!.record.checkpointId);
    expect(tuple!.values.text).toBe(big);
  } finally {
    await saver.close();
  }
  const views = (await inspectFile(file)).threads[0]!.checkpoints;
  expect(views[0]!.values.text).toBe(big);
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

it("shows a 9 MB value as a placeholder with a warning naming the channel and checkpoint", async () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-over-budget-"));
  const file = join(dir, "big.db");
  const saver = SqliteSaver.open(file);
  const graph = new StateGraph({ name: "big", channels: { text: lastValue("") } })
    .addNode("write", () => ({ text: "y".repeat(9 * 1024 * 1024) }))
    .addEdge(START, "write")
    .addEdge("write", END)
    .compile({ checkpointer: saver });
  await graph.invoke({ text: "" }, { threadId: "t" });
  await saver.close();
  const [newest] = (await inspectFile(file)).threads[0]!.checkpoints;
  expect(newest!.values.text).toMatchObject({ $placeholder: "too-large", reason: "larger than 8388608 bytes" });
  expect(newest!.warnings!.join("\n")).toContain(`channel "text" at checkpoint "${newest!.checkpointId}" of thread "t" in "${file}"`);
  rmSync(dir, { recursive: true, force: true });
}, 120_000);
