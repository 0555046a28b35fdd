/**
 * Hand-made hostile files, one per defect they once triggered. Each is opened the way the app and
 * `chronograph inspect` open files, in a child process with a time budget and a heap cap: it must end,
 * without a crash, with the damage reported as warnings on the checkpoints that hold it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectFile } from "../../core/debugger/inspect.ts";
import { damagedRows, fifo, pythonManyItems, pythonParentCycle, selfReferencingDelta } from "./hostile-files.ts";
import { openInChild, type OpenResult } from "./open-in-child.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-hostile-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectSurvived(result: OpenResult, maxRssMb = 700): void {
  expect(result.timedOut, `the child hung; stderr: ${result.stderr}`).toBe(false);
  expect(result.outcome, `the child printed no outcome (exit ${result.exitCode}); stderr: ${result.stderr}`).not.toBeNull();
  expect(result.outcome!.crash).toBeUndefined();
  expect(result.outcome!.maxRssMb!).toBeLessThan(maxRssMb);
}

const warningsOf = (views: Array<{ checkpointId: string; warnings?: string[] }>, id: string) => views.find((view) => view.checkpointId === id)?.warnings ?? [];

describe("hostile files", () => {
  it("a Chronograph delta whose base is its own checkpoint is a warning on that checkpoint, not an endless loop", async () => {
    const { file, checkpoint } = await selfReferencingDelta(dir);
    expectSurvived(await openInChild(file));
    const output = await inspectFile(file);
    const views = output.threads[0]!.checkpoints;
    expect(warningsOf(views, checkpoint).join("\n")).toMatch(/channel "notes".*loops back/);
    expect(views.length).toBe(31);
  }, 120_000);

  it("a LangGraph parent cycle is a warning on the checkpoint, not an endless loop", async () => {
    const { file, checkpoints } = pythonParentCycle(dir);
    expectSurvived(await openInChild(file));
    const views = (await inspectFile(file)).threads[0]!.checkpoints;
    expect(warningsOf(views, checkpoints[0]!).join("\n")).toMatch(/parent chain loops back/);
  }, 120_000);

  it("one bad row costs only its own fields: warnings name file, thread, checkpoint and column, and the rest is read", async () => {
    const { file, badJson, badTime, deep, good } = await damagedRows(dir);
    expectSurvived(await openInChild(file));
    const views = (await inspectFile(file)).threads[0]!.checkpoints;
    expect(views.length).toBe(31);
    expect(warningsOf(views, badJson).join("\n")).toContain(`Column "versions" of checkpoint "${badJson}" of thread "long" in "${file}" is not valid JSON`);
    expect(warningsOf(views, badTime).join("\n")).toContain(`Column "created_at" of checkpoint "${badTime}"`);
    expect(warningsOf(views, deep).join("\n")).toMatch(/channel "count".*nested deeper than 1000 levels/);
    expect(views.find((view) => view.checkpointId === deep)!.values.count).toMatchObject({ $placeholder: "too-large" });
    expect(warningsOf(views, good)).toEqual([]);
    expect(views.find((view) => view.checkpointId === good)!.values.notes).toHaveLength(27);
  }, 120_000);

  it("a msgpack value of two million items becomes a placeholder with a warning, within a heap of 512 MB", async () => {
    const { file, checkpoint } = pythonManyItems(dir, 2_000_000);
    const result = await openInChild(file);
    expectSurvived(result, 500);
    const views = (await inspectFile(file)).threads[0]!.checkpoints;
    const view = views.find((candidate) => candidate.checkpointId === checkpoint)!;
    expect(view.values.items).toMatchObject({ $placeholder: "too-large", items: 2_000_000 });
    expect(view.warnings!.join("\n")).toMatch(/channel_values\.items: more than 500000 items/);
  }, 120_000);

  it("a named pipe is refused at once with a message naming it, instead of blocking for ever", async () => {
    const file = fifo(dir);
    const result = await openInChild(file, { timeoutMs: 60_000 });
    expectSurvived(result);
    expect(result.outcome!.errors.join("\n")).toContain(`NOT_A_DATABASE: "${file}" is a named pipe (FIFO)`);
    expect(result.outcome!.inspectExit).toBe(1);
  }, 120_000);

  it("a named pipe with a bundle's name (.json) is refused the same way, not read as a bundle", async () => {
    const file = fifo(dir, "pipe.json");
    const result = await openInChild(file, { timeoutMs: 60_000 });
    expectSurvived(result);
    expect(result.outcome!.errors.join("\n")).toContain(`NOT_A_DATABASE: "${file}" is a named pipe (FIFO)`);
  }, 120_000);
});
