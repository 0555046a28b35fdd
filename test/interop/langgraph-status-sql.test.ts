/**
 * The status filter's head statuses cut down in SQL (core/interop/langgraph/status-sql.ts) against the
 * decoder: every checkpoint of every LangGraph.js fixture and of files LangGraph.js writes here (nested
 * subgraph namespaces, interrupts, failures in a fan-out with a join, finished and unfinished threads),
 * taken as a head, gets the status the whole decode gives; it stays right while LangGraph.js writes; a
 * corrupt or unusual head row falls back to the decoder (its placeholder, never a throw or a hang).
 */
import { Command } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ThreadStatus } from "../../core/api/types.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { HeadStatuses, LIGHT_HEAD_MAX_BYTES } from "../../core/interop/langgraph/status-sql.ts";
import { openRawDatabase, type RawDatabase } from "../../core/storage/sqlite/raw.ts";
import { copyFixture, fixtureNames, tempDir } from "./helpers.ts";
import { fanoutGraph, nestedInterruptGraph, newFaults, pipelineGraph, ticketGraph } from "./langgraph-graphs.ts";

const STATUSES: ThreadStatus[] = ["done", "error", "interrupted", "pending"];

interface Compared {
  checkpoints: number;
  statuses: Set<ThreadStatus>;
  namespaces: Set<string>;
  light: number;
}

/** Every checkpoint of `file` taken as its namespace's head: the SQL status must equal the decoded one. */
function compareEveryCheckpoint(file: string): Compared {
  const db = openRawDatabase(file, { readonly: true });
  try {
    const heads = new HeadStatuses(db, "js");
    const rows = db.all<{ thread_id: string; checkpoint_ns: string; checkpoint_id: string }>("SELECT thread_id, checkpoint_ns, checkpoint_id FROM checkpoints ORDER BY thread_id, checkpoint_ns, checkpoint_id");
    const mismatches: string[] = [];
    const statuses = new Set<ThreadStatus>();
    for (const row of rows) {
      const entry = { namespace: row.checkpoint_ns, count: 1, headId: row.checkpoint_id };
      const fast = heads.status(row.thread_id, entry);
      const decoded = heads.decoded(row.thread_id, entry);
      if (fast !== decoded) mismatches.push(`${row.thread_id} ${row.checkpoint_ns} ${row.checkpoint_id}: sql ${fast}, decoded ${decoded}`);
      if (decoded) statuses.add(decoded);
    }
    expect(mismatches).toEqual([]);
    return { checkpoints: rows.length, statuses, namespaces: new Set(rows.map((row) => row.checkpoint_ns)), light: heads.counts.light };
  } finally {
    db.close();
  }
}

/** Each thread's status as the status filter answers it (no cache), and as listThreads decodes it from the whole history. */
async function filteredAndDecoded(file: string): Promise<{ filtered: Record<string, ThreadStatus>; decoded: Record<string, ThreadStatus> }> {
  const source = await LangGraphSource.open(file);
  try {
    const filtered: Record<string, ThreadStatus> = {};
    for (const status of STATUSES) for (const row of (await source.pageThreads({ status: [status], limit: 500 })).rows) filtered[row.threadId] = status;
    const decoded = Object.fromEntries((await source.listThreads()).filter((row) => row.namespace === "").map((row) => [row.threadId, row.status]));
    return { filtered, decoded };
  } finally {
    await source.close();
  }
}

describe("head statuses cut down in SQL", () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir("chronograph-status-sql-");
  });
  afterEach(() => temp.cleanup());

  it.each(fixtureNames())("%s: every checkpoint as a head gets the decoder's status, read in SQL", (name) => {
    const compared = compareEveryCheckpoint(copyFixture(name, temp.dir));
    expect(compared.light).toBe(compared.checkpoints);
  });

  it("the fixtures between them reach every status", () => {
    const seen = new Set<ThreadStatus>();
    for (const name of fixtureNames()) for (const status of compareEveryCheckpoint(copyFixture(name, temp.dir)).statuses) seen.add(status);
    expect([...seen].sort()).toEqual([...STATUSES].sort());
  });

  it("files LangGraph.js writes here (subgraphs, interrupts, failures in a fan-out), before and after resumes", async () => {
    const file = join(temp.dir, "runs.sqlite");
    const saver = SqliteSaver.fromConnString(file);
    try {
      const nested = nestedInterruptGraph(saver);
      const tickets = ticketGraph(saver);
      const pipelineFaults = newFaults();
      const pipeline = pipelineGraph(saver, pipelineFaults);
      const fanFaults = newFaults();
      const fanout = fanoutGraph(saver, fanFaults);
      const config = (thread: string) => ({ configurable: { thread_id: thread } });
      await nested.invoke({ notes: ["start"] }, config("nested"));
      await tickets.invoke({ request: "refund" }, config("ticket"));
      pipelineFaults.failNext.add("analyze");
      await pipeline.invoke({ topic: "tides" }, config("pipeline")).catch(() => undefined);
      fanFaults.failNext.add("fetch_news");
      await fanout.invoke({ city: "Oslo" }, config("fanout")).catch(() => undefined);
      await pipeline.invoke({ topic: "moons" }, config("pipeline-done"));
      // A state update as a node leaves the head with tasks to run: an unfinished, never-resumed thread.
      await pipeline.updateState(config("pipeline-done"), { topic: "again" }, "gather");

      const before = compareEveryCheckpoint(file);
      expect(before.light).toBe(before.checkpoints);
      expect([...before.namespaces].some((ns) => ns.includes("|"))).toBe(true);
      let answers = await filteredAndDecoded(file);
      expect(answers.filtered).toEqual(answers.decoded);
      expect(answers.decoded).toEqual({ nested: "interrupted", ticket: "interrupted", pipeline: "error", fanout: "error", "pipeline-done": "pending" });

      // LangGraph.js writes while a session is open: the filter follows each write.
      const source = await LangGraphSource.open(file);
      try {
        expect((await source.pageThreads({ status: ["interrupted"], limit: 50 })).rows.map((row) => row.threadId).sort()).toEqual(["nested", "ticket"]);
        await nested.invoke(new Command({ resume: "yes" }), config("nested"));
        await tickets.invoke(new Command({ resume: { approved: true, comment: "" } }), config("ticket"));
        await pipeline.invoke(null, config("pipeline"));
        await fanout.invoke(null, config("fanout"));
        const page = await source.pageThreads({ status: ["done"], limit: 50 });
        expect(page.rows.map((row) => row.threadId).sort()).toEqual(["fanout", "nested", "pipeline", "ticket"]);
        expect(page.counts).toEqual({ done: 4, interrupted: 0, error: 0, pending: 1 });
      } finally {
        await source.close();
      }
      compareEveryCheckpoint(file);
      answers = await filteredAndDecoded(file);
      expect(answers.filtered).toEqual(answers.decoded);
    } finally {
      (saver as unknown as { db: Database.Database }).db.close();
    }
  });

  it("a corrupt, non-JSON or oversized head falls back to the decoder and names nothing wrongly", async () => {
    const file = copyFixture("hitl-interrupt.sqlite", temp.dir);
    const writable = new Database(file);
    const heads = writable.prepare("SELECT thread_id, MAX(checkpoint_id) AS id, CAST(checkpoint AS TEXT) AS text FROM checkpoints WHERE checkpoint_ns = '' GROUP BY thread_id ORDER BY thread_id").all() as Array<{ thread_id: string; id: string; text: string }>;
    expect(heads.length).toBe(3);
    const set = writable.prepare("UPDATE checkpoints SET checkpoint = ?, type = ? WHERE thread_id = ? AND checkpoint_id = ?");
    // Truncated JSON; bytes that are not UTF-8 at all; a checkpoint whose channel_values is not an object.
    set.run(Buffer.from(heads[0]!.text.slice(0, 40)), "json", heads[0]!.thread_id, heads[0]!.id);
    set.run(Buffer.from([0xff, 0xfe, 0x00, 0x7b]), "json", heads[1]!.thread_id, heads[1]!.id);
    const parsed = JSON.parse(heads[2]!.text) as Record<string, unknown>;
    set.run(Buffer.from(JSON.stringify({ ...parsed, channel_values: [1, 2] })), "json", heads[2]!.thread_id, heads[2]!.id);
    writable.close();

    const db: RawDatabase = openRawDatabase(file, { readonly: true });
    try {
      const reader = new HeadStatuses(db, "js");
      for (const head of heads) {
        const entry = { namespace: "", count: 1, headId: head.id };
        expect(reader.status(head.thread_id, entry)).toBe(reader.decoded(head.thread_id, entry));
      }
      expect(reader.counts.light).toBe(0);
    } finally {
      db.close();
    }
    const answers = await filteredAndDecoded(file);
    expect(answers.filtered).toEqual(answers.decoded);
  });

  it("a head over the size cut is decoded whole, with the same status", () => {
    const file = copyFixture("hitl-interrupt.sqlite", temp.dir);
    const writable = new Database(file);
    const head = writable.prepare("SELECT thread_id, MAX(checkpoint_id) AS id, CAST(checkpoint AS TEXT) AS text FROM checkpoints WHERE thread_id = 'ticket-waiting' AND checkpoint_ns = ''").get() as { thread_id: string; id: string; text: string };
    const parsed = JSON.parse(head.text) as { channel_values: Record<string, unknown> };
    parsed.channel_values.reply = "x".repeat(LIGHT_HEAD_MAX_BYTES);
    writable.prepare("UPDATE checkpoints SET checkpoint = ? WHERE thread_id = ? AND checkpoint_id = ?").run(Buffer.from(JSON.stringify(parsed)), head.thread_id, head.id);
    writable.close();
    const db = openRawDatabase(file, { readonly: true });
    try {
      const reader = new HeadStatuses(db, "js");
      const entry = { namespace: "", count: 1, headId: head.id };
      const status = reader.status(head.thread_id, entry);
      expect(reader.counts).toEqual({ light: 0, whole: 1 });
      expect(status).toBe(reader.decoded(head.thread_id, entry));
      expect(status).toBe("interrupted");
    } finally {
      db.close();
    }
  });
});
