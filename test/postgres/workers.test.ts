/**
 * Many workers on one PostgreSQL database: writers of different threads never wait for each other, two
 * workers advancing the same thread at once never fork it silently (one commits, the other gets
 * THREAD_CONFLICT naming the thread and stores nothing), and a growing message list costs about its
 * own bytes per superstep.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { ChronographError } from "../../core/api/errors.ts";
import { append, END, START, StateGraph } from "../../core/index.ts";
import type { ChannelBlob, CheckpointRecord } from "../../core/checkpoint/types.ts";
import { PostgresSaver } from "../../core/storage/postgres/index.ts";
import { record } from "../support/records.ts";
import { dropSchema, freshSchema, postgresUrl } from "./server.ts";

function child(threadId: string, parent: CheckpointRecord | null, channels: string[]): CheckpointRecord {
  return record(threadId, parent, { agent: { note: "x" } }, channels);
}

describe("PostgresSaver with several workers", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function workers(count: number): Promise<{ schema: string; savers: PostgresSaver[] }> {
    const schema = freshSchema("w");
    const savers: PostgresSaver[] = [];
    cleanups.push(() => dropSchema(schema));
    for (let i = 0; i < count; i += 1) {
      const saver = await PostgresSaver.open(postgresUrl(), { schema });
      savers.push(saver);
      cleanups.push(() => saver.close());
    }
    return { schema, savers };
  }

  it("lets one of two workers advancing the same thread commit and refuses the other with THREAD_CONFLICT, storing none of it", async () => {
    const { schema, savers } = await workers(2);
    const [a, b] = savers as [PostgresSaver, PostgresSaver];
    const root = child("contested", null, ["note"]);
    await a.put(root, [{ channel: "note", kind: "full", value: "start" }]);
    const headA = (await a.getTuple("contested"))!.record;
    const headB = (await b.getTuple("contested"))!.record;
    // A value longer than the inline limit also writes a blobs row: none of the loser's may remain.
    const big = (who: string): ChannelBlob[] => [{ channel: "note", kind: "full", value: who.repeat(5000) }];
    const fromA = child("contested", headA, ["note"]);
    const fromB = child("contested", headB, ["note"]);
    const results = await Promise.allSettled([a.put(fromA, big("a")), b.put(fromB, big("b"))]);
    const rejected = results.filter((result) => result.status === "rejected");
    expect(rejected).toHaveLength(1);
    const error = (rejected[0] as PromiseRejectedResult).reason as ChronographError;
    expect(error).toBeInstanceOf(ChronographError);
    expect(error.code).toBe("THREAD_CONFLICT");
    expect(error.message).toContain('"contested"');

    const winner = results[0]!.status === "fulfilled" ? fromA : fromB;
    const history = await a.list("contested");
    expect(history.map((tuple) => tuple.record.checkpointId)).toEqual([winner.checkpointId, root.checkpointId]);
    expect(history[0]!.values.note).toBe((winner === fromA ? "a" : "b").repeat(5000));
    const client = new pg.Client({ connectionString: postgresUrl() });
    await client.connect();
    try {
      const blobs = await client.query(`SELECT count(*)::int AS n FROM "${schema}".blobs WHERE thread_id = 'contested'`);
      expect(blobs.rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
    expect((await a.listThreads())[0]).toMatchObject({ threadId: "contested", checkpointCount: 2, branchCount: 1, headCheckpointId: winner.checkpointId });

    // The loser reads the thread again and carries on from the winner's checkpoint.
    const loser = winner === fromA ? b : a;
    const head = (await loser.getTuple("contested"))!.record;
    await loser.put(child("contested", head, ["note"]), [{ channel: "note", kind: "full", value: "after" }]);
    expect((await a.getTuple("contested"))!.values.note).toBe("after");
  });

  it("lets two workers resuming one thread at once through the engine end with one straight history and one THREAD_CONFLICT", async () => {
    const { savers } = await workers(2);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    let bothStarted!: () => void;
    const both = new Promise<void>((resolve) => (bothStarted = resolve));
    const compile = (saver: PostgresSaver) =>
      new StateGraph<{ log: string[] }>({ name: "race", channels: { log: append<string>() } })
        .addNode("work", async () => {
          if (++started === 2) bothStarted();
          await gate;
          return { log: ["work"] };
        })
        .addEdge(START, "work")
        .addEdge("work", END)
        .compile({ checkpointer: saver, interruptBefore: ["work"] });
    const [one, two] = savers.map(compile) as [ReturnType<typeof compile>, ReturnType<typeof compile>];
    await one.invoke({ log: ["input"] }, { threadId: "race" });
    const runs = [one.invoke(null, { threadId: "race" }), two.invoke(null, { threadId: "race" })].map((run) => run.then(() => "ok", (error: unknown) => error));
    await both;
    release();
    const outcomes = await Promise.all(runs);
    expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(1);
    const failure = outcomes.find((outcome) => outcome !== "ok") as ChronographError;
    expect(failure).toBeInstanceOf(ChronographError);
    expect(failure.code).toBe("THREAD_CONFLICT");
    const history = await savers[0]!.list("race");
    expect(history.map((tuple) => `${tuple.record.source} ${tuple.record.step}`)).toEqual(["loop 0", "input -1"]);
    expect(history[0]!.values.log).toEqual(["input", "work"]);
    expect((await savers[0]!.listThreads())[0]!.branchCount).toBe(1);
  });

  it("still lets a worker fork an older checkpoint on purpose", async () => {
    const { savers } = await workers(1);
    const saver = savers[0]!;
    const root = child("forks", null, ["note"]);
    await saver.put(root, [{ channel: "note", kind: "full", value: "root" }]);
    const first = child("forks", root, ["note"]);
    await saver.put(first, [{ channel: "note", kind: "full", value: "first" }]);
    await saver.getTuple("forks");
    await saver.put(child("forks", root, ["note"]), [{ channel: "note", kind: "full", value: "second" }]);
    expect((await saver.listThreads())[0]!.branchCount).toBe(2);
  });

  it("never makes a writer of one thread wait for a transaction holding another thread", async () => {
    const { schema, savers } = await workers(1);
    const saver = savers[0]!;
    const one = child("one", null, ["note"]);
    const two = child("two", null, ["note"]);
    await saver.put(one, [{ channel: "note", kind: "full", value: 1 }]);
    await saver.put(two, [{ channel: "note", kind: "full", value: 1 }]);
    const blocker = new pg.Client({ connectionString: postgresUrl() });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query(`SELECT 1 FROM "${schema}".threads WHERE thread_id = 'one' FOR UPDATE`);
      const onOne = saver.put(child("one", one, ["note"]), [{ channel: "note", kind: "full", value: 2 }]);
      let oneDone = false;
      void onOne.then(() => (oneDone = true), () => (oneDone = true));
      // Thread two goes ahead while thread one's row is held...
      await saver.put(child("two", two, ["note"]), [{ channel: "note", kind: "full", value: 2 }]);
      await saver.putWrites("two", two.checkpointId, [{ taskId: "agent", node: "agent", kind: "resume", value: 1 }]);
      expect((await saver.getTuple("two"))!.values.note).toBe(2);
      expect(oneDone).toBe(false);
      // ...and thread one's writer goes on as soon as it is released.
      await blocker.query("COMMIT");
      await onOne;
      expect((await saver.getTuple("one"))!.values.note).toBe(2);
    } finally {
      await blocker.end();
    }
  });

  it("gives up on a thread another connection holds too long with DATABASE_LOCKED naming the thread, storing nothing", async () => {
    const { schema } = await workers(0);
    const saver = await PostgresSaver.open(postgresUrl(), { schema, timeoutMs: 2_000 });
    cleanups.push(() => saver.close());
    const root = child("held", null, ["note"]);
    await saver.put(root, [{ channel: "note", kind: "full", value: 1 }]);
    const blocker = new pg.Client({ connectionString: postgresUrl() });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query(`SELECT 1 FROM "${schema}".threads WHERE thread_id = 'held' FOR UPDATE`);
      const caught = await saver.put(child("held", root, ["note"]), [{ channel: "note", kind: "full", value: 2 }]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(caught).toBeInstanceOf(ChronographError);
      expect((caught as ChronographError).code).toBe("DATABASE_LOCKED");
      expect((caught as ChronographError).message).toContain('"held"');
      await blocker.query("ROLLBACK");
    } finally {
      await blocker.end();
    }
    expect((await saver.list("held")).map((tuple) => tuple.record.checkpointId)).toEqual([root.checkpointId]);
  });

  it("stores a list growing by one 1 KB message per superstep in at most 2 KB per superstep, in one round trip each", async () => {
    const { schema, savers } = await workers(1);
    const saver = savers[0]!;
    const client = new pg.Client({ connectionString: postgresUrl() });
    await client.connect();
    // Every relation of the schema (tables, indexes, TOAST), after what autovacuum would do on a live server.
    const schemaBytes = async () => {
      for (const table of ["checkpoints", "blobs", "writes", "threads", "leaves"]) await client.query(`VACUUM "${schema}".${table}`);
      const size = await client.query("SELECT sum(pg_total_relation_size(c.oid))::float8 AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'", [schema]);
      return size.rows[0].bytes as number;
    };
    let parent: CheckpointRecord | null = null;
    const grow = async (from: number, to: number) => {
      for (let i = from; i < to; i += 1) {
        const item = { id: `m${i}`, role: "assistant", content: "lorem ipsum ".repeat(85).slice(0, 1000) };
        const next: CheckpointRecord = { ...child("w2", parent, ["messages"]), writes: { agent: { messages: [item] } } };
        await saver.put(next, [{ channel: "messages", kind: "append", base: parent?.versions.messages ?? null, items: [item], fromWrites: true }]);
        parent = next;
      }
    };
    try {
      const before = saver.queries;
      await grow(0, 250);
      const half = await schemaBytes();
      await grow(250, 500);
      const roundTrips = (saver.queries - before) / 500;
      const whole = await schemaBytes();
      const perStep = (whole - half) / 250;
      console.log(`W2 on PostgreSQL: ${perStep.toFixed(0)} bytes per superstep from step 250 to 500, ${(whole / 500).toFixed(0)} bytes per superstep in all after 500 (pg_total_relation_size), ${roundTrips} round trips per put`);
      expect(roundTrips).toBe(1);
      expect(perStep).toBeLessThanOrEqual(2048);
      expect((await saver.getTuple("w2"))!.values.messages).toHaveLength(500);
    } finally {
      await client.end();
    }
  });
});
