/**
 * A store that writes synchronously (Checkpointer.putSync, sync-put.ts: SqliteSaver, MemorySaver) is
 * written through putSync and keeps the durability contract: each checkpoint is stored before the next
 * step's nodes run, and a putSync that throws ends the run with its error, nothing after it run. A
 * wrapper that replaces `put` (a subclass, a Proxy) sees every write through `put`, awaited as before.
 */
import { describe, expect, it } from "vitest";
import { END, START, StateGraph, lastValue, MemorySaver } from "../index.ts";
import type { ChannelBlob, Checkpointer, CheckpointRecord } from "../checkpoint/types.ts";

/** A MemorySaver whose putSync logs each write into `log`, and throws at step `failAt`. */
class LoggingSyncSaver extends MemorySaver {
  constructor(
    private readonly log: string[],
    private readonly failAt: number | null = null,
  ) {
    super();
  }

  override putSync(record: CheckpointRecord, blobs: ChannelBlob[]): void {
    this.log.push(`putSync ${record.step}`);
    if (record.step === this.failAt) throw new Error(`disk full at step ${record.step}`);
    super.putSync(record, blobs);
  }
}

/** A MemorySaver whose own put (replacing MemorySaver's) logs each write, then stores it a tick later. */
class LoggingPutSaver extends MemorySaver {
  constructor(private readonly log: string[]) {
    super();
  }

  override async put(record: CheckpointRecord, blobs: ChannelBlob[]): Promise<void> {
    this.log.push(`put ${record.step}`);
    await Promise.resolve();
    await super.put(record, blobs);
  }
}

function counter(saver: Checkpointer, log: string[]) {
  return new StateGraph<{ n: number }>({ name: "sync-store", channels: { n: lastValue(0) } })
    .addNode("a", (state) => (log.push(`run a at n=${state.n}`), { n: state.n + 1 }))
    .addNode("b", (state) => (log.push(`run b at n=${state.n}`), { n: state.n + 1 }))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", END)
    .compile({ checkpointer: saver });
}

describe("a store that writes synchronously", () => {
  it("is written through putSync, each checkpoint before the next step's node runs", async () => {
    const log: string[] = [];
    const saver = new LoggingSyncSaver(log);
    expect((await counter(saver, log).invoke({ n: 0 }, { threadId: "t" })).n).toBe(2);
    expect(log).toEqual(["putSync -1", "run a at n=0", "putSync 0", "run b at n=1", "putSync 1"]);
    expect((await saver.list("t")).map((tuple) => tuple.record.step)).toEqual([1, 0, -1]);
  });

  it("ends the run with the error its putSync throws, running nothing after it", async () => {
    const log: string[] = [];
    const saver = new LoggingSyncSaver(log, 0);
    await expect(counter(saver, log).invoke({ n: 0 }, { threadId: "t" })).rejects.toThrow("disk full at step 0");
    expect(log).toEqual(["putSync -1", "run a at n=0", "putSync 0"]);
    expect((await saver.list("t")).map((tuple) => tuple.record.step)).toEqual([-1]);
  });

  it("is written through put when a subclass replaces put, each write awaited before the next node", async () => {
    const log: string[] = [];
    const saver = new LoggingPutSaver(log);
    expect((await counter(saver, log).invoke({ n: 0 }, { threadId: "t" })).n).toBe(2);
    expect(log).toEqual(["put -1", "run a at n=0", "put 0", "run b at n=1", "put 1"]);
  });

  it("is written through put when a Proxy intercepts put", async () => {
    const log: string[] = [];
    const store = new MemorySaver();
    const wrapped = new Proxy(store, {
      get(target, key) {
        if (key === "put") return async (record: CheckpointRecord, blobs: ChannelBlob[]) => (log.push(`put ${record.step}`), target.put(record, blobs));
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    expect((await counter(wrapped, log).invoke({ n: 0 }, { threadId: "t" })).n).toBe(2);
    expect(log).toEqual(["put -1", "run a at n=0", "put 0", "run b at n=1", "put 1"]);
  });
});
