/**
 * ChronographSaver's storage promises: a growing message list costs the appended messages per
 * checkpoint, every checkpoint reads back exactly (LangChain messages included), after a reopen, on a
 * fork, and the file is private with its own schema version.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { type Checkpoint, emptyCheckpoint, JsonPlusSerializer, type SerializerProtocol, uuid6 } from "@langchain/langgraph-checkpoint";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";

let folder: string;
let file: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "chronograph-saver-"));
  file = join(folder, "runs.db");
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const message = (index: number): BaseMessage =>
  index % 2 === 0 ? new HumanMessage({ content: `question ${index} ${"x".repeat(1000)}`, id: `m${index}` }) : new AIMessage({ content: `answer ${index}`, id: `m${index}`, tool_calls: [{ id: `call${index}`, name: "search", args: { q: index } }] });

/** Put `steps` checkpoints on one thread, each appending one message; returns each step's config and list. */
async function grow(saver: ChronographSaver, threadId: string, steps: number, start: { config: { configurable: Record<string, string> }; messages: BaseMessage[] } | undefined = undefined) {
  let config = start?.config ?? { configurable: { thread_id: threadId, checkpoint_ns: "" } };
  let messages = start?.messages ?? [];
  let version: number | undefined;
  const puts: { config: typeof config; messages: BaseMessage[] }[] = [];
  for (let step = 0; step < steps; step += 1) {
    messages = [...messages, message(messages.length)];
    const next = saver.getNextVersion(version);
    version = next;
    const checkpoint: Checkpoint = { ...emptyCheckpoint(), id: uuid6(-3), channel_values: { messages, turn: step }, channel_versions: { messages: next, turn: next } };
    config = (await saver.put(config, checkpoint, { source: "loop", step, parents: {} }, { messages: next, turn: next })) as typeof config;
    puts.push({ config, messages });
  }
  return puts;
}

function valueBytes(path: string): { bytes: number; whole: number } {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT sum(length(value)) AS bytes, sum(base IS NULL) AS whole FROM lg_values WHERE channel = 'messages'").get() as { bytes: number; whole: number };
  } finally {
    db.close();
  }
}

describe("ChronographSaver storage", () => {
  it("stores a growing message list as the messages each checkpoint appended, and reads every checkpoint back exactly", async () => {
    const saver = ChronographSaver.open(file);
    const puts = await grow(saver, "t1", 60);
    const { bytes, whole } = valueBytes(file);
    const lastWhole = (await saver.serde.dumpsTyped(puts.at(-1)!.messages))[1].length;
    // Sixty appended messages cost about one whole copy of the last list, not sixty.
    expect(bytes).toBeLessThan(lastWhole * 1.2);
    expect(whole).toBe(1);
    for (const put of puts) expect((await saver.getTuple(put.config))!.checkpoint.channel_values.messages).toEqual(put.messages);
    const history = [];
    for await (const tuple of saver.list({ configurable: { thread_id: "t1" } })) history.push(tuple.checkpoint.channel_values.messages);
    expect(history).toEqual(puts.map((put) => put.messages).reverse());
    const last = (await saver.getTuple({ configurable: { thread_id: "t1" } }))!.checkpoint.channel_values.messages as BaseMessage[];
    expect(last[1]).toBeInstanceOf(AIMessage);
    await saver.close();
  });

  it("reads a deep version again as it is stored, whatever the caller did to the value it read before, and nothing after deleteThread", async () => {
    const saver = ChronographSaver.open(file);
    const puts = await grow(saver, "t1", 40);
    const middle = puts[25]!;
    const first = (await saver.getTuple(middle.config))!.checkpoint.channel_values.messages as BaseMessage[];
    expect(first).toEqual(middle.messages);
    // A reducer that changes its input in place must not change what a later read returns.
    first.push(new HumanMessage({ content: "pushed by the caller", id: "extra" }));
    first[0]!.content = "changed by the caller";
    const again = (await saver.getTuple(middle.config))!.checkpoint.channel_values.messages as BaseMessage[];
    expect(again).toEqual(middle.messages);
    expect(again).not.toBe(first);
    await saver.deleteThread("t1");
    expect(await saver.getTuple(middle.config)).toBeUndefined();
    await saver.close();
  });

  it("reads back values of a serializer type it cannot join as text by replaying each appended part", async () => {
    const json = new JsonPlusSerializer();
    const serde: SerializerProtocol = {
      dumpsTyped: async (data) => ["custom", (await json.dumpsTyped(data))[1]],
      loadsTyped: (type, data) => json.loadsTyped(type === "custom" ? "json" : type, data),
    };
    const saver = ChronographSaver.open({ path: file, serde });
    const puts = await grow(saver, "t1", 12);
    expect(valueBytes(file).whole).toBe(1);
    for (const put of puts) expect((await saver.getTuple(put.config))!.checkpoint.channel_values.messages).toEqual(put.messages);
    const history = [];
    for await (const tuple of saver.list({ configurable: { thread_id: "t1" } })) history.push(tuple.checkpoint.channel_values.messages);
    expect(history).toEqual(puts.map((put) => put.messages).reverse());
    await saver.close();
  });

  it("keeps appending after a reopen and reads back a fork that rewrote the list", async () => {
    const first = ChronographSaver.open(file);
    const puts = await grow(first, "t1", 5);
    await first.close();
    const saver = ChronographSaver.open(file);
    const more = await grow(saver, "t1", 3, puts.at(-1));
    const forkBase = puts[2]!;
    const rewritten = [...forkBase.messages.slice(0, 2), new HumanMessage({ content: "edited", id: "m2" })];
    const fork = await grow(saver, "t1", 2, { config: forkBase.config, messages: rewritten });
    for (const put of [...puts, ...more, ...fork]) expect((await saver.getTuple(put.config))!.checkpoint.channel_values.messages).toEqual(put.messages);
    expect((await saver.getTuple(fork[0]!.config))!.parentConfig?.configurable?.checkpoint_id).toBe(forkBase.config.configurable.checkpoint_id);
    await saver.close();
  });

  it("creates a private file in WAL mode with its own schema version", async () => {
    const saver = ChronographSaver.open({ path: file });
    await grow(saver, "t1", 1);
    await saver.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare("SELECT version FROM lg_schema_version").get()).toEqual({ version: 2 });
    db.close();
  });

  it("refuses a PostgreSQL URL without repeating it, and a missing thread_id naming the file", async () => {
    expect(() => ChronographSaver.open("postgres://user:secret@host:port/db")).toThrow(/is not a postgres:\/\/ URL/);
    expect(() => ChronographSaver.open("postgres://user:secret@host:port/db")).not.toThrow(/secret/);
    const saver = ChronographSaver.open(file);
    await expect(saver.put({ configurable: {} }, emptyCheckpoint(), { source: "input", step: -1, parents: {} }, {})).rejects.toThrow(new RegExp(`${file}.*thread_id`));
    await saver.close();
  });
});
