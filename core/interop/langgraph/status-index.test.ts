import { describe, expect, it } from "vitest";
import type { ThreadStatus } from "../../api/types.ts";
import { statusHits, StatusWarmup, type StatusSink } from "./status-index.ts";
import type { IndexedThread } from "./thread-index.ts";

const threadsNamed = (...ids: string[]): IndexedThread[] => ids.map((threadId) => ({ threadId, namespaces: [{ namespace: "", count: 1, headId: `${threadId}-head` }], stamp: threadId }));

function recordingSink(fail?: string): StatusSink & { decided: string[]; saves: number } {
  const sink = {
    decided: [] as string[],
    saves: 0,
    statusesOf(threads: readonly IndexedThread[]): void {
      for (const thread of threads) {
        if (thread.threadId === fail) throw new Error(`thread "${fail}" could not be read`);
        sink.decided.push(thread.threadId);
      }
    },
    save() {
      sink.saves += 1;
    },
  };
  return sink;
}

describe("StatusWarmup", () => {
  it("decides every thread a slice at a time, yielding between slices, then saves once", async () => {
    const sink = recordingSink();
    const threads = threadsNamed("a", "b", "c", "d", "e");
    const seenAtYields: number[] = [];
    const warmup = new StatusWarmup(sink, async () => threads, { slice: 2, pause: async () => void seenAtYields.push(sink.decided.length) });
    await warmup.start();
    expect(sink.decided).toEqual(["a", "b", "c", "d", "e"]);
    expect(seenAtYields).toEqual([2, 4]);
    expect(sink.saves).toBe(1);
    expect(warmup.progress).toEqual({ decided: 5, done: true });
    // Started once: asking again waits for the same run.
    await warmup.start();
    expect(sink.decided).toHaveLength(5);
  });

  it("lets the requests that waited for the same index go before its first slice", async () => {
    const sink = recordingSink();
    let read!: (threads: IndexedThread[]) => void;
    const index = new Promise<IndexedThread[]>((done) => (read = done));
    const warmup = new StatusWarmup(sink, () => index, { slice: 1, pause: async () => undefined });
    const started = warmup.start();
    // A page asks for the index after the warm-up did: it is answered with nothing decided yet.
    const decidedWhenPaged = index.then(() => sink.decided.length);
    read(threadsNamed("a", "b"));
    expect(await decidedWhenPaged).toBe(0);
    await started;
    expect(sink.decided).toEqual(["a", "b"]);
  });

  it("stops at the next yield when stopped, and saves nothing", async () => {
    const sink = recordingSink();
    const warmup: StatusWarmup = new StatusWarmup(sink, async () => threadsNamed("a", "b", "c", "d"), { slice: 1, pause: async () => warmup.stop() });
    await warmup.start();
    expect(sink.decided).toEqual(["a"]);
    expect(sink.saves).toBe(0);
    expect(warmup.progress.done).toBe(false);
  });

  it("goes on at the same place when the index changed between slices, so commits every slice cannot stall it", async () => {
    const sink = recordingSink();
    let asked = 0;
    // Every read of the list is a new list, with one more new thread on top (a run committing all the time).
    const warmup = new StatusWarmup(sink, async () => threadsNamed(...Array.from({ length: asked++ }, (_, i) => `new-${i}`), "a", "b", "c", "d"), { slice: 2, pause: async () => undefined });
    await warmup.start();
    // Repeats are threads pushed down under the new ones: map hits in ThreadSummaries.
    expect(sink.decided).toEqual(["a", "b", "b", "c", "c", "d"]);
    expect(warmup.progress.done).toBe(true);
    expect(sink.saves).toBe(1);
  });

  it("resolves without saving when a thread cannot be read, and runs again when started again", async () => {
    const sink = recordingSink("b");
    const warmup = new StatusWarmup(sink, async () => threadsNamed("a", "b", "c"), { slice: 10, pause: async () => undefined });
    await expect(warmup.start()).resolves.toBeUndefined();
    expect(sink.decided).toEqual(["a"]);
    expect(sink.saves).toBe(0);
    await expect(warmup.start()).resolves.toBeUndefined();
    expect(sink.decided).toEqual(["a", "a"]);
  });
});

describe("StatusWarmup held until requests are quiet", () => {
  it("runs no slice (so opens no sidecar) while pages are being asked, then decides every thread", async () => {
    const sink = recordingSink();
    let letGo: () => void = () => undefined;
    const warmup = new StatusWarmup(sink, async () => threadsNamed("a", "b", "c"), { slice: 2, quiet: () => new Promise<void>((done) => (letGo = done)) });
    const finished = warmup.start();
    // Turns of the event loop in which a page and a text filter are answered: no slice runs meanwhile.
    for (let turn = 0; turn < 5; turn += 1) await new Promise((done) => setImmediate(done));
    expect(sink.decided).toEqual([]);
    expect(warmup.progress).toEqual({ decided: 0, done: false });
    letGo();
    await finished;
    expect(sink.decided).toEqual(["a", "b", "c"]);
    expect(sink.saves).toBe(1);
  });
});

describe("statusHits", () => {
  const threads = threadsNamed("a", "b", "c", "d", "e", "f");
  const statuses: Record<string, ThreadStatus> = { a: "done", b: "interrupted", c: "done", d: "interrupted", e: "error", f: "interrupted" };
  const asked: string[] = [];
  const statusOf = (thread: IndexedThread) => (asked.push(thread.threadId), statuses[thread.threadId]!);
  const ids = (hits: readonly IndexedThread[]) => hits.map((thread) => thread.threadId);

  it("keeps the wanted threads in order and counts every status once the warm-up is done", () => {
    const { hits, counts, reach } = statusHits(threads, () => true, statusOf, new Set<ThreadStatus>(["interrupted"]));
    expect(ids(hits)).toEqual(["b", "d", "f"]);
    expect(counts).toEqual({ done: 2, interrupted: 3, error: 1, pending: 0 });
    expect(reach).toBe(6);
  });

  it("while it runs, counts only the decided threads when they fill the page", () => {
    asked.length = 0;
    const { hits, counts, reach } = statusHits(threads, () => true, statusOf, new Set<ThreadStatus>(["done", "interrupted"]), { decided: 3, want: 2, extra: 10 });
    expect(ids(hits)).toEqual(["a", "b", "c"]);
    expect(counts).toEqual({ done: 2, interrupted: 1, error: 0, pending: 0 });
    expect(reach).toBe(3);
    expect(asked).toEqual(["a", "b", "c"]);
  });

  it("decides at most `extra` more threads itself while the page is short, and matches the text first", () => {
    const short = statusHits(threads, () => true, statusOf, new Set<ThreadStatus>(["interrupted"]), { decided: 1, want: 5, extra: 2 });
    expect(ids(short.hits)).toEqual(["b"]);
    expect(short.reach).toBe(3);
    const filled = statusHits(threads, () => true, statusOf, new Set<ThreadStatus>(["interrupted"]), { decided: 1, want: 1, extra: 4 });
    expect(ids(filled.hits)).toEqual(["b"]);
    expect(filled.reach).toBe(2);
    const text = statusHits(threads, (thread) => thread.threadId !== "b", statusOf, new Set<ThreadStatus>(["interrupted"]), { decided: 4, want: 5, extra: 0 });
    expect(ids(text.hits)).toEqual(["d"]);
    expect(text.counts).toEqual({ done: 2, interrupted: 1, error: 0, pending: 0 });
  });
});
