/**
 * The quick parts SQLite reads for many ChronographSaver heads in one statement (sqlite-reads.ts
 * headParts, what the status warm-up decides from) against the parts quick-status.ts takes from each row
 * in JavaScript: on every checkpoint of 300 threads written through ChronographSaver (replayed
 * LangGraph.js runs cut at every point, so heads mid-run, at an interrupt, failed, done, with and without
 * writes), the bulk answer says the same about writes and gives the same quick status.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { storedVersions } from "../../core/interop/chronograph-saver/part-rows.ts";
import { saverQuickStatus } from "../../core/interop/chronograph-saver/quick-status.ts";
import { sqliteSaverReads } from "../../core/interop/chronograph-saver/sqlite-reads.ts";
import { type HeadParts, quickStatus } from "../../core/interop/langgraph/quick-status.ts";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";
import { openRawDatabase, type RawDatabase } from "../../core/storage/sqlite/raw.ts";
import { recordTemplates, writeThreads } from "./saver-threads.ts";

const folder = mkdtempSync(join(tmpdir(), "chronograph-head-parts-"));
const file = join(folder, "threads.db");
let db: RawDatabase;

beforeAll(async () => {
  const saver = ChronographSaver.open(file);
  await writeThreads(saver, await recordTemplates(), 300);
  await saver.close();
  db = openRawDatabase(file, { readonly: true });
}, 120_000);

afterAll(() => {
  db?.close();
  rmSync(folder, { recursive: true, force: true });
});

it("reads every checkpoint's writes flag and quick status in bulk as the row-by-row path decides them", async () => {
  const reads = sqliteSaverReads(db);
  const all = db.all<{ thread_id: string; checkpoint_ns: string; checkpoint_id: string }>("SELECT thread_id, checkpoint_ns, checkpoint_id FROM lg_checkpoints ORDER BY thread_id, checkpoint_ns, checkpoint_id");
  expect(all.length).toBeGreaterThan(1_000);
  const tally = { pending: 0, done: 0, decoder: 0, writes: 0 };
  for (let from = 0; from < all.length; from += 500) {
    const slice = all.slice(from, from + 500).map((row) => [row.thread_id, row.checkpoint_ns, row.checkpoint_id] as const);
    const bulk = await reads.headParts!(slice);
    expect(bulk.map((row) => row.at).sort((a, b) => a - b)).toEqual(slice.map((_, at) => at));
    for (const row of bulk) {
      const [threadId, ns, id] = slice[row.at]!;
      const [checkpoint] = reads.checkpointRows(threadId, ns, [id]) as Awaited<ReturnType<typeof reads.checkpointRows>>;
      const writes = (await reads.writeRows(threadId, ns, [id])).length > 0;
      expect(Boolean(row.has_writes), `${threadId} ${id}`).toBe(writes);
      if (writes) {
        tally.writes += 1;
        continue;
      }
      const stored = new Set((await reads.valueRows(threadId, ns, storedVersions(checkpoint!))).map((value) => value.channel));
      const expected = saverQuickStatus(checkpoint!, stored);
      const got = row.parts === null ? null : quickStatus(JSON.parse(row.parts) as HeadParts);
      expect(got, `${threadId} ${id}`).toBe(expected);
      tally[got ?? "decoder"] += 1;
    }
  }
  // The data has heads of each kind: decided pending, decided done, left to the decoder, with writes.
  expect(Object.values(tally).every((count) => count > 0), JSON.stringify(tally)).toBe(true);
}, 120_000);

it("answers nothing for a head that is not in the file", async () => {
  expect(await sqliteSaverReads(db).headParts!([["nobody", "", "x"]])).toEqual([]);
});
