/**
 * LangGraph databases through the debugger backend, as the app reaches it (in-memory transport): every
 * LangGraph.js fixture reads as LangGraph.js answered, the graph is inferred (or drawn by loaded
 * LangGraph.js code), runs are refused with the reason, and "edit state as node" writes a checkpoint in
 * LangGraph.js's own format that LangGraph.js resumes from, changing no existing row. Python files open
 * with the same service. Fixtures are always copied to a temp folder first.
 */
import Database from "better-sqlite3";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient, type DebuggerClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { graphKey } from "../../core/interop/langgraph/graph-union.ts";
import { checksums, copyFixture, expectedOf, fixtureNames, tempDir } from "../interop/helpers.ts";
import { essayGraph } from "../interop/langgraph-graphs.ts";
import { C2, writeScenario } from "../interop/python-scenario.ts";
import { rowsLost, tableRows } from "./fixtures.ts";

const ESSAY_MODULE = join(import.meta.dirname, "langgraph-essay-module.ts");

let temp: ReturnType<typeof tempDir>;
let services: DebuggerService[];
beforeEach(() => {
  temp = tempDir("chronograph-langgraph-");
  services = [];
});
afterEach(async () => {
  for (const service of services) await service.close();
  temp.cleanup();
});

function open(): DebuggerClient {
  const service = createDebuggerService({ configDir: join(temp.dir, "config"), pollIntervalMs: 50, busyTimeoutMs: 500 });
  services.push(service);
  return createClient(createInMemoryTransport(service));
}

for (const name of fixtureNames()) {
  it(`reads ${name} through the service exactly as LangGraph.js wrote it, and writes nothing`, async () => {
    const expected = expectedOf(name);
    const file = copyFixture(name, temp.dir);
    const before = checksums(file);
    const client = open();
    const info = await client.openDatabase({ path: file });
    expect(info).toMatchObject({ kind: "langgraph-js", readOnly: true, threadCount: expected.namespaces.length, canRun: false, canEdit: true });
    expect(info.runUnavailableReason).toMatch(/written by LangGraph\.js: replay, fork and resume run its graph with LangGraph\.js, so they need its graph code/);

    const threads = (await client.listThreads({})).rows;
    expect(threads.map((row) => row.threadId).sort()).toEqual([...expected.thread_ids].sort());
    for (const ns of expected.namespaces) {
      const thread = { threadId: ns.thread_id, namespace: ns.checkpoint_ns };
      const timeline = await client.getTimeline(thread);
      expect(timeline.map((entry) => ({ id: entry.checkpointId, parent: entry.parentId, step: entry.step, source: entry.source, writers: entry.writers, next: entry.next }))).toEqual(
        ns.checkpoints.map((checkpoint) => ({ id: checkpoint.checkpoint_id, parent: checkpoint.parent_checkpoint_id, step: checkpoint.step, source: checkpoint.source, writers: checkpoint.writers, next: checkpoint.next })),
      );
      for (const checkpoint of [ns.checkpoints[0]!, ns.checkpoints.at(-1)!]) {
        expect((await client.getCheckpoint({ ...thread, checkpointId: checkpoint.checkpoint_id })).values).toEqual(checkpoint.values);
      }

      const graph = await client.getGraph(thread);
      expect(graph.origin).toBe("inferred");
      // One graph per graph: inferred from every thread of it in the file (these fixtures hold one graph each).
      const sameGraph = expected.namespaces.filter((other) => graphKey(other.checkpoint_ns) === graphKey(ns.checkpoint_ns));
      expect(graph.inferredFrom).toBe(sameGraph.reduce((sum, other) => sum + other.checkpoint_count, 0));
      for (const node of new Set(ns.checkpoints.flatMap((checkpoint) => checkpoint.writers).filter((writer) => !writer.startsWith("__")))) {
        expect(graph.nodes.map((candidate) => candidate.id)).toContain(node);
      }
    }
    await services.pop()!.close();
    expect(checksums(file)).toEqual(before);
  });
}

describe("a LangGraph.js database in the debugger", () => {
  it("draws the real graph once the LangGraph.js module is loaded, which then runs it (on LangGraph.js)", async () => {
    const file = copyFixture("fork-update.sqlite", temp.dir);
    const client = open();
    await client.openDatabase({ path: file });
    const info = await client.loadGraphModule({ path: ESSAY_MODULE });
    expect(info).toMatchObject({ canRun: true, canEdit: true, runsOnEngine: false });
    expect(info.runUnavailableReason).toBeUndefined();
    const graph = await client.getGraph({ threadId: "essay" });
    expect(graph.origin).toBe("code");
    expect(graph.inferredFrom).toBeUndefined();
    expect(graph.edges).toEqual(expect.arrayContaining([{ from: "__start__", to: "outline", kind: "fixed" }, { from: "write", to: "polish", kind: "fixed" }, { from: "polish", to: "__end__", kind: "fixed" }]));
  });

  it("keeps the inferred graph for threads the loaded code cannot have written", async () => {
    const file = copyFixture("hitl-interrupt.sqlite", temp.dir);
    const client = open();
    await client.openDatabase({ path: file });
    await client.loadGraphModule({ path: ESSAY_MODULE });
    expect((await client.getGraph({ threadId: "ticket-approved" })).origin).toBe("inferred");
  });

  it("refuses a module with no LangGraph.js graph, naming the file", async () => {
    const file = copyFixture("fork-update.sqlite", temp.dir);
    const client = open();
    await client.openDatabase({ path: file });
    const chronographModule = join(import.meta.dirname, "../e2e/fixtures/support-module.ts");
    await expect(client.loadGraphModule({ path: chronographModule })).rejects.toMatchObject({ code: "GRAPH_MODULE", message: expect.stringMatching(/support-module\.ts.*Chronograph's engine.*LangGraph\.js/) });
    await expect(client.loadGraphModule({ path: ESSAY_MODULE, exportName: "nothing" })).rejects.toMatchObject({ code: "GRAPH_MODULE", message: expect.stringContaining('"nothing"') });
  });

  it("refuses replay, fork and resume with the reason, writing nothing", async () => {
    const file = copyFixture("hitl-interrupt.sqlite", temp.dir);
    const before = checksums(file);
    const client = open();
    await client.openDatabase({ path: file });
    const [head] = await client.getTimeline({ threadId: "ticket-waiting" });
    for (const mode of ["replay", "fork", "resume"] as const) {
      await expect(client.startRun({ threadId: "ticket-waiting", checkpointId: head!.checkpointId, mode })).rejects.toMatchObject({
        code: "READ_ONLY",
        message: expect.stringMatching(/hitl-interrupt\.sqlite.*LangGraph\.js/),
      });
    }
    expect(checksums(file)).toEqual(before);
  });

  it("previews an edit without writing, then saves it as a LangGraph.js checkpoint that LangGraph.js resumes from", async () => {
    const expected = expectedOf("fork-update.sqlite");
    const scenario = expected.scenario as { update_target_checkpoint_id: string; forked_final: Record<string, unknown> };
    const target = scenario.update_target_checkpoint_id;
    const file = copyFixture("fork-update.sqlite", temp.dir);
    const client = open();
    await client.openDatabase({ path: file });
    const before = tableRows(file);
    const sums = checksums(file);
    const sections = ["Origins of tea", "Brewing", "Serving", "Conclusion"];

    expect(await client.previewUpdate({ threadId: "essay", checkpointId: target, values: { sections }, asNode: "outline" })).toEqual({ next: ["write"] });
    expect(checksums(file)).toEqual(sums);
    expect((await client.getDatabase({}))!.readOnly).toBe(true);

    const { checkpointId } = await client.updateState({ threadId: "essay", checkpointId: target, values: { sections }, asNode: "outline" });
    expect(rowsLost(before, tableRows(file))).toEqual([]);
    expect((await client.getDatabase({}))!.readOnly).toBe(false);
    const timeline = await client.getTimeline({ threadId: "essay" });
    expect(timeline).toHaveLength(11);
    expect(timeline[0]).toMatchObject({ checkpointId, parentId: target, source: "update", step: 2, writers: ["outline"], next: ["write"] });
    expect((await client.getCheckpoint({ threadId: "essay", checkpointId })).values.sections).toEqual(sections);
    expect((await client.listThreads({})).rows[0]).toMatchObject({ threadId: "essay", checkpointCount: 11, headCheckpointId: checkpointId });
    await services.pop()!.close();

    const saver = SqliteSaver.fromConnString(file);
    try {
      const graph = essayGraph(saver);
      const result = await graph.invoke(null, { configurable: { thread_id: "essay", checkpoint_id: checkpointId } });
      expect(result).toEqual(scenario.forked_final);
    } finally {
      (saver as unknown as { db: Database.Database }).db.close();
    }
  });

  it("refuses an edit it cannot place, naming the node, and an unknown channel, naming the channel", async () => {
    const file = copyFixture("hitl-interrupt.sqlite", temp.dir);
    const before = checksums(file);
    const client = open();
    await client.openDatabase({ path: file });
    const [head] = await client.getTimeline({ threadId: "ticket-waiting" });
    const edit = { threadId: "ticket-waiting", checkpointId: head!.checkpointId, asNode: "review" };
    await expect(client.previewUpdate({ ...edit, values: { decision: { approved: true, comment: "ok" } } })).rejects.toMatchObject({ code: "INVALID_UPDATE", message: expect.stringContaining('node "review"') });
    await expect(client.updateState({ ...edit, values: { mood: "happy" }, asNode: "draft" })).rejects.toMatchObject({ code: "UNKNOWN_CHANNEL", message: expect.stringContaining('"mood"') });
    await expect(client.updateState({ ...edit, values: { reply: "x" }, asNode: "nobody" })).rejects.toMatchObject({ code: "UNKNOWN_NODE", message: expect.stringContaining('"nobody"') });
    expect((await client.getDatabase({}))!.readOnly).toBe(true);
    await services.pop()!.close();
    expect(checksums(file)).toEqual(before);
  });
});

describe("a Python LangGraph database in the debugger", () => {
  it("opens as Python LangGraph, refuses graph code and runs with reasons, and edits where the payload round-trips", async () => {
    const file = join(temp.dir, "python.sqlite");
    writeScenario(file);
    const client = open();
    const info = await client.openDatabase({ path: file });
    expect(info).toMatchObject({ kind: "langgraph-py", readOnly: true, canRun: false, canEdit: true });
    expect(info.runUnavailableReason).toMatch(/Python LangGraph.*Python graph code/);
    await expect(client.loadGraphModule({ path: ESSAY_MODULE })).rejects.toMatchObject({ code: "GRAPH_MODULE", message: expect.stringMatching(/python\.sqlite.*Python LangGraph/) });
    expect((await client.getGraph({ threadId: "py-review" })).origin).toBe("inferred");

    const thread = { threadId: "py-review" };
    expect(await client.previewUpdate({ ...thread, checkpointId: C2, values: { facts: ["high", "low", "spring"] }, asNode: "gather" })).toEqual({ next: ["review"] });
    const { checkpointId } = await client.updateState({ ...thread, checkpointId: C2, values: { facts: ["high", "low", "spring"] }, asNode: "gather" });
    expect(await client.getCheckpoint({ ...thread, checkpointId })).toMatchObject({ parentId: C2, source: "update", values: { facts: ["high", "low", "spring"] } });
  });

  it("refuses, at preview time and with the reason, an edit whose payload would not round-trip", async () => {
    const file = join(temp.dir, "python.sqlite");
    writeScenario(file);
    const db = new Database(file);
    // The same checkpoint, stored as Python LangGraph's legacy JSON: readable, but not written by us.
    db.prepare("UPDATE checkpoints SET type = 'json', checkpoint = ? WHERE checkpoint_id = ?").run(
      Buffer.from(JSON.stringify({ v: 1, id: C2, ts: "2024-05-01T00:00:00+00:00", channel_values: { topic: "tides" }, channel_versions: {}, versions_seen: {} })),
      C2,
    );
    db.close();
    const before = checksums(file);
    const client = open();
    await client.openDatabase({ path: file });
    const edit = { threadId: "py-review", checkpointId: C2, values: { topic: "storms" }, asNode: "gather" };
    await expect(client.previewUpdate(edit)).rejects.toMatchObject({ code: "READ_ONLY", message: expect.stringMatching(/JSON format Python LangGraph used before its msgpack switch/) });
    await expect(client.updateState(edit)).rejects.toMatchObject({ code: "READ_ONLY" });
    await services.pop()!.close();
    expect(checksums(file)).toEqual(before);
  });
});
