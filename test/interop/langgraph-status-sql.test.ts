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
import { copyFixture, FIXTURES, fixtureNames, tempDir } from "./helpers.ts";
import { fanoutGraph, nestedInterruptGraph, newFaults, pipelineGraph, ticketGraph } from "./langgraph-graphs.ts";

const STATUSES: ThreadStatus[] = ["done", "error", "interrupted", "pending"];

interface Compared {
  checkpoints: number;
  statuses: Set<ThreadStatus>;
  namespaces: Set<string>;
  /** Heads decided in SQL alone (quick-status.ts), and heads cut down in SQL then decided by the decoder. */
  sql: number;
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
    // The warm-up's path: every checkpoint as a head again, read in slices by one statement each
    // (HeadStatuses.statuses), with a checkpoint that is not in the file among them.
    const entries = rows.map((row) => ({ threadId: row.thread_id, entry: { namespace: row.checkpoint_ns, headId: row.checkpoint_id } }));
    entries.splice(Math.floor(entries.length / 2), 0, { threadId: "no-such-thread", entry: { namespace: "", headId: "no-such-head" } });
    const bulk = new HeadStatuses(db, "js").statuses(entries);
    const single = new HeadStatuses(db, "js");
    entries.forEach(({ threadId, entry }, at) => {
      const one = single.decoded(threadId, entry);
      if (bulk[at] !== one) mismatches.push(`bulk ${threadId} ${entry.namespace} ${entry.headId}: sql ${bulk[at]}, decoded ${one}`);
    });
    expect(mismatches).toEqual([]);
    return { checkpoints: rows.length, statuses, namespaces: new Set(rows.map((row) => row.checkpoint_ns)), sql: heads.counts.sql, light: heads.counts.light };
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
    expect(compared.sql + compared.light).toBe(compared.checkpoints);
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
      expect(before.sql + before.light).toBe(before.checkpoints);
      expect(before.sql).toBeGreaterThan(0);
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

  it("heads with no writes, in shapes LangGraph and hand edits leave, get the decoder's status (most decided in SQL alone)", () => {
    const file = join(temp.dir, "variants.sqlite");
    const writable = new Database(file);
    writable.exec(`CREATE TABLE checkpoints (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, parent_checkpoint_id TEXT, type TEXT, checkpoint BLOB, metadata BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id));
      CREATE TABLE writes (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, task_id TEXT NOT NULL, idx INTEGER NOT NULL, channel TEXT NOT NULL, type TEXT, value BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx));`);
    type Json = Record<string, unknown> & { channel_values: Record<string, unknown>; channel_versions: Record<string, unknown>; versions_seen: Record<string, Record<string, unknown>> };
    const lower = (seen: Record<string, Record<string, unknown>>) => Object.fromEntries(Object.entries(seen).map(([node, map]) => [node, Object.fromEntries(Object.keys(map).map((channel) => [channel, 0]))]));
    const variants: Record<string, (c: Json) => Json> = {
      asStored: (c) => c,
      nothingSeen: (c) => ({ ...c, versions_seen: {} }),
      everythingSeenAtZero: (c) => ({ ...c, versions_seen: lower(c.versions_seen) }),
      interruptBefore: (c) => ({ ...c, versions_seen: { ...c.versions_seen, __interrupt__: { ...c.channel_versions } } }),
      stringVersions: (c) => ({ ...c, channel_versions: Object.fromEntries(Object.entries(c.channel_versions).map(([k, v]) => [k, String(v).padStart(3, "0")])) }),
      startRoute: (c) => ({ ...c, channel_values: { ...c.channel_values, "start:agent": null }, channel_versions: { ...c.channel_versions, "start:agent": 99 } }),
      formatThree: (c) => ({ ...c, v: 3 }),
      sendWaiting: (c) => ({ ...c, channel_values: { ...c.channel_values, __pregel_tasks: [{ lg_name: "Send", node: "agent", args: {} }] } }),
      dollarKeys: (c) => ({ ...c, channel_values: { ...c.channel_values, $weird: 1 }, versions_seen: { ...c.versions_seen, $dict: { x: 1 } } }),
      lcRecord: (c) => ({ ...c, channel_versions: { lc: 1, type: "constructor", id: ["x"], kwargs: {} } }),
      toStringChannel: (c) => ({ ...c, channel_versions: { ...c.channel_versions, toString: 5 }, versions_seen: { ...c.versions_seen, toString: { toString: 1 } } }),
      noVersions: (c) => ({ ...c, channel_versions: undefined as unknown as Record<string, unknown> }),
      // Keys the SQL reads beside the channel names: a channel named lc, a top-level lc, a join value, tasks not in a list.
      lcChannel: (c) => ({ ...c, channel_values: { ...c.channel_values, lc: 1 } }),
      lcTop: (c) => ({ ...c, lc: 1 }),
      joinValue: (c) => ({ ...c, channel_values: { ...c.channel_values, "join:a+b:c": ["a"] } }),
      tasksNotAList: (c) => ({ ...c, channel_values: { ...c.channel_values, __pregel_tasks: { node: "agent" } } }),
    };
    // Metadata naming `__interrupt__` as a writer makes that versions_seen entry a node whose channels can fire.
    const metadataVariants: Record<string, (m: Record<string, unknown>) => Record<string, unknown> | string> = {
      interruptWriter: (m) => ({ ...m, writes: { __interrupt__: null } }),
      lcMetadata: (m) => ({ ...m, lc: 1, id: ["x"], type: "constructor", kwargs: {} }),
      lcWriter: (m) => ({ ...m, writes: { __interrupt__: null, lc: 1 } }),
      writesNotAMap: (m) => ({ ...m, writes: ["__interrupt__"] }),
      notJson: (m) => `${JSON.stringify({ ...m, writes: { __interrupt__: null } })}}`,
    };
    const insert = writable.prepare("INSERT INTO checkpoints VALUES (?, '', ?, NULL, 'json', ?, ?)");
    let made = 0;
    writable.exec("BEGIN");
    for (const name of fixtureNames()) {
      const fixture = new Database(join(FIXTURES, name), { readonly: true });
      const rows = fixture.prepare("SELECT thread_id, checkpoint_id, CAST(checkpoint AS TEXT) AS text, CAST(metadata AS TEXT) AS meta FROM checkpoints").all() as Array<{ thread_id: string; checkpoint_id: string; text: string; meta: string }>;
      fixture.close();
      for (const row of rows) {
        for (const [variant, change] of Object.entries(variants)) {
          insert.run(`${name}/${row.thread_id}/${row.checkpoint_id}/${variant}`, row.checkpoint_id, Buffer.from(JSON.stringify(change(JSON.parse(row.text) as Json))), Buffer.from(row.meta));
          made += 1;
        }
        for (const [variant, change] of Object.entries(metadataVariants)) {
          const stored = JSON.parse(row.text) as Json;
          const checkpoint = { ...stored, versions_seen: { ...stored.versions_seen, __interrupt__: Object.fromEntries(Object.keys(stored.channel_versions).map((channel) => [channel, 0])) } };
          insert.run(`${name}/${row.thread_id}/${row.checkpoint_id}/${variant}`, row.checkpoint_id, Buffer.from(JSON.stringify(checkpoint)), Buffer.from(((meta) => (typeof meta === "string" ? meta : JSON.stringify(meta)))(change(JSON.parse(row.meta) as Record<string, unknown>))));
          made += 1;
        }
      }
    }
    writable.exec("COMMIT");
    writable.close();
    const compared = compareEveryCheckpoint(file);
    expect(compared.checkpoints).toBe(made);
    expect([...compared.statuses].sort()).toEqual(["done", "pending"]);
    // Most shapes are decided in SQL alone; the rest (format 3, Send packets, lc records, $dict) by the cut-down decode.
    expect(compared.sql).toBeGreaterThan(made / 2);
    expect(compared.sql + compared.light).toBe(made);
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
      expect(reader.counts.sql + reader.counts.light).toBe(0);
      // The warm-up's bulk read of the same heads: one statement over rows SQLite's JSON functions cannot parse.
      const bulk = new HeadStatuses(db, "js");
      const entries = heads.map((head) => ({ threadId: head.thread_id, entry: { namespace: "", headId: head.id } }));
      expect(bulk.statuses(entries)).toEqual(entries.map(({ threadId, entry }) => reader.decoded(threadId, entry)));
      expect(bulk.counts.sql + bulk.counts.light).toBe(0);
    } finally {
      db.close();
    }
    const answers = await filteredAndDecoded(file);
    expect(answers.filtered).toEqual(answers.decoded);
  });

  it("decides every status in the background from the first page on, and the status filter answers from it", async () => {
    const file = copyFixture("hitl-interrupt.sqlite", temp.dir);
    const source = await LangGraphSource.open(file);
    try {
      const first = await source.pageThreads({ limit: 2 });
      expect(first.rows).toHaveLength(2);
      const warmup = (source as unknown as { warmup: { progress: { done: boolean }; start(): Promise<void> } }).warmup;
      expect(warmup).toBeDefined();
      await warmup.start();
      expect(warmup.progress.done).toBe(true);
      const waiting = await source.pageThreads({ status: ["interrupted"], limit: 10 });
      expect(waiting.rows.map((row) => row.threadId)).toEqual(["ticket-waiting"]);
      expect(waiting.counts).toEqual({ done: 2, interrupted: 1, error: 0, pending: 0 });
    } finally {
      await source.close();
    }
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
      expect(reader.counts).toEqual({ sql: 0, light: 0, whole: 1, lent: 0 });
      expect(status).toBe(reader.decoded(head.thread_id, entry));
      expect(status).toBe("interrupted");
    } finally {
      db.close();
    }
  });
});
