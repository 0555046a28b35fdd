/**
 * `inspect` over a LangGraph file walks its threads in thread id order a slice of keys at a time
 * (threadKeySlice) instead of building the index of every thread (what kept the whole-file walk of a
 * 100,000-thread file over 300 MB). What it prints must still be what the whole read prints, across slice
 * boundaries and subgraph namespaces, and neither the whole walk nor --thread may read the thread index.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { langGraphTemplate, writeLangGraphFile } from "../../bench/generate-big.ts";
import type { ThreadKey } from "../../core/api/types.ts";
import { countInspectThreads, inspectDatabase, type InspectOptions } from "../../core/interop/inspect.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { countSqlReads } from "../support/sql-reads.ts";
import { wholeReadsOnly } from "../support/whole-reads.ts";
import { tempDir } from "./helpers.ts";

let temp: { dir: string; cleanup: () => void };
let file: string;
/** Threads that also have a subgraph namespace (a copy of their rows), one on each side of the first slice's end. */
const NESTED = ["t-0003", "t-0499", "t-0500", "t-1100"];

beforeAll(async () => {
  temp = tempDir("chronograph-inspect-slices-");
  file = join(temp.dir, "many.sqlite");
  // 1,200 threads: more than one slice of 500; zero-padded ids so that thread id order is easy to state.
  writeLangGraphFile(file, await langGraphTemplate(1), { threads: 1_200, long: 0, prefix: "t-" });
  const db = new Database(file);
  const rename = db.prepare("UPDATE checkpoints SET thread_id = ? WHERE thread_id = ?");
  const renameWrites = db.prepare("UPDATE writes SET thread_id = ? WHERE thread_id = ?");
  db.transaction(() => {
    for (let n = 0; n < 1_200; n += 1) {
      rename.run(`t-${String(n).padStart(4, "0")}`, `t-${n}`);
      renameWrites.run(`t-${String(n).padStart(4, "0")}`, `t-${n}`);
    }
    for (const id of NESTED) {
      db.prepare("INSERT INTO checkpoints SELECT thread_id, 'child:1', checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata FROM checkpoints WHERE thread_id = ?").run(id);
      db.prepare("INSERT INTO writes SELECT thread_id, 'child:1', checkpoint_id, task_id, idx, channel, type, value FROM writes WHERE thread_id = ?").run(id);
    }
  })();
  db.close();
}, 120_000);
afterAll(() => temp?.cleanup());

describe("inspect's key slices", () => {
  it("threadKeySlice, slice after slice, gives every (thread, namespace) as threadKeys does, and one thread's alone", async () => {
    const source = await LangGraphSource.open(file);
    try {
      const sliced: ThreadKey[] = [];
      let after: string | undefined;
      for (;;) {
        const slice = await source.threadKeySlice(after === undefined ? { limit: 7 } : { after, limit: 7 });
        if (slice.length === 0) break;
        // A slice holds whole threads: its namespaces are never split from their thread.
        expect(new Set(slice.map((key) => key.threadId)).size).toBeLessThanOrEqual(7);
        sliced.push(...slice);
        after = slice.at(-1)!.threadId;
      }
      expect(sliced).toHaveLength(1_200 + NESTED.length);
      expect(sliced).toEqual(await source.threadKeys());
      expect(await source.threadKeySlice({ threadId: "t-0499", limit: 1 })).toEqual([
        { threadId: "t-0499", namespace: "" },
        { threadId: "t-0499", namespace: "child:1" },
      ]);
      expect(await source.threadKeySlice({ threadId: "no-such-thread", limit: 1 })).toEqual([]);
    } finally {
      await source.close();
    }
  }, 120_000);

  it.each<InspectOptions>([{ limit: 1 }, { threadId: "t-0500", values: "changed" }, { threadId: "no-such-thread" }])(
    "prints what the whole read prints, without reading the index of every thread (%j)",
    async (options) => {
      const source = await LangGraphSource.open(file);
      try {
        // The reads that build the index of every thread (thread-index.ts's per-thread aggregates).
        const indexReads = countSqlReads(source.database, (sql) => sql.includes("AS head_id"));
        const sliced = await inspectDatabase(source, options);
        // The text header's count reads the keys as the walk does.
        expect(await countInspectThreads(source, options.threadId)).toBe(options.threadId === "t-0500" ? 1 : options.threadId ? 0 : 1_200);
        expect(indexReads()).toBe(0);
        expect(JSON.stringify(sliced, null, 2)).toBe(JSON.stringify(await inspectDatabase(wholeReadsOnly(source), options), null, 2));
        const expected = options.threadId === "t-0500" ? 2 : options.threadId ? 0 : 1_200 + NESTED.length;
        expect(sliced.threads).toHaveLength(expected);
        if (options.limit === 1) {
          // The threads on both sides of the first slice's end, each with its subgraph namespace after it.
          const keys = sliced.threads.map((thread) => `${thread.threadId}/${thread.namespace}`);
          expect(keys.slice(keys.indexOf("t-0499/"), keys.indexOf("t-0499/") + 4)).toEqual(["t-0499/", "t-0499/child:1", "t-0500/", "t-0500/child:1"]);
          expect(sliced.threads.every((thread) => thread.checkpoints.length === 1)).toBe(true);
        }
      } finally {
        await source.close();
      }
    },
    120_000,
  );
});
