/**
 * The proof that edits are written in LangGraph.js's own format: copy a fixture, edit it with the
 * writer, then let LangGraph.js itself (SqliteSaver + the rebuilt graph) resume from the edit and check
 * the result. Where LangGraph.js made the same edit in the fixture run, our row must match its row.
 * Every test also checks that no row that existed before the edit changed.
 */
import Database from "better-sqlite3";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LangGraphWriter } from "../../core/interop/edit/writer.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { copyFixture, expectedOf, tempDir } from "./helpers.ts";
import { essayGraph, ticketGraph } from "./langgraph-graphs.ts";

type Row = Record<string, unknown>;

function rows(file: string): { checkpoints: Row[]; writes: Row[] } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      checkpoints: db.prepare("SELECT * FROM checkpoints ORDER BY thread_id, checkpoint_ns, checkpoint_id").all() as Row[],
      writes: db.prepare("SELECT * FROM writes ORDER BY thread_id, checkpoint_ns, checkpoint_id, task_id, idx").all() as Row[],
    };
  } finally {
    db.close();
  }
}

/** Every row present before is present after, byte for byte. */
function expectUnchanged(before: { checkpoints: Row[]; writes: Row[] }, after: { checkpoints: Row[]; writes: Row[] }) {
  const key = (row: Row) => JSON.stringify([row.thread_id, row.checkpoint_ns, row.checkpoint_id, row.task_id ?? null, row.idx ?? null]);
  const afterCheckpoints = new Map(after.checkpoints.map((row) => [key(row), row]));
  const afterWrites = new Map(after.writes.map((row) => [key(row), row]));
  for (const row of before.checkpoints) expect(afterCheckpoints.get(key(row))).toEqual(row);
  for (const row of before.writes) expect(afterWrites.get(key(row))).toEqual(row);
}

function stored(file: string, id: string): { checkpoint: Row; metadata: Row; parent: string | null } {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare("SELECT * FROM checkpoints WHERE checkpoint_id = ?").get(id) as Row;
    return { checkpoint: JSON.parse(String(row.checkpoint)), metadata: JSON.parse(String(row.metadata)), parent: row.parent_checkpoint_id as string | null };
  } finally {
    db.close();
  }
}

describe("LangGraph.js resumes from checkpoints Chronograph wrote", () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.cleanup());

  it("edit state as node on a past checkpoint: same row as LangGraph's updateState, and the run finishes as LangGraph's did", async () => {
    const expected = expectedOf("fork-update.sqlite");
    const scenario = expected.scenario as { update_target_checkpoint_id: string; update_checkpoint_id: string; forked_final: Record<string, unknown> };
    const file = copyFixture("fork-update.sqlite", temp.dir);
    const before = rows(file);
    const writer = await LangGraphWriter.open(file);
    const thread = { threadId: "essay", namespace: "" };
    const sections = ["Origins of tea", "Brewing", "Serving", "Conclusion"];
    expect(writer.canEdit(thread, scenario.update_target_checkpoint_id)).toEqual({ canEdit: true });
    expect(writer.previewUpdate(thread, scenario.update_target_checkpoint_id, { sections }, "outline").next).toEqual(["write"]);
    const { checkpointId, next } = writer.updateState(thread, scenario.update_target_checkpoint_id, { sections }, "outline");
    await writer.close();
    expect(next).toEqual(["write"]);
    expectUnchanged(before, rows(file));

    const ours = stored(file, checkpointId);
    const theirs = stored(file, scenario.update_checkpoint_id);
    expect(ours.parent).toBe(scenario.update_target_checkpoint_id);
    for (const field of ["v", "channel_values", "channel_versions", "versions_seen"]) expect(ours.checkpoint[field]).toEqual(theirs.checkpoint[field]);
    expect({ source: ours.metadata.source, step: ours.metadata.step, parents: ours.metadata.parents }).toEqual(theirs.metadata);
    expect(checkpointId.split("-")[3]!.slice(0, 4)).toBe("8002");
    expect(checkpointId > expected.namespaces[0]!.latest_checkpoint_id).toBe(true);

    const saver = SqliteSaver.fromConnString(file);
    const graph = essayGraph(saver);
    const result = await graph.invoke(null, { configurable: { thread_id: "essay", checkpoint_id: checkpointId } });
    expect(result).toEqual(scenario.forked_final);
    const state = await graph.getState({ configurable: { thread_id: "essay" } });
    expect(state.next).toEqual([]);
    expect(state.values).toEqual(scenario.forked_final);
    (saver as unknown as { db: Database.Database }).db.close();

    const source = await LangGraphSource.open(file);
    const entries = await source.listCheckpoints(thread);
    const edited = entries.find((entry) => entry.checkpointId === checkpointId)!;
    expect({ source: edited.source, step: edited.step, writers: edited.writers, next: edited.next }).toEqual({ source: "update", step: 2, writers: ["outline"], next: ["write"] });
    expect(entries[0]!.writers).toEqual(["polish"]);
    await source.close();
  });

  it("edit as the interrupted node answers the interrupt: LangGraph.js continues to the named next node", async () => {
    const file = copyFixture("hitl-interrupt.sqlite", temp.dir);
    const before = rows(file);
    const thread = { threadId: "ticket-waiting", namespace: "" };
    const source = await LangGraphSource.open(file);
    const head = (await source.listCheckpoints(thread))[0]!;
    await source.close();
    expect(head.interrupted).toEqual(["review"]);

    const writer = await LangGraphWriter.open(file);
    expect(() => writer.previewUpdate(thread, head.checkpointId, { decision: { approved: true, comment: "edited" } }, "review")).toThrow(/Cannot tell where node "review" sends the run/);
    const decision = { approved: true, comment: "edited in Chronograph" };
    const { checkpointId, next } = writer.updateState(thread, head.checkpointId, { decision }, "review", { goto: ["publish"] });
    await writer.close();
    expect(next).toEqual(["publish"]);
    expectUnchanged(before, rows(file));

    const saver = SqliteSaver.fromConnString(file);
    const graph = ticketGraph(saver);
    expect((await graph.getState({ configurable: { thread_id: "ticket-waiting" } })).next).toEqual(["publish"]);
    const result = await graph.invoke(null, { configurable: { thread_id: "ticket-waiting" } });
    const reply = 'Dear customer, regarding "wrong colour": we will refund you.';
    expect(result).toEqual({ request: "wrong colour", reply, revision: 0, decision, published: `SENT: ${reply}` });
    const history = [];
    for await (const snapshot of graph.getStateHistory({ configurable: { thread_id: "ticket-waiting" } })) history.push(snapshot);
    expect(history[1]!.config.configurable?.checkpoint_id).toBe(checkpointId);
    expect(history[1]!.metadata?.source).toBe("update");
    (saver as unknown as { db: Database.Database }).db.close();
  });

  it("fork: the copy matches LangGraph's own __copy__ row, and a plain resume runs the branch to the end", async () => {
    const expected = expectedOf("fork-update.sqlite");
    const scenario = expected.scenario as { update_target_checkpoint_id: string; original_final: Record<string, unknown> };
    const target = scenario.update_target_checkpoint_id;
    const ourFile = copyFixture("fork-update.sqlite", temp.dir);
    const before = rows(ourFile);
    const writer = await LangGraphWriter.open(ourFile);
    const { checkpointId } = writer.fork({ threadId: "essay", namespace: "" }, target);
    await writer.close();
    expectUnchanged(before, rows(ourFile));

    const theirDir = tempDir();
    try {
      const theirFile = copyFixture("fork-update.sqlite", theirDir.dir);
      const theirSaver = SqliteSaver.fromConnString(theirFile);
      const config = await essayGraph(theirSaver).updateState({ configurable: { thread_id: "essay", checkpoint_id: target } }, undefined, "__copy__");
      (theirSaver as unknown as { db: Database.Database }).db.close();
      const theirs = stored(theirFile, config.configurable!.checkpoint_id as string);
      const ours = stored(ourFile, checkpointId);
      expect(ours.parent).toBe(theirs.parent);
      for (const field of ["v", "channel_values", "channel_versions", "versions_seen"]) expect(ours.checkpoint[field]).toEqual(theirs.checkpoint[field]);
      expect(ours.metadata).toEqual(theirs.metadata);
      expect(checkpointId.split("-")[3]).toBe((config.configurable!.checkpoint_id as string).split("-")[3]!.slice(0, 4) + checkpointId.split("-")[3]!.slice(4));
    } finally {
      theirDir.cleanup();
    }

    const saver = SqliteSaver.fromConnString(ourFile);
    const graph = essayGraph(saver);
    const result = await graph.invoke(null, { configurable: { thread_id: "essay" } });
    expect(result).toEqual(scenario.original_final);
    (saver as unknown as { db: Database.Database }).db.close();
  });

  it("an edited message keeps everything the shown form leaves out, and LangGraph.js reads it back as a message", async () => {
    const file = copyFixture("agent-loop.sqlite", temp.dir);
    const before = rows(file);
    const thread = { threadId: "agent-research", namespace: "" };
    const source = await LangGraphSource.open(file);
    const head = await source.getCheckpoint(thread, (await source.listCheckpoints(thread))[0]!.checkpointId);
    await source.close();
    const messages = structuredClone(head.values.messages) as Array<Record<string, unknown>>;
    messages[1]!.content = "Edited: let me look that up.";
    messages.push({ $message: "human", content: "One more thing.", id: "human-edit" });

    const writer = await LangGraphWriter.open(file);
    const { checkpointId, next } = writer.updateState(thread, head.checkpointId, { messages }, "agent");
    await writer.close();
    expect(next).toEqual([]);
    expectUnchanged(before, rows(file));

    const saver = SqliteSaver.fromConnString(file);
    const tuple = await saver.getTuple({ configurable: { thread_id: "agent-research", checkpoint_id: checkpointId } });
    const loaded = tuple!.checkpoint.channel_values.messages as Array<AIMessage | HumanMessage>;
    expect(loaded).toHaveLength(messages.length);
    expect(loaded[1]).toBeInstanceOf(AIMessage);
    expect(loaded[1]!.content).toBe("Edited: let me look that up.");
    expect((loaded[1] as AIMessage).tool_calls).toEqual([{ id: "call_0", name: "lookup", args: { query: "page 1", limit: 3 }, type: "tool_call" }]);
    expect(loaded.at(-1)).toBeInstanceOf(HumanMessage);
    expect(loaded.at(-1)!.id).toBe("human-edit");
    expect(tuple!.metadata).toMatchObject({ source: "update", step: 33 });
    (saver as unknown as { db: Database.Database }).db.close();
  });
});
