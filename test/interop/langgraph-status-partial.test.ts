/**
 * A status filter asked while the background warm-up decides statuses (status-index.ts) answers at once from
 * the threads already decided, flagged with statusCounting, on a generated LangGraph.js file (3,000 finished
 * threads) with 20 threads LangGraph.js left waiting at an interrupt (the newest): the partial answer holds
 * only decided threads, in the full answer's order, and once the warm-up is done the answer is the full one.
 * Asked before the thread index is read, it answers from the newest threads the first screen found. On a big
 * file (more checkpoints than LangGraphSourceOptions.bigFileRows) it decides no head itself: the first one is
 * answered before the warm-up, held until then by the quiet gate, decides any.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ThreadPage, ThreadStatus } from "../../core/api/types.ts";
import type { GateClock } from "../../core/interop/langgraph/quiet-gate.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { ThreadIndex } from "../../core/interop/langgraph/thread-index.ts";
import { openRawDatabase } from "../../core/storage/sqlite/raw.ts";
import { tempDir } from "./helpers.ts";
import { writeMixedStatusFile } from "./status-mixed-file.ts";

const temp = tempDir("chronograph-status-partial-");
const file = join(temp.dir, "mixed.sqlite");
const SLICE = 500;
const ids = (page: ThreadPage) => page.rows.map((row) => row.threadId);
const sum = (counts: Record<ThreadStatus, number> | undefined) => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);

/** A warm-up that decides one slice, then waits at each yield until the test opens the gate. */
function gatedWarmup() {
  let open!: () => void;
  const opened = new Promise<void>((done) => (open = done));
  let yields = 0;
  return { options: { slice: SLICE, pause: () => ((yields += 1), opened) }, open, yielded: () => yields };
}

/** A quiet gate's clock that never moves: a big file's warm-up waits until a status filter lets it go. */
const standing: GateClock = { now: () => 0, wait: () => new Promise<void>(() => undefined) };

let order: string[];
beforeAll(async () => {
  await writeMixedStatusFile(file, { generated: 3_000, tickets: 20 });
  const db = openRawDatabase(file, { readonly: true });
  order = new ThreadIndex(db).threads.map((thread) => thread.threadId);
  db.close();
}, 180_000);
afterAll(() => temp.cleanup());

describe("a status filter while the statuses are decided in the background", () => {
  it("answers from the decided threads, flagged, then with the full answer once they all are", async () => {
    expect(order).toHaveLength(3_020);
    expect(order.slice(0, 20).every((id) => id.startsWith("ticket-"))).toBe(true);
    const gate = gatedWarmup();
    const source = await LangGraphSource.open(file, { warmup: gate.options });
    try {
      await source.pageThreads({ limit: 50 });
      await expect.poll(gate.yielded, { timeout: 30_000 }).toBeGreaterThan(0);

      // "done" fills its page from the first slice: the answer covers exactly the threads decided.
      const done = await source.pageThreads({ status: ["done"], limit: 50 });
      expect(done.statusCounting).toEqual({ decided: SLICE, threads: 3_020 });
      expect(done.counts).toEqual({ done: SLICE - 20, interrupted: 20, error: 0, pending: 0 });
      expect(done.total).toBe(SLICE - 20);
      expect(ids(done)).toEqual(order.slice(20, 70));

      // "interrupted" finds fewer than a page there, so it decides up to 1,000 more threads itself, no further.
      const waiting = await source.pageThreads({ status: ["interrupted"], limit: 50 });
      expect(waiting.statusCounting).toEqual({ decided: SLICE + 1_000, threads: 3_020 });
      expect(sum(waiting.counts)).toBe(SLICE + 1_000);
      expect(waiting.total).toBe(20);
      expect(new Set(ids(waiting))).toEqual(new Set(order.slice(0, 20)));
      const decided = new Set(order.slice(0, SLICE + 1_000));
      const deep = await source.pageThreads({ status: ["done"], offset: 400, limit: 50 });
      expect(ids(deep).every((id) => decided.has(id))).toBe(true);

      gate.open();
      await source.statusesDecided();
      const full = await source.pageThreads({ status: ["done"], limit: 50 });
      expect(full.statusCounting).toBeUndefined();
      expect(full.counts).toEqual({ done: 3_000, interrupted: 20, error: 0, pending: 0 });
      expect(full.total).toBe(3_000);
      // The partial page's rows are the full page's first rows, in place: nothing jumps when it replaces them.
      expect(ids(full)).toEqual(ids(done));
      const after = await source.pageThreads({ status: ["interrupted"], limit: 50 });
      expect(after.statusCounting).toBeUndefined();
      expect(ids(after)).toEqual(ids(waiting));
    } finally {
      gate.open();
      await source.close();
    }
  }, 120_000);

  it("asked while the index is still read, answers from the newest threads the first screen found, flagged counting", async () => {
    // More (thread, namespace) rows than one slice of the index's read, so it is not read in one go.
    const big = join(temp.dir, "big.sqlite");
    await writeMixedStatusFile(big, { generated: 6_000, tickets: 20 });
    const gate = gatedWarmup();
    const source = await LangGraphSource.open(big, { warmup: gate.options });
    try {
      const first = await source.pageThreads({ limit: 50 });
      expect(first.counting).toBe(true);
      const page = await source.pageThreads({ status: ["interrupted"], limit: 50 });
      expect(page.counting).toBe(true);
      expect(page.statusCounting).toEqual({ decided: 50 });
      expect(page.counts).toEqual({ done: 30, interrupted: 20, error: 0, pending: 0 });
      expect(new Set(ids(page))).toEqual(new Set(ids(first).filter((id) => id.startsWith("ticket-"))));
      gate.open();
      await source.statusesDecided();
      const full = await source.pageThreads({ status: ["interrupted"], limit: 50 });
      expect(full.counting).toBeUndefined();
      expect(full.statusCounting).toBeUndefined();
      expect(full.counts).toEqual({ done: 6_000, interrupted: 20, error: 0, pending: 0 });
      expect(ids(full)).toEqual(ids(page));
    } finally {
      gate.open();
      await source.close();
    }
  }, 120_000);

  it("on a big file, answers the first status filter before any head is decided, then completes as the warm-up decides them", async () => {
    const gate = gatedWarmup();
    const source = await LangGraphSource.open(file, { bigFileRows: 0, quietClock: standing, warmup: gate.options });
    try {
      await source.pageThreads({ limit: 50 });
      // A page deep in the list: the index is read, and the warm-up waits at the quiet gate (its clock stands).
      expect((await source.pageThreads({ offset: 1_000, limit: 50 })).total).toBe(3_020);
      expect(gate.yielded()).toBe(0);

      // Nothing decided yet, and nothing decided in line (on a cold file, 1,000 scattered heads took seconds).
      const first = await source.pageThreads({ status: ["interrupted"], limit: 50 });
      expect(first.statusCounting).toEqual({ decided: 0, threads: 3_020 });
      expect(first.rows).toEqual([]);
      expect(first.total).toBe(0);
      expect(sum(first.counts)).toBe(0);

      // Let go once that answer was given: the warm-up's first slice, and the next answer is exactly that slice.
      await expect.poll(gate.yielded, { timeout: 30_000 }).toBeGreaterThan(0);
      const next = await source.pageThreads({ status: ["interrupted"], limit: 50 });
      expect(next.statusCounting).toEqual({ decided: SLICE, threads: 3_020 });
      expect(next.counts).toEqual({ done: SLICE - 20, interrupted: 20, error: 0, pending: 0 });
      expect(new Set(ids(next))).toEqual(new Set(order.slice(0, 20)));

      gate.open();
      await source.statusesDecided();
      const full = await source.pageThreads({ status: ["interrupted"], limit: 50 });
      expect(full.statusCounting).toBeUndefined();
      expect(full.counts).toEqual({ done: 3_000, interrupted: 20, error: 0, pending: 0 });
      expect(ids(full)).toEqual(ids(next));
    } finally {
      gate.open();
      await source.close();
    }
  }, 120_000);

  it("gives the same full answer as a reader that waited for every status", async () => {
    const source = await LangGraphSource.open(file);
    try {
      await source.pageThreads({ limit: 50 });
      await source.statusesDecided();
      const page = await source.pageThreads({ status: ["interrupted", "done"], offset: 2_990, limit: 50 });
      expect(page.statusCounting).toBeUndefined();
      expect(page.total).toBe(3_020);
      expect(ids(page)).toEqual(order.slice(2_990));
    } finally {
      await source.close();
    }
  }, 120_000);
});
