/**
 * Which kind a file is (from its schema and content), the errors that name a file that is not one
 * (missing, a folder, not SQLite, SQLite without checkpoints, LangGraph's unsupported 0.0.x layout),
 * and `inspectDatabase`, the data behind `chronograph inspect FILE --json`.
 */
import Database from "better-sqlite3";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isChronographError } from "../../core/api/errors.ts";
import type { SourceFactory } from "../../core/debugger/sources.ts";
import { detectKind } from "../../core/interop/detect.ts";
import { inspectDatabase } from "../../core/interop/inspect.ts";
import { LANGGRAPH_SOURCE_FACTORIES } from "../../core/interop/index.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { FIXTURES, tempDir } from "./helpers.ts";

function codeOf(work: () => unknown): { code: string; message: string } {
  try {
    work();
  } catch (error) {
    if (isChronographError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a ChronographError");
}

describe("detecting a database's kind", () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.cleanup());

  it("tells Chronograph, LangGraph.js and Python LangGraph files apart", async () => {
    const ours = join(temp.dir, "ours.db");
    await SqliteSaver.open(ours).close();
    expect(detectKind(ours)).toBe("chronograph");
    expect(detectKind(join(FIXTURES, "agent-loop.sqlite"))).toBe("langgraph-js");
    const legacy = join(temp.dir, "legacy-python.sqlite");
    const db = new Database(legacy);
    db.exec("CREATE TABLE checkpoints (thread_id TEXT, checkpoint_ns TEXT, checkpoint_id TEXT, parent_checkpoint_id TEXT, type TEXT, checkpoint BLOB, metadata BLOB); CREATE TABLE writes (thread_id TEXT, checkpoint_ns TEXT, checkpoint_id TEXT, task_id TEXT, idx INTEGER, channel TEXT, type TEXT, value BLOB);");
    db.prepare("INSERT INTO checkpoints VALUES ('t', '', '1ef0', NULL, 'json', ?, ?)").run(Buffer.from('{"v": 1, "ts": "2024-05-01T00:00:00+00:00", "channel_values": {}, "channel_versions": {}, "versions_seen": {}}'), Buffer.from('{"source": "input", "step": -1}'));
    db.close();
    expect(detectKind(legacy)).toBe("langgraph-py");
  });

  it("names the file when it is not a checkpoint database", () => {
    const missing = join(temp.dir, "missing.sqlite");
    expect(codeOf(() => detectKind(missing))).toEqual({ code: "FILE_NOT_FOUND", message: expect.stringContaining(missing) });
    const folder = join(temp.dir, "folder");
    mkdirSync(folder);
    expect(codeOf(() => detectKind(folder)).code).toBe("NOT_A_DATABASE");
    const text = join(temp.dir, "notes.txt");
    writeFileSync(text, "these are not the pages you are looking for ".repeat(200));
    expect(codeOf(() => detectKind(text))).toEqual({ code: "NOT_A_DATABASE", message: expect.stringContaining(text) });
    const empty = join(temp.dir, "empty.sqlite");
    new Database(empty).close();
    expect(codeOf(() => detectKind(empty))).toEqual({ code: "NOT_A_CHECKPOINT_DATABASE", message: expect.stringMatching(/empty SQLite database/) });
    const old = join(temp.dir, "old.sqlite");
    const db = new Database(old);
    db.exec("CREATE TABLE checkpoints (thread_id TEXT, thread_ts TEXT, parent_ts TEXT, checkpoint BLOB, metadata BLOB)");
    db.close();
    expect(codeOf(() => detectKind(old)).message).toMatch(/LangGraph 0.0.x format .* "thread_ts"/);
  });

  it("the LangGraph reader refuses a Chronograph file, naming it", async () => {
    const ours = join(temp.dir, "ours.db");
    await SqliteSaver.open(ours).close();
    await expect(LangGraphSource.open(ours)).rejects.toMatchObject({ code: "NOT_A_CHECKPOINT_DATABASE", message: expect.stringContaining(ours) });
  });
});

describe("inspectDatabase", () => {
  it("prints every thread with its checkpoints in full, newest first, as plain JSON", async () => {
    // The factories fit the debugger's registry as they are.
    const factory: SourceFactory = LANGGRAPH_SOURCE_FACTORIES["langgraph-js"];
    const source = await factory(join(FIXTURES, "linear-retry.sqlite"), { busyTimeoutMs: 1000 });
    const output = await inspectDatabase(source);
    expect(output.kind).toBe("langgraph-js");
    expect(output.threads.map((thread) => thread.threadId)).toEqual(["pipeline-clean", "pipeline-failed-then-resumed", "pipeline-failed-unresumed"]);
    for (const thread of output.threads) {
      expect(thread.checkpoints).toEqual(await source.listCheckpointViews(thread));
      const steps = thread.checkpoints.map((checkpoint) => checkpoint.step);
      expect(steps).toEqual([...steps].sort((a, b) => b - a));
      for (const checkpoint of thread.checkpoints) {
        expect(Object.keys(checkpoint)).toEqual(expect.arrayContaining(["checkpointId", "parentId", "step", "source", "writers", "next", "tasks", "pendingWrites", "values"]));
      }
    }
    expect(JSON.parse(JSON.stringify(output))).toEqual(output);
    await source.close();
  });

  it("thread ids that need care (Unicode, spaces, quotes) come through unchanged", async () => {
    const temp = tempDir();
    try {
      const file = join(temp.dir, "odd.sqlite");
      const db = new Database(join(FIXTURES, "fork-update.sqlite"), { readonly: true });
      await db.backup(file);
      db.close();
      const odd = 'thé "essay" ✍️ #1';
      const writable = new Database(file);
      writable.prepare("UPDATE checkpoints SET thread_id = ?").run(odd);
      writable.prepare("UPDATE writes SET thread_id = ?").run(odd);
      writable.close();
      const source = await LangGraphSource.open(file);
      const output = await inspectDatabase(source);
      expect(output.threads.map((thread) => thread.threadId)).toEqual([odd]);
      expect(output.threads[0]!.checkpoints).toHaveLength(10);
      await source.close();
    } finally {
      temp.cleanup();
    }
  });
});
