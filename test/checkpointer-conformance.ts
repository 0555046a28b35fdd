/**
 * The promises of the `Checkpointer` interface as one vitest suite. Every store runs it through
 * `describeCheckpointer(name, create)`; adding a store means passing this, not writing new tests.
 * Records are built by hand with a small history builder that also keeps the expected values of every
 * checkpoint (the obvious model), so reads are checked against an independent answer.
 *
 * This file runs past 400 lines on purpose: it is the whole contract in one place, builder included.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChronographError, type ErrorCode } from "../core/api/errors.ts";
import type { Breakpoint } from "../core/api/types.ts";
import { newCheckpointId } from "../core/checkpoint/ids.ts";
import type {
  ChannelBlob,
  Checkpointer,
  CheckpointRecord,
  CheckpointSource,
  CheckpointTuple,
  PendingWrite,
  TaskSpec,
} from "../core/checkpoint/types.ts";
import type { GraphDescription } from "../core/graph/describe.ts";

export interface CheckpointerHarness {
  saver: Checkpointer;
  /** A new store over the same data (closing the current one is the harness's business). */
  reopen?: () => Promise<Checkpointer>;
  cleanup(): Promise<void>;
}

/** What one checkpoint writes; everything is optional. */
interface StepSpec {
  parent?: string | null;
  source?: CheckpointSource;
  step?: number;
  /** The node whose update is recorded in `writes`; the channels below are its update. */
  node?: string;
  set?: Record<string, unknown>;
  /** Append deltas stored with their own items. */
  append?: Record<string, unknown[]>;
  /** Append deltas that are exactly the node's recorded writes. */
  appendFromWrites?: Record<string, unknown[]>;
  tasks?: TaskSpec[];
  breakpoint?: Breakpoint | null;
  graph?: { name: string; hash: string } | null;
  createdAt?: number;
  durations?: Record<string, number>;
}

/** Builds records and blobs for one thread and remembers what every checkpoint's values should be. */
class History {
  readonly expected = new Map<string, Record<string, unknown>>();
  readonly records = new Map<string, CheckpointRecord>();
  readonly order: string[] = [];
  private clock = 1_700_000_000_000;

  constructor(readonly threadId: string) {}

  make(spec: StepSpec): { record: CheckpointRecord; blobs: ChannelBlob[] } {
    const parentId = spec.parent === undefined ? (this.order.at(-1) ?? null) : spec.parent;
    const parent = parentId === null ? undefined : this.records.get(parentId);
    this.clock = spec.createdAt ?? this.clock + 1000;
    const checkpointId = newCheckpointId(this.clock);
    const versions = { ...parent?.versions };
    const values = structuredClone(parentId === null ? {} : (this.expected.get(parentId) ?? {}));
    const blobs: ChannelBlob[] = [];
    for (const [channel, value] of Object.entries(spec.set ?? {})) {
      blobs.push({ channel, kind: "full", value });
      values[channel] = structuredClone(value);
    }
    for (const [fromWrites, deltas] of [[false, spec.append], [true, spec.appendFromWrites]] as const) {
      for (const [channel, items] of Object.entries(deltas ?? {})) {
        blobs.push({ channel, kind: "append", base: versions[channel] ?? null, items, fromWrites });
        values[channel] = [...((values[channel] as unknown[] | undefined) ?? []), ...structuredClone(items)];
      }
    }
    for (const blob of blobs) versions[blob.channel] = checkpointId;
    const update = { ...spec.set, ...spec.append, ...spec.appendFromWrites };
    const record: CheckpointRecord = {
      threadId: this.threadId,
      checkpointId,
      parentId,
      step: spec.step ?? (parent ? parent.step + 1 : -1),
      source: spec.source ?? (parent ? "loop" : "input"),
      createdAt: this.clock,
      versions,
      tasks: spec.tasks ?? [],
      writes: spec.node === undefined ? null : { [spec.node]: update },
      breakpoint: spec.breakpoint ?? null,
      graph: spec.graph === undefined ? { name: "demo", hash: "h1" } : spec.graph,
      ...(spec.durations ? { durations: spec.durations } : {}),
    };
    this.records.set(checkpointId, record);
    this.expected.set(checkpointId, values);
    this.order.push(checkpointId);
    return { record, blobs };
  }

  async put(saver: Checkpointer, spec: StepSpec = {}): Promise<CheckpointRecord> {
    const { record, blobs } = this.make(spec);
    await saver.put(structuredClone(record), structuredClone(blobs));
    return record;
  }
}

async function expectError(work: Promise<unknown>, code: ErrorCode, mentions: string[]): Promise<ChronographError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(ChronographError);
  const coded = error as ChronographError;
  expect(coded.code).toBe(code);
  for (const mention of mentions) expect(coded.message).toContain(mention);
  return coded;
}

/** Every checkpoint's parent is stored in the same thread, or it is a root. */
async function expectNoDanglingParents(saver: Checkpointer, threadId: string): Promise<void> {
  const tuples = await saver.list(threadId, { withValues: false });
  const ids = new Set(tuples.map((tuple) => tuple.record.checkpointId));
  for (const { record } of tuples) if (record.parentId !== null) expect(ids, `parent of ${record.checkpointId}`).toContain(record.parentId);
}

function message(i: number): { id: string; role: string; content: string } {
  return { id: `m${i}`, role: i % 2 === 0 ? "assistant" : "tool", content: `message ${i} `.repeat(1 + (i % 7)) };
}

/** A small deterministic PRNG so generated histories are the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GRAPH: GraphDescription = {
  name: "demo",
  nodes: [{ name: "agent" }, { name: "tool", retry: { maxAttempts: 3, backoffMs: 10 } }],
  edges: [
    { from: "__start__", to: "agent" },
    { from: "tool", to: "agent" },
  ],
  conditional: [{ from: "agent", targets: ["tool", "__end__"] }],
  channels: [{ name: "messages", reducer: "append", default: [] }],
  interruptBefore: [],
  interruptAfter: ["tool"],
};

/** Declare the conformance tests for one store. `create` gives a fresh, empty store for each test. */
export function describeCheckpointer(name: string, create: () => Promise<CheckpointerHarness>): void {
  describe(`${name} keeps the Checkpointer promises`, () => {
    let harness: CheckpointerHarness;
    let saver: Checkpointer;
    beforeEach(async () => {
      harness = await create();
      saver = harness.saver;
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    describe("put and getTuple", () => {
      it("round-trips every record field, the values and the pending writes", async () => {
        const history = new History("t1");
        const input = await history.put(saver, { node: "__start__", set: { topic: "cats", count: 0 }, tasks: [{ id: "agent", node: "agent" }], graph: null });
        const plain = await history.put(saver, { parent: input.checkpointId, source: "update", node: "agent", set: { count: 5 }, tasks: [{ id: "a", node: "agent" }] });
        expect((await saver.getTuple("t1", plain.checkpointId))?.record).toEqual(plain);
        const record = await history.put(saver, {
          parent: input.checkpointId,
          node: "agent",
          set: { count: 1, nested: { deep: [1, { x: null }] } },
          tasks: [
            { id: "tool#0", node: "tool", send: { arg: { q: 1 } } },
            { id: "tool#1", node: "tool", send: { arg: "two" } },
          ],
          breakpoint: { when: "after", nodes: ["agent"] },
          durations: { agent: 12.5 },
        });
        const tuple = await saver.getTuple("t1", record.checkpointId);
        expect(tuple?.record).toEqual(record);
        expect(tuple?.values).toEqual({ topic: "cats", count: 1, nested: { deep: [1, { x: null }] } });
        expect(tuple?.pendingWrites).toEqual([]);
        const first = await saver.getTuple("t1", input.checkpointId);
        expect(first?.record).toEqual(input);
        expect(first?.values).toEqual({ topic: "cats", count: 0 });
        const writes: PendingWrite[] = [
          { taskId: "tool#0", node: "tool", kind: "update", value: { update: { count: 2 }, goto: ["agent", { node: "tool", arg: 3 }] } },
          { taskId: "tool#1", node: "tool", kind: "error", value: { name: "Error", message: "boom", stack: "at tool" } },
        ];
        await saver.putWrites("t1", record.checkpointId, writes);
        expect((await saver.getTuple("t1", record.checkpointId))?.pendingWrites).toEqual(writes);
      });

      it("returns the newest inserted checkpoint when no id is given, across branches", async () => {
        const history = new History("t1");
        const root = await history.put(saver, { set: { n: 0 } });
        await history.put(saver, { set: { n: 1 } });
        await history.put(saver, { set: { n: 2 } });
        const fork = await history.put(saver, { parent: root.checkpointId, source: "fork", set: { n: 10 } });
        const newest = await saver.getTuple("t1");
        expect(newest?.record.checkpointId).toBe(fork.checkpointId);
        expect(newest?.values).toEqual({ n: 10 });
        expect(await saver.getTuple("missing-thread")).toBeUndefined();
        expect(await saver.getTuple("t1", newCheckpointId())).toBeUndefined();
        expect(await saver.getTuple("other", root.checkpointId)).toBeUndefined();
      });

      it("gives values the caller may change without changing history", async () => {
        const history = new History("t1");
        const record = await history.put(saver, { set: { box: { n: 1 } }, append: { list: ["a"] } });
        const first = await saver.getTuple("t1", record.checkpointId);
        (first!.values.box as { n: number }).n = 99;
        (first!.values.list as unknown[]).push("mutated");
        const second = await saver.getTuple("t1", record.checkpointId);
        expect(second?.values).toEqual({ box: { n: 1 }, list: ["a"] });
      });

      it("refuses a parent that does not exist in the thread, storing nothing", async () => {
        const history = new History("t1");
        const root = await history.put(saver, { set: { n: 0 } });
        const ghost = newCheckpointId();
        await expectError(saver.put({ ...history.make({ set: { n: 1 } }).record, parentId: ghost }, []), "CHECKPOINT_NOT_FOUND", [ghost, "t1"]);
        const other = new History("t2").make({ parent: null, set: { n: 5 } }).record;
        await expectError(saver.put({ ...other, parentId: root.checkpointId }, []), "CHECKPOINT_NOT_FOUND", [root.checkpointId, "t2"]);
        expect(await saver.getTuple("t2")).toBeUndefined();
        expect((await saver.list("t1")).map((tuple) => tuple.record.checkpointId)).toEqual([root.checkpointId]);
      });

      it("refuses a checkpoint id that is already stored: history is append-only", async () => {
        const history = new History("t1");
        const record = await history.put(saver, { set: { n: 0 } });
        await expectError(saver.put({ ...record, step: 7 }, [{ channel: "n", kind: "full", value: 99 }]), "INVALID_ARGUMENT", [record.checkpointId]);
        const tuple = await saver.getTuple("t1", record.checkpointId);
        expect(tuple?.record.step).toBe(record.step);
        expect(tuple?.values).toEqual({ n: 0 });
        expect((await saver.listThreads())[0]?.checkpointCount).toBe(1);
      });

      it("refuses an unserializable value with an error naming the channel, storing nothing", async () => {
        const history = new History("t1");
        const { record } = history.make({});
        const fn = { channel: "callbacks", kind: "full", value: { onDone: () => 1 } } as ChannelBlob;
        const error = await expectError(saver.put(record, [fn]), "UNSERIALIZABLE_VALUE", ["callbacks"]);
        expect(error.subject?.channel).toBe("callbacks");
        const big = { channel: "counts", kind: "append", base: null, items: [1n], fromWrites: false } as ChannelBlob;
        await expectError(saver.put(record, [big]), "UNSERIALIZABLE_VALUE", ["counts"]);
        expect(await saver.getTuple("t1")).toBeUndefined();
        expect(await saver.listThreads()).toEqual([]);
      });
    });

    describe("append channels", () => {
      it("materializes a list appended to over many versions, with explicit and by-reference deltas", async () => {
        const history = new History("t1");
        const ids: string[] = [];
        for (let i = 0; i < 300; i += 1) {
          const items = i % 5 === 0 ? [i, `item ${i}`.repeat(i % 11)] : [message(i)];
          const spec: StepSpec = i % 3 === 0 ? { node: "agent", append: { messages: items } } : { node: "agent", appendFromWrites: { messages: items } };
          ids.push((await history.put(saver, { ...spec, set: i % 50 === 0 ? { round: i } : undefined })).checkpointId);
        }
        for (const index of [0, 1, 15, 16, 17, 63, 64, 150, 298, 299]) {
          const tuple = await saver.getTuple("t1", ids[index]);
          expect(tuple?.values, `version ${index}`).toEqual(history.expected.get(ids[index]!));
        }
        expect(((await saver.getTuple("t1"))?.values.messages as unknown[]).length).toBe(300 + 60);
        const page = await saver.list("t1", { limit: 3, before: ids[200] });
        expect(page.map((tuple) => tuple.values)).toEqual([199, 198, 197].map((index) => history.expected.get(ids[index]!)));
      });

      it("keeps the two children of a fork apart, each on its own branch", async () => {
        const history = new History("t1");
        let base = "";
        for (let i = 0; i < 20; i += 1) base = (await history.put(saver, { node: "agent", appendFromWrites: { messages: [message(i)] } })).checkpointId;
        let left = base;
        let right = base;
        for (let i = 0; i < 25; i += 1) {
          left = (await history.put(saver, { parent: left, node: "agent", appendFromWrites: { messages: [`left ${i}`] } })).checkpointId;
          right = (await history.put(saver, { parent: right, node: "tool", append: { messages: [`right ${i}`, i] } })).checkpointId;
        }
        const leftValues = (await saver.getTuple("t1", left))?.values.messages as unknown[];
        const rightValues = (await saver.getTuple("t1", right))?.values.messages as unknown[];
        expect(leftValues).toEqual(history.expected.get(left)!.messages);
        expect(rightValues).toEqual(history.expected.get(right)!.messages);
        expect(leftValues.slice(0, 20)).toEqual(rightValues.slice(0, 20));
        expect(leftValues).toHaveLength(45);
        expect(rightValues).toHaveLength(70);
        expect((await saver.getTuple("t1", base))?.values.messages).toHaveLength(20);
      });

      it("rebuilds a by-reference delta in the engine's write order: node name, then each update", async () => {
        const history = new History("t1");
        const long = (tag: string) => `${tag} ${"-".repeat(120)}`;
        const root = await history.put(saver, { node: "__start__", appendFromWrites: { log: [long("start")] } });
        const { record } = history.make({ parent: root.checkpointId });
        record.writes = { zeta: [{ log: [long("z1")] }, { other: 1 }, { log: long("z2") }], alpha: { log: [long("a1"), long("a2")] } };
        record.versions.log = record.checkpointId;
        const items = [long("a1"), long("a2"), long("z1"), long("z2")];
        await saver.put(record, [{ channel: "log", kind: "append", base: root.checkpointId, items, fromWrites: true }]);
        expect((await saver.getTuple("t1", record.checkpointId))?.values.log).toEqual([long("start"), ...items]);
        expect((await saver.list("t1"))[0]?.values.log).toEqual([long("start"), ...items]);
      });
    });

    describe("list", () => {
      it("lists newest first across branches, with limit, before and filters", async () => {
        const history = new History("t1");
        const root = await history.put(saver, { node: "__start__", set: { n: 0 } });
        const a = await history.put(saver, { node: "agent", set: { n: 1 } });
        const fork = await history.put(saver, { parent: root.checkpointId, source: "fork", step: 0, set: { n: 5 } });
        const b = await history.put(saver, { parent: a.checkpointId, node: "tool", set: { n: 2 } });
        const update = await history.put(saver, { parent: fork.checkpointId, source: "update", node: "agent", set: { n: 6 } });
        const ids = (tuples: CheckpointTuple[]) => tuples.map((tuple) => tuple.record.checkpointId);
        const all = [update, b, fork, a, root].map((record) => record.checkpointId);
        expect(ids(await saver.list("t1"))).toEqual(all);
        expect(ids(await saver.list("t1", { limit: 2 }))).toEqual(all.slice(0, 2));
        expect(ids(await saver.list("t1", { limit: 0 }))).toEqual([]);
        expect(ids(await saver.list("t1", { before: fork.checkpointId }))).toEqual([a.checkpointId, root.checkpointId]);
        expect(ids(await saver.list("t1", { before: b.checkpointId, limit: 1 }))).toEqual([fork.checkpointId]);
        expect(ids(await saver.list("t1", { before: newCheckpointId() }))).toEqual([]);
        expect(ids(await saver.list("t1", { filter: { source: "loop" } }))).toEqual([b.checkpointId, a.checkpointId]);
        expect(ids(await saver.list("t1", { filter: { step: 0 } }))).toEqual([fork.checkpointId, a.checkpointId]);
        expect(ids(await saver.list("t1", { filter: { source: "fork", step: 0 } }))).toEqual([fork.checkpointId]);
        expect(await saver.list("missing")).toEqual([]);
        const listed = await saver.list("t1");
        for (const tuple of listed) expect(tuple.values).toEqual(history.expected.get(tuple.record.checkpointId));
        const bare = await saver.list("t1", { withValues: false });
        expect(bare.map((tuple) => tuple.record)).toEqual(listed.map((tuple) => tuple.record));
        for (const tuple of bare) expect(tuple.values).toEqual({});
      });

      it("reads a whole generated history with branches exactly as one-by-one getTuple and the model do", async () => {
        const random = prng(42);
        const history = new History("t1");
        const word = (length: number) => "abcdefghij".repeat(1 + Math.floor(length / 10)).slice(0, length);
        for (let i = 0; i < 160; i += 1) {
          const choice = random();
          const parent = i === 0 || choice < 0.03 ? null : choice < 0.85 ? undefined : history.order[Math.floor(random() * history.order.length)]!;
          const spec: StepSpec = { parent, node: random() < 0.5 ? "agent" : "tool", appendFromWrites: {}, append: {}, set: {} };
          if (random() < 0.8) spec.appendFromWrites!.messages = [{ i, text: word(Math.floor(random() * (random() < 0.1 ? 900 : 60))) }];
          if (random() < 0.5) spec.append!.log = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) => `${i}.${k}`);
          if (random() < 0.3) spec.set!.count = i;
          const record = await history.put(saver, spec);
          if (random() < 0.2) await saver.putWrites("t1", record.checkpointId, [{ taskId: "agent", node: "agent", kind: "resume", value: i }]);
        }
        const full = await saver.list("t1");
        expect(full.map((tuple) => tuple.record.checkpointId)).toEqual([...history.order].reverse());
        for (const tuple of full) {
          expect(tuple.values, tuple.record.checkpointId).toEqual(history.expected.get(tuple.record.checkpointId));
          expect(await saver.getTuple("t1", tuple.record.checkpointId)).toEqual(tuple);
        }
        const window = await saver.list("t1", { before: full[30]!.record.checkpointId, limit: 12 });
        expect(window).toEqual(full.slice(31, 43));
      });
    });

    describe("hasChildren and listThreads", () => {
      it("says whether a checkpoint has children", async () => {
        const history = new History("t1");
        const root = await history.put(saver, { set: { n: 0 } });
        const child = await history.put(saver, { set: { n: 1 } });
        expect(await saver.hasChildren("t1", root.checkpointId)).toBe(true);
        expect(await saver.hasChildren("t1", child.checkpointId)).toBe(false);
        expect(await saver.hasChildren("t2", root.checkpointId)).toBe(false);
      });

      it("summarizes each thread, most recently updated first", async () => {
        expect(await saver.listThreads()).toEqual([]);
        const one = new History("one");
        const root = await one.put(saver, { node: "__start__", set: { n: 0 }, tasks: [{ id: "agent", node: "agent" }], createdAt: 1_000 });
        const two = new History("two");
        const other = await two.put(saver, { node: "__start__", set: { n: 0 }, graph: { name: "other", hash: "h2" }, createdAt: 2_000 });
        await one.put(saver, { node: "agent", set: { n: 1 }, createdAt: 3_000 });
        const head = await one.put(saver, { parent: root.checkpointId, source: "update", node: "tool", set: { n: 9 }, tasks: [{ id: "agent", node: "agent" }], createdAt: 4_000 });
        expect(await saver.listThreads()).toEqual([
          { threadId: "one", graphName: "demo", status: "pending", writers: ["tool"], step: 0, checkpointCount: 3, branchCount: 2, headCheckpointId: head.checkpointId, createdAt: 1_000, updatedAt: 4_000 },
          { threadId: "two", graphName: "other", status: "done", writers: [], step: -1, checkpointCount: 1, branchCount: 1, headCheckpointId: other.checkpointId, createdAt: 2_000, updatedAt: 2_000 },
        ]);
        await two.put(saver, { node: "agent", set: { n: 1 }, createdAt: 5_000 });
        const summaries = await saver.listThreads();
        expect(summaries.map((summary) => [summary.threadId, summary.writers, summary.branchCount, summary.checkpointCount])).toEqual([
          ["two", ["agent"], 1, 2],
          ["one", ["tool"], 2, 3],
        ]);
      });

      it("reads the status of a thread from its newest checkpoint and that checkpoint's pending writes", async () => {
        const history = new History("t1");
        const status = async () => (await saver.listThreads())[0]?.status;
        const first = await history.put(saver, { set: { n: 0 }, tasks: [{ id: "a", node: "a" }, { id: "b", node: "b" }] });
        expect(await status()).toBe("pending");
        await saver.putWrites("t1", first.checkpointId, [{ taskId: "a", node: "a", kind: "interrupt", value: { id: "a:0", value: "approve?" } }]);
        expect(await status()).toBe("interrupted");
        await saver.putWrites("t1", first.checkpointId, [{ taskId: "b", node: "b", kind: "error", value: { name: "Error", message: "boom" } }]);
        expect(await status()).toBe("error");
        const second = await history.put(saver, { set: { n: 1 }, breakpoint: { when: "before", nodes: ["a"] }, tasks: [{ id: "a", node: "a" }] });
        expect(await status()).toBe("interrupted");
        await saver.putWrites("t1", second.checkpointId, [{ taskId: "a", node: "a", kind: "resume", value: true }]);
        expect(await status()).toBe("pending");
        await history.put(saver, { set: { n: 2 } });
        expect(await status()).toBe("done");
        await saver.putWrites("t1", first.checkpointId, [{ taskId: "a", node: "a", kind: "error", value: { name: "Error", message: "late" } }]);
        expect(await status()).toBe("done");
      });

      it("keeps pending writes in the order they were saved, and refuses an unknown checkpoint", async () => {
        const history = new History("t1");
        const record = await history.put(saver, { set: { n: 0 } });
        const write = (taskId: string, value: number): PendingWrite => ({ taskId, node: "n", kind: "resume", value });
        await saver.putWrites("t1", record.checkpointId, [write("b", 1), write("a", 2)]);
        await saver.putWrites("t1", record.checkpointId, []);
        await saver.putWrites("t1", record.checkpointId, [write("c", 3)]);
        expect((await saver.getTuple("t1"))?.pendingWrites).toEqual([write("b", 1), write("a", 2), write("c", 3)]);
        const ghost = newCheckpointId();
        await expectError(saver.putWrites("t1", ghost, [write("x", 1)]), "CHECKPOINT_NOT_FOUND", [ghost, "t1"]);
      });
    });

    describe("deleteThread and prune", () => {
      it("deletes a thread and everything stored for it, leaving other threads alone", async () => {
        const one = new History("one");
        const record = await one.put(saver, { node: "agent", appendFromWrites: { messages: [message(0)] } });
        await saver.putWrites("one", record.checkpointId, [{ taskId: "t", node: "t", kind: "resume", value: 1 }]);
        const two = new History("two");
        await two.put(saver, { set: { n: 2 } });
        await saver.deleteThread("one");
        await saver.deleteThread("never-existed");
        expect(await saver.getTuple("one")).toBeUndefined();
        expect(await saver.list("one")).toEqual([]);
        expect((await saver.listThreads()).map((summary) => summary.threadId)).toEqual(["two"]);
        expect((await saver.getTuple("two"))?.values).toEqual({ n: 2 });
        const again = new History("one");
        const fresh = await again.put(saver, { node: "agent", appendFromWrites: { messages: [message(1)] } });
        expect(await saver.getTuple("one", fresh.checkpointId)).toEqual({ record: fresh, values: { messages: [message(1)] }, pendingWrites: [] });
      });

      it("prunes the old end of each thread and keeps every survivor's values readable", async () => {
        const history = new History("t1");
        for (let i = 0; i < 40; i += 1) {
          await history.put(saver, { node: "agent", appendFromWrites: { messages: [message(i)] }, append: i % 4 === 0 ? { log: [i] } : undefined, set: i % 10 === 0 ? { round: i } : undefined });
        }
        const other = new History("t2");
        for (let i = 0; i < 3; i += 1) await other.put(saver, { set: { n: i } });
        const before = await saver.list("t1");
        expect(await saver.prune({ keepLast: 5 })).toEqual({ removed: 35 });
        const after = await saver.list("t1");
        expect(after.map((tuple) => tuple.record.checkpointId)).toEqual(before.slice(0, 5).map((tuple) => tuple.record.checkpointId));
        expect(after.map((tuple) => tuple.values)).toEqual(before.slice(0, 5).map((tuple) => tuple.values));
        expect(after.at(-1)!.record.parentId).toBeNull();
        await expectNoDanglingParents(saver, "t1");
        const summary = (await saver.listThreads()).find((item) => item.threadId === "t1");
        expect(summary).toMatchObject({ checkpointCount: 5, createdAt: after.at(-1)!.record.createdAt, branchCount: 1 });
        // The survivors' values still grow: a new step appends to what the head reads.
        const head = (await saver.getTuple("t1"))!;
        const { record } = history.make({ parent: head.record.checkpointId, node: "agent" });
        record.versions = { ...head.record.versions, messages: record.checkpointId };
        record.writes = { agent: { messages: [message(99)] } };
        await saver.put(record, [{ channel: "messages", kind: "append", base: head.record.versions.messages!, items: [message(99)], fromWrites: true }]);
        expect((await saver.getTuple("t1"))?.values.messages).toEqual([...(head.values.messages as unknown[]), message(99)]);
      });

      it("never prunes a branch head, a checkpoint newer than olderThan, or more than the history holds", async () => {
        const history = new History("t1");
        const c0 = await history.put(saver, { set: { n: 0 }, createdAt: 1_000 });
        const c1 = await history.put(saver, { node: "a", appendFromWrites: { list: ["x".repeat(300)] }, createdAt: 2_000 });
        const c2 = await history.put(saver, { node: "a", appendFromWrites: { list: ["left"] }, createdAt: 3_000 });
        const c3 = await history.put(saver, { parent: c1.checkpointId, node: "b", appendFromWrites: { list: ["right"] }, createdAt: 4_000 });
        const c4 = await history.put(saver, { node: "b", set: { n: 4 }, createdAt: 5_000 });
        expect(await saver.prune({ keepLast: 7 })).toEqual({ removed: 0 });
        expect(await saver.prune({ olderThan: 1_500 })).toEqual({ removed: 1 });
        expect(await saver.getTuple("t1", c0.checkpointId)).toBeUndefined();
        expect((await saver.getTuple("t1", c1.checkpointId))?.record.parentId).toBeNull();
        await expectNoDanglingParents(saver, "t1");
        expect(await saver.prune({})).toEqual({ removed: 2 });
        const left = await saver.list("t1");
        expect(left.map((tuple) => tuple.record.checkpointId)).toEqual([c4.checkpointId, c2.checkpointId]);
        for (const tuple of left) {
          expect(tuple.record.parentId).toBeNull();
          expect(tuple.values).toEqual(history.expected.get(tuple.record.checkpointId));
        }
        expect((await saver.listThreads())[0]).toMatchObject({ checkpointCount: 2, branchCount: 2, headCheckpointId: c4.checkpointId });
        expect(await saver.getTuple("t1", c3.checkpointId)).toBeUndefined();
      });
      it("keeps values readable when survivors share a removed version and a fork reads what a sibling extended", async () => {
        const history = new History("t1");
        const big = "B".repeat(5000);
        const long = (tag: string) => `${tag} ${"~".repeat(300)}`;
        await history.put(saver, { node: "a", set: { big }, appendFromWrites: { log: [long("c0")] }, createdAt: 1_000 });
        const c1 = await history.put(saver, { node: "a", appendFromWrites: { log: [long("c1")] }, createdAt: 2_000 });
        const c2 = await history.put(saver, { node: "a", appendFromWrites: { log: [long("c2")] }, createdAt: 3_000 });
        const c3 = await history.put(saver, { parent: c1.checkpointId, node: "b", set: { n: 3 }, createdAt: 4_000 });
        const c4 = await history.put(saver, { parent: c2.checkpointId, node: "a", append: { log: [long("c4")] }, createdAt: 5_000 });
        const valuesOf = async () => new Map((await saver.list("t1")).map((tuple) => [tuple.record.checkpointId, tuple.values]));
        const before = await valuesOf();
        expect(await saver.prune({ olderThan: 3_000 })).toEqual({ removed: 2 });
        const after = await valuesOf();
        expect([...after.keys()]).toEqual([c4, c3, c2].map((record) => record.checkpointId));
        for (const [id, values] of after) expect(values, id).toEqual(before.get(id));
        await expectNoDanglingParents(saver, "t1");
        expect(await saver.prune({ keepLast: 1 })).toEqual({ removed: 1 });
        const last = await valuesOf();
        expect([...last.keys()]).toEqual([c4, c3].map((record) => record.checkpointId));
        for (const [id, values] of last) expect(values, id).toEqual(history.expected.get(id));
        const head = (await saver.getTuple("t1", c4.checkpointId))!;
        const { record } = history.make({ parent: c4.checkpointId, node: "a" });
        record.versions = { ...head.record.versions, log: record.checkpointId };
        record.writes = { a: { log: [long("c5")] } };
        await saver.put(record, [{ channel: "log", kind: "append", base: head.record.versions.log!, items: [long("c5")], fromWrites: true }]);
        expect((await saver.getTuple("t1"))?.values).toEqual({ big, log: [long("c0"), long("c1"), long("c2"), long("c4"), long("c5")] });
      });
    });

    describe("graphs and persistence", () => {
      it("stores a graph once per hash", async () => {
        await saver.saveGraph(GRAPH, "h1");
        await saver.saveGraph({ ...GRAPH, name: "changed" }, "h1");
        expect(await saver.loadGraph("h1")).toEqual(GRAPH);
        expect(await saver.loadGraph("nope")).toBeUndefined();
      });

      it("finds everything again after reopening", async (context) => {
        if (!harness.reopen) return context.skip();
        await saver.saveGraph(GRAPH, "h1");
        const history = new History("t1");
        for (let i = 0; i < 30; i += 1) await history.put(saver, { node: "agent", appendFromWrites: { messages: [message(i)] }, set: { n: i } });
        await saver.putWrites("t1", history.order.at(-1)!, [{ taskId: "x", node: "x", kind: "resume", value: "yes" }]);
        const list = await saver.list("t1");
        const threads = await saver.listThreads();
        saver = await harness.reopen();
        expect(await saver.list("t1")).toEqual(list);
        expect(await saver.listThreads()).toEqual(threads);
        expect(await saver.loadGraph("h1")).toEqual(GRAPH);
      });
    });
  });
}
