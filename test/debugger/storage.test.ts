/**
 * The storage view's backend on a real Chronograph SQLite file written by the engine: the report's bytes,
 * a prune preview that lists exactly what the prune then deletes, a stale confirm refused, survivors that
 * read back unchanged, and VACUUM.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isChronographError } from "../../core/api/errors.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { END, lastValue, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { writeScenario } from "../interop/python-scenario.ts";

let dir: string;
let file: string;
let service: DebuggerService;

/** A loop that writes a big text (a large value in the blobs table) and a counter for `steps` supersteps. */
function loopGraph(saver: SqliteSaver, steps: number) {
  return new StateGraph({ name: "loop", channels: { n: lastValue(0), text: lastValue("") } })
    .addNode("grow", (s) => ({ n: (s.n as number) + 1, text: `${s.n as number}:`.padEnd(4000, "x") }))
    .addEdge(START, "grow")
    .addConditionalEdges("grow", (s) => ((s.n as number) >= steps ? END : "grow"), ["grow", END])
    .compile({ checkpointer: saver });
}

async function run(threadId: string, steps: number): Promise<void> {
  const saver = SqliteSaver.open(file);
  await loopGraph(saver, steps).invoke({ n: 0 }, { threadId });
  await saver.close();
}

/** When the thread's newest checkpoint was written (ms since the epoch), read straight from the file. */
function newestCreatedAt(threadId: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT max(created_at) FROM checkpoints WHERE thread_id = ?").pluck().get(threadId) as number;
  } finally {
    db.close();
  }
}

/** Every checkpoint id of a thread, read straight from the file. */
function storedIds(threadId: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT checkpoint_id FROM checkpoints WHERE thread_id = ? ORDER BY checkpoint_id").pluck().all(threadId) as string[];
  } finally {
    db.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => new Error("expected a rejection"), (error: unknown) => error);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-storage-"));
  file = join(dir, "runs.db");
  await run("long", 8);
  await run("short", 2);
  service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 60_000 });
  await service.openDatabase({ path: file });
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("storage view backend", () => {
  it("reports bytes per thread (largest first, with the total) and per channel, for the file and for one thread", async () => {
    const report = await service.storageReport({ threadId: "long", fileChannels: true });
    expect(report.threads.map((thread) => thread.threadId)).toEqual(["long", "short"]);
    expect(report.threads[0]!.checkpoints).toBe(storedIds("long").length);
    expect(report.totalBytes).toBe(report.threads[0]!.bytes + report.threads[1]!.bytes);
    // Eight 4,000-character texts at least, whole or as large values.
    expect(report.threads[0]!.bytes).toBeGreaterThan(8 * 4000);
    expect(report.fileBytes).toBeGreaterThan(0);
    expect(report.tables.map((table) => table.name)).toContain("checkpoints");
    const text = report.thread!.channels.find((channel) => channel.channel === "text")!;
    expect(text.bytes).toBeGreaterThan(8 * 4000);
    expect(report.thread!.channels[0]!.channel).toBe("text");
    const fileText = report.channels!.find((channel) => channel.channel === "text")!;
    expect(fileText.bytes).toBeGreaterThan(text.bytes);
    const paged = await service.storageReport({ offset: 1, limit: 1 });
    expect(paged.threads.map((thread) => thread.threadId)).toEqual(["short"]);
    expect(paged.threadCount).toBe(2);
    // By default: no whole-file channels (they parse every stored version), the largest thread's channels.
    const plain = await service.storageReport({});
    expect(plain.channels).toBeUndefined();
    expect(plain.thread).toEqual(report.thread);
  });

  it("refuses a prune without a count or a date", async () => {
    const error = await rejection(service.prunePreview({}));
    expect(isChronographError(error, "INVALID_ARGUMENT")).toBe(true);
  });

  it("previews by date: nothing before the first checkpoint, and everything but the branch heads before a time after the newest", async () => {
    expect((await service.prunePreview({ olderThan: 0 })).removed).toBe(0);
    // A cutoff from the file itself, not the real clock: just after the thread's newest checkpoint.
    const all = await service.prunePreview({ olderThan: newestCreatedAt("long") + 1, threadId: "long" });
    // One run is one chain: only its newest checkpoint has no child, so only it stays.
    expect(all.threads).toEqual([{ threadId: "long", removed: storedIds("long").length - 1, kept: 1 }]);
    expect(all.listed!.ids).toEqual(storedIds("long").slice(0, -1));
  });

  it("refuses the preview's token once a checkpoint was added, deleting nothing", async () => {
    const preview = await service.prunePreview({ keepLast: 2, threadId: "short" });
    expect(preview.removed).toBeGreaterThan(0);
    const before = storedIds("short");
    await run("short", 2);
    const error = await rejection(service.prune({ keepLast: 2, threadId: "short", token: preview.token }));
    expect(isChronographError(error, "STALE_PREVIEW")).toBe(true);
    expect((error as Error).message).toContain(file);
    expect(storedIds("short").length).toBeGreaterThan(before.length);
  });

  it("deletes exactly the checkpoints the preview listed; survivors read back the same values", async () => {
    const before = storedIds("long");
    const shortBefore = storedIds("short");
    const survivorsBefore = new Map<string, unknown>();
    const preview = await service.prunePreview({ keepLast: 2, listThreadId: "long" });
    expect(preview.listed!.threadId).toBe("long");
    expect(preview.listed!.total).toBe(preview.listed!.ids.length);
    const doomed = new Set(preview.listed!.ids);
    for (const id of before) if (!doomed.has(id)) survivorsBefore.set(id, (await service.getCheckpoint({ threadId: "long", checkpointId: id })).values);
    expect(doomed.size).toBeGreaterThan(0);
    expect(preview.threads.find((thread) => thread.threadId === "long")).toEqual({ threadId: "long", removed: doomed.size, kept: before.length - doomed.size });
    expect(preview.bytes).toBeGreaterThan(0);
    // A preview writes nothing.
    expect(storedIds("long")).toEqual(before);

    const result = await service.prune({ keepLast: 2, token: preview.token });
    expect(result.removed).toBe(preview.removed);
    expect(storedIds("long")).toEqual(before.filter((id) => !doomed.has(id)));
    const shortDoomed = preview.threads.find((thread) => thread.threadId === "short")?.removed ?? 0;
    expect(storedIds("short").length).toBe(shortBefore.length - shortDoomed);
    for (const [id, values] of survivorsBefore) expect((await service.getCheckpoint({ threadId: "long", checkpointId: id })).values).toEqual(values);

    const vacuumed = await service.vacuum({});
    expect(vacuumed.afterBytes).toBeLessThanOrEqual(vacuumed.beforeBytes);
    expect((await service.storageReport({})).freePages).toBe(0);
  });

  it("refuses every storage call on a LangGraph file with the capability's reason, leaving the file as it was", async () => {
    const python = join(dir, "python.sqlite");
    writeScenario(python);
    const other = createDebuggerService({ configDir: join(dir, "config-py"), pollIntervalMs: 60_000 });
    try {
      const info = await other.openDatabase({ path: python });
      expect(info.canPrune).toBe(false);
      const db = new Database(python, { readonly: true });
      const count = () => db.prepare("SELECT count(*) FROM checkpoints").pluck().get();
      const before = count();
      for (const call of [other.storageReport({}), other.prunePreview({ keepLast: 1 }), other.prune({ keepLast: 1, token: "x" }), other.vacuum({})]) {
        const error = await rejection(call);
        expect(isChronographError(error, "READ_ONLY")).toBe(true);
        expect((error as Error).message).toContain(info.pruneUnavailableReason!);
        expect((error as Error).message).toContain(python);
      }
      expect(count()).toBe(before);
      db.close();
    } finally {
      await other.close();
    }
  });
});
