/**
 * Live change notices name exactly the threads another connection changed, without reading every
 * thread's stamp: Chronograph's SQLite reader compares inside SQLite (storage/sqlite/thread-changes.ts),
 * the LangGraph.js reader keeps what its index's updates found (by rowid). Each answer is checked
 * against the full stamp comparison it replaces, over new checkpoints, a status-changing write, a new
 * thread, a prune and a deleted thread; and the backend's notice carries the same ids.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { langGraphTemplate, writeLangGraphFile } from "../../bench/generate-big.ts";
import { ChronographSource } from "../../core/debugger/chronograph-source.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { tempDir } from "../interop/helpers.ts";
import { changesBeside, stepsGraph } from "../support/change-notices.ts";

let temp: ReturnType<typeof tempDir>;

beforeAll(() => {
  temp = tempDir("chronograph-thread-changes-");
});

afterAll(() => temp?.cleanup());

describe("Chronograph's SQLite reader names changed threads", () => {
  it("finds new checkpoints, a status-changing write, a new thread, a prune and a deleted thread, as the stamps do", async () => {
    const file = join(temp.dir, "chronograph.sqlite");
    const writer = SqliteSaver.open(file);
    const graph = stepsGraph(writer);
    for (const id of ["t1", "t2", "t3", "t4"]) await graph.invoke({ log: [id] }, { threadId: id });
    const source = await ChronographSource.open(file);
    try {
      expect(await source.changedThreads()).toEqual([]);
      expect(await changesBeside(source, () => undefined)).toEqual({ changed: [], stamps: [] });

      const run = await changesBeside(source, async () => void (await graph.invoke({ log: ["again"] }, { threadId: "t2" })));
      expect(run).toEqual({ changed: ["t2"], stamps: ["t2"] });

      const failed = await changesBeside(source, async () => {
        const head = (await writer.getTuple("t3"))!;
        await writer.putWrites("t3", head.record.checkpointId, [{ taskId: "task-x", node: "b", kind: "error", value: { name: "Error", message: "late" } }]);
      });
      expect(failed).toEqual({ changed: ["t3"], stamps: ["t3"] });
      expect((await source.threadRow({ threadId: "t3", namespace: "" }))!.status).toBe("error");

      const added = await changesBeside(source, async () => void (await graph.invoke({ log: ["new"] }, { threadId: "t5" })));
      expect(added).toEqual({ changed: ["t5"], stamps: ["t5"] });

      const pruned = await changesBeside(source, async () => void (await writer.prune({ keepLast: 1 })));
      expect(pruned.changed).toEqual(["t1", "t2", "t3", "t4", "t5"]);
      expect(pruned.stamps).toEqual(pruned.changed);

      // A thread gone while another arrives: the count alone would not tell.
      const swapped = await changesBeside(source, async () => {
        await writer.deleteThread("t1");
        await graph.invoke({ log: ["six"] }, { threadId: "t6" });
      });
      expect(swapped).toEqual({ changed: ["t1", "t6"], stamps: ["t1", "t6"] });
      expect(await source.changedThreads()).toEqual([]);
    } finally {
      await source.close();
      await writer.close();
    }
  });

  it("reaches the app as a change notice naming the thread another connection wrote", async () => {
    const file = join(temp.dir, "notice.sqlite");
    const writer = SqliteSaver.open(file);
    const graph = stepsGraph(writer);
    for (const id of ["n1", "n2"]) await graph.invoke({ log: [id] }, { threadId: id });
    const service = createDebuggerService({ configDir: join(temp.dir, "config"), pollIntervalMs: 20 });
    const notices: string[][] = [];
    service.on("onDatabaseChanged", (change) => void (change.database === undefined && change.threadIds.length > 0 && notices.push(change.threadIds)));
    try {
      await service.openDatabase({ path: file });
      await graph.invoke({ log: ["more"] }, { threadId: "n2" });
      await expect.poll(() => notices, { timeout: 20_000 }).toEqual([["n2"]]);
      await writer.deleteThread("n1");
      await expect.poll(() => notices, { timeout: 20_000 }).toEqual([["n2"], ["n1"]]);
    } finally {
      await service.close();
      await writer.close();
    }
  });
});

describe("the LangGraph.js reader names changed threads from its index's updates", () => {
  it("finds a new checkpoint, a new write and a deleted thread, as the stamps do", async () => {
    const file = join(temp.dir, "langgraph.sqlite");
    writeLangGraphFile(file, await langGraphTemplate(1), { threads: 40, long: 0 });
    const source = await LangGraphSource.open(file);
    const db = new Database(file);
    try {
      expect(await source.changedThreads()).toEqual([]);
      const checkpoint = await changesBeside(source, () => {
        db.prepare(`INSERT INTO checkpoints SELECT thread_id, checkpoint_ns, checkpoint_id || 'z', checkpoint_id, type, checkpoint, metadata
          FROM checkpoints WHERE thread_id = 'thread-7' ORDER BY checkpoint_id DESC LIMIT 1`).run();
      });
      expect(checkpoint).toEqual({ changed: ["thread-7"], stamps: ["thread-7"] });
      const write = await changesBeside(source, () => {
        db.prepare(`INSERT INTO writes (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, value)
          SELECT thread_id, checkpoint_ns, checkpoint_id, 'task-x', 0, '__error__', 'json', '"late"' FROM checkpoints WHERE thread_id = 'thread-12' ORDER BY checkpoint_id DESC LIMIT 1`).run();
      });
      expect(write).toEqual({ changed: ["thread-12"], stamps: ["thread-12"] });
      const deleted = await changesBeside(source, () => {
        db.prepare("DELETE FROM writes WHERE thread_id = 'thread-3'").run();
        db.prepare("DELETE FROM checkpoints WHERE thread_id = 'thread-3'").run();
      });
      expect(deleted.changed).toContain("thread-3");
      expect(deleted.stamps).toContain("thread-3");
    } finally {
      db.close();
      await source.close();
    }
  }, 60_000);
});
