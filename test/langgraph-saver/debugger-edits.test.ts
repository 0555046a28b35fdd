/**
 * "Edit state as node" from the debugger on a ChronographSaver file is written through the saver, as
 * LangGraph.js's updateState would write it: LangGraph.js compiled with ChronographSaver then resumes from
 * the edit (invoke(null)) and its getStateHistory shows the new branch, child of the edited checkpoint.
 * Nothing stored before the edit changes. Replay from the debugger runs the user's LangGraph.js module
 * with ChronographSaver as its checkpointer, so the new checkpoints land in the saver's tables.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Annotation, Command, END, interrupt, START, StateGraph } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";
import { recordRuns } from "../debugger/fixtures.ts";
import { builder as essayBuilder } from "../fixtures/langgraph-projects/esm/essay.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** outline → write → polish on a title; `edits` counts the writing steps (a reducer). The module the replay loads. */
function essayGraph(checkpointer: BaseCheckpointSaver) {
  return essayBuilder.compile({ checkpointer });
}

/** draft → review (an interrupt asking for a decision) → publish. */
function ticketGraph(checkpointer: BaseCheckpointSaver) {
  const State = Annotation.Root({
    request: Annotation<string>,
    reply: Annotation<string>,
    decision: Annotation<string>,
    published: Annotation<string>,
  });
  return new StateGraph(State)
    .addNode("draft", (state) => ({ reply: `About "${state.request}": we will refund you.` }))
    .addNode("review", () => ({ decision: interrupt({ question: "Approve this reply?" }) as string }))
    .addNode("publish", (state) => ({ published: `${state.reply} (${state.decision})` }))
    .addEdge(START, "draft")
    .addEdge("draft", "review")
    .addEdge("review", "publish")
    .addEdge("publish", END)
    .compile({ checkpointer });
}

async function openInDebugger(path: string) {
  const configRoot = mkdtempSync(join(tmpdir(), "chronograph-saver-cfg-"));
  cleanups.push(() => rmSync(configRoot, { recursive: true, force: true }));
  const service = createDebuggerService({ configDir: join(configRoot, "config"), pollIntervalMs: 50, busyTimeoutMs: 200 });
  cleanups.push(() => service.close());
  const client = createClient(createInMemoryTransport(service));
  const info = await client.openDatabase({ path });
  return { client, info };
}

function tempFile(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-saver-edits-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}

/** Every row of the saver's tables, to check that an edit only adds. */
function rows(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return ["lg_checkpoints", "lg_values", "lg_writes"].flatMap((table) => (db.prepare(`SELECT * FROM ${table}`).all() as unknown[]).map((row) => `${table} ${JSON.stringify(row)}`));
  } finally {
    db.close();
  }
}

async function historyOf(graph: ReturnType<typeof essayGraph> | ReturnType<typeof ticketGraph>, threadId: string) {
  const history = [];
  for await (const snapshot of graph.getStateHistory({ configurable: { thread_id: threadId } })) history.push(snapshot);
  return history;
}

describe("editing a ChronographSaver file from the debugger", () => {
  it("writes an edit of a past checkpoint through the saver; LangGraph.js resumes the new branch from it", async () => {
    const path = tempFile("essay.db");
    const saver = ChronographSaver.open(path);
    await essayGraph(saver).invoke({ title: "tea" }, { configurable: { thread_id: "essay" } });
    await saver.close();
    const before = rows(path);

    const { client, info } = await openInDebugger(path);
    expect(info).toMatchObject({ kind: "chronograph-saver", canEdit: true });
    const timeline = await client.getTimeline({ threadId: "essay", namespace: "" });
    const afterOutline = timeline.find((entry) => entry.next.includes("write"))!;
    const sections = ["Origins of tea", "Brewing", "Conclusion"];
    expect((await client.previewUpdate({ threadId: "essay", namespace: "", checkpointId: afterOutline.checkpointId, values: { sections }, asNode: "outline" })).next).toEqual(["write"]);
    const { checkpointId } = await client.updateState({ threadId: "essay", namespace: "", checkpointId: afterOutline.checkpointId, values: { sections }, asNode: "outline" });
    const after = rows(path);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.length).toBeGreaterThan(before.length);

    // The debugger shows the edit at once, as a child of the edited checkpoint.
    const edited = await client.getCheckpoint({ threadId: "essay", namespace: "", checkpointId });
    expect(edited).toMatchObject({ parentId: afterOutline.checkpointId, source: "update", next: ["write"] });
    expect(edited.values.sections).toEqual(sections);

    const resumed = ChronographSaver.open(path);
    cleanups.push(() => resumed.close());
    const graph = essayGraph(resumed);
    const final = await graph.invoke(null, { configurable: { thread_id: "essay", checkpoint_id: checkpointId } });
    expect(final.final).toBe("# tea\n1. Origins of tea\n2. Brewing\n3. Conclusion");
    expect(final.edits).toBe(2);
    const history = await historyOf(graph, "essay");
    expect(history[0]!.values.final).toBe(final.final);
    const update = history.find((snapshot) => snapshot.config.configurable?.checkpoint_id === checkpointId)!;
    expect(update.metadata).toMatchObject({ source: "update", step: afterOutline.step + 1 });
    expect(update.parentConfig?.configurable?.checkpoint_id).toBe(afterOutline.checkpointId);
    expect(update.next).toEqual(["write"]);
    // The first branch is still there, unchanged: its end still reads the old outline.
    expect(history.filter((snapshot) => snapshot.values.final === "# tea\n1. Why tea\n2. How tea\n3. Conclusion")).not.toHaveLength(0);
  });

  // "review" never finished a step in this thread, so the edit names where it goes (goto), as the app asks for.
  it("answers an interrupt at the head by editing as the waiting node; LangGraph.js goes on from there", async () => {
    const path = tempFile("ticket.db");
    const saver = ChronographSaver.open(path);
    // An earlier ticket went all the way (the file knows "publish"); this one waits for its review.
    await ticketGraph(saver).invoke({ request: "late parcel" }, { configurable: { thread_id: "t0" } });
    await ticketGraph(saver).invoke(new Command({ resume: "approved" }), { configurable: { thread_id: "t0" } });
    await ticketGraph(saver).invoke({ request: "broken kettle" }, { configurable: { thread_id: "t1" } });
    await saver.close();

    const { client } = await openInDebugger(path);
    const [head] = await client.getTimeline({ threadId: "t1", namespace: "" });
    expect(head!.next).toEqual(["review"]);
    expect(head!.interrupted.length).toBeGreaterThan(0);
    const { checkpointId } = await client.updateState({ threadId: "t1", namespace: "", checkpointId: head!.checkpointId, values: { decision: "approved by a human" }, asNode: "review", goto: ["publish"] });
    expect((await client.getCheckpoint({ threadId: "t1", namespace: "", checkpointId })).next).toEqual(["publish"]);

    const resumed = ChronographSaver.open(path);
    cleanups.push(() => resumed.close());
    const graph = ticketGraph(resumed);
    const state = await graph.getState({ configurable: { thread_id: "t1" } });
    expect(state.config.configurable?.checkpoint_id).toBe(checkpointId);
    expect(state.next).toEqual(["publish"]);
    const final = await graph.invoke(null, { configurable: { thread_id: "t1" } });
    expect(final.published).toBe('About "broken kettle": we will refund you. (approved by a human)');
    const history = await historyOf(graph, "t1");
    expect(history[0]!.next).toEqual([]);
    expect(history[1]!.config.configurable?.checkpoint_id).toBe(checkpointId);
    expect(history[0]!.tasks).toEqual([]);
  });

  it("replays from a past checkpoint through the loaded LangGraph.js module, writing through ChronographSaver", async () => {
    const path = tempFile("essay.db");
    const saver = ChronographSaver.open(path);
    await essayGraph(saver).invoke({ title: "tea" }, { configurable: { thread_id: "essay" } });
    await saver.close();
    const before = rows(path);
    const { client } = await openInDebugger(path);
    const runs = recordRuns(client);
    const info = await client.loadGraphModule({ path: resolve("test/fixtures/langgraph-projects/esm/essay.ts") });
    expect(info.canRun).toBe(true);
    const afterOutline = (await client.getTimeline({ threadId: "essay", namespace: "" })).find((entry) => entry.next.includes("write"))!;
    const { runId } = await client.startRun({ threadId: "essay", namespace: "", checkpointId: afterOutline.checkpointId, mode: "replay" });
    const events = await runs.until(runId);
    expect(events.at(-1)).toMatchObject({ type: "finished", status: "done" });
    const written = events.filter((event) => event.type === "checkpoint").map((event) => (event as { checkpointId: string }).checkpointId);
    expect(written.length).toBeGreaterThan(0);
    expect(rows(path)).toEqual(expect.arrayContaining(before));
    const resumed = ChronographSaver.open(path);
    cleanups.push(() => resumed.close());
    const history = await historyOf(essayGraph(resumed), "essay");
    expect(history[0]!.config.configurable?.checkpoint_id).toBe(written.at(-1));
    expect(history[0]!.values).toMatchObject({ final: "# tea\n1. Why tea\n2. How tea\n3. Conclusion", edits: 2 });
    // Only the saver's tables: SqliteSaver's were never created in the file.
    const db = new Database(path, { readonly: true });
    cleanups.push(() => void db.close());
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('checkpoints', 'writes')").all()).toEqual([]);
  }, 60_000);
});
