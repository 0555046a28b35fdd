/**
 * Python LangGraph databases, imitated byte for byte from the format document (no real one exists
 * here): the reader recognises them, recomputes Python's XXH3 task ids to tell which node wrote what,
 * shows msgpack values with their type tags, reads errors (repr strings), interrupts (Interrupt
 * dataclasses), subgraph namespaces; edits are written only where they round-trip exactly.
 */
import { encode } from "@msgpack/msgpack";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectKind } from "../../core/interop/detect.ts";
import { LangGraphWriter } from "../../core/interop/edit/writer.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { tempDir } from "./helpers.ts";
import { codec, pyVersion, writePythonDatabase, type PyCheckpoint } from "./python-format.ts";
import { C0, C1, C2, F1, failedTask, gatherTask, INTERRUPT_ID, reviewTask, S0, SUB, subTask, writeScenario } from "./python-scenario.ts";
import { join } from "node:path";

const v = pyVersion;

describe("Python LangGraph databases", () => {
  let temp: ReturnType<typeof tempDir>;
  let file: string;
  let source: LangGraphSource;
  beforeEach(async () => {
    temp = tempDir();
    file = join(temp.dir, "python.sqlite");
    writeScenario(file);
    source = await LangGraphSource.open(file);
  });
  afterEach(async () => {
    await source.close();
    temp.cleanup();
  });

  it("is recognised as Python by its msgpack payloads", () => {
    expect(detectKind(file)).toBe("langgraph-py");
    expect(source.kind).toBe("langgraph-py");
  });

  it("lists threads with their subgraph namespaces and reads each status from the head", async () => {
    const rows = await source.listThreads();
    const summary = rows.map((row) => ({ thread: row.threadId, ns: row.namespace, status: row.status, count: row.checkpointCount })).sort((a, b) => (a.thread + a.ns).localeCompare(b.thread + b.ns));
    expect(summary).toEqual([
      { thread: "py-failed", ns: "", status: "error", count: 2 },
      { thread: "py-review", ns: "", status: "interrupted", count: 3 },
      { thread: "py-review", ns: SUB, status: "done", count: 2 },
    ]);
  });

  it("tells which node wrote what by recomputing Python's XXH3 task ids", async () => {
    const entries = await source.listCheckpoints({ threadId: "py-review", namespace: "" });
    expect(entries.map((entry) => [entry.checkpointId, entry.parentId, entry.step, entry.source, entry.writers, entry.next])).toEqual([
      [C2, C1, 1, "loop", ["gather"], ["review"]],
      [C1, C0, 0, "loop", ["__start__"], ["gather"]],
      [C0, null, -1, "input", ["__input__"], ["__start__"]],
    ]);
    const c1 = await source.getCheckpoint({ threadId: "py-review", namespace: "" }, C1);
    expect(c1.tasks.map((task) => [task.id, task.name])).toEqual([[gatherTask, "gather"]]);
    expect(c1.pendingWrites.map((write) => [write.node, write.kind])).toEqual([["gather", "facts"], ["gather", "when"], ["gather", "tags"], ["gather", "messages"], ["gather", "branch:to:review"]]);
    const sub = await source.listCheckpoints({ threadId: "py-review", namespace: SUB });
    expect(sub.map((entry) => [entry.step, entry.writers, entry.next])).toEqual([[0, ["__start__"], []], [-1, ["__input__"], ["__start__"]]]);
    expect((await source.getCheckpoint({ threadId: "py-review", namespace: SUB }, S0)).tasks[0]!.id).toBe(subTask);
  });

  it("shows msgpack values with their Python types tagged", async () => {
    const head = await source.getCheckpoint({ threadId: "py-review", namespace: "" }, C2);
    expect(head.values).toEqual({
      topic: "tides",
      facts: ["high", "low"],
      when: { $datetime: "2025-03-04T10:15:30.123456+00:00" },
      tags: { $set: ["sea", "moon"] },
      messages: [
        { $message: "human", $class: "langchain_core.messages.human.HumanMessage", content: "Find tides", additional_kwargs: {}, response_metadata: {}, type: "human", name: null, id: "h-1" },
        {
          $message: "ai", $class: "langchain_core.messages.ai.AIMessage", content: "Looking.", additional_kwargs: {}, response_metadata: {}, type: "ai", name: null, id: "a-1",
          tool_calls: [{ name: "lookup", args: { q: "tides" }, id: "call_1", type: "tool_call" }], invalid_tool_calls: [], usage_metadata: null,
        },
      ],
    });
    expect(head.writes).toEqual({ gather: { facts: ["high", "low"], when: { $datetime: "2025-03-04T10:15:30.123456+00:00" }, tags: { $set: ["sea", "moon"] }, messages: head.values.messages } });
    expect(head.warnings).toBeUndefined();
  });

  it("reads interrupts from Interrupt dataclasses and errors from repr() strings", async () => {
    const head = await source.getCheckpoint({ threadId: "py-review", namespace: "" }, C2);
    expect(head.tasks).toEqual([{ id: reviewTask, name: "review", interrupts: [{ id: INTERRUPT_ID, value: { question: "Publish?" } }] }]);
    expect(head.interrupted).toEqual(["review"]);
    const failed = await source.getCheckpoint({ threadId: "py-failed", namespace: "" }, F1);
    expect(failed.tasks).toEqual([{ id: failedTask, name: "gather", interrupts: [], error: { name: "TimeoutError", message: "order service did not answer within 10s" } }]);
    expect(failed.errors).toEqual(["gather"]);
  });

  it("draws the graph from history", async () => {
    const graph = await source.getGraph({ threadId: "py-review", namespace: "" });
    expect(graph.edges).toEqual(expect.arrayContaining([{ from: "__start__", to: "gather", kind: "fixed" }, { from: "gather", to: "review", kind: "fixed" }]));
    expect(graph.nodes.map((node) => node.id)).toEqual(["__start__", "gather", "review"]);
    expect(graph.inferredFrom).toBe(3);
  });

  it("edits as a node where the payload round-trips exactly, in Python's format, and forks", async () => {
    const writer = await LangGraphWriter.open(file);
    const thread = { threadId: "py-review", namespace: "" };
    expect(writer.canEdit(thread, C2)).toEqual({ canEdit: true });
    const { checkpointId, next } = writer.updateState(thread, C2, { facts: ["high", "low", "spring"] }, "gather");
    expect(next).toEqual(["review"]);
    const fork = writer.fork(thread, C1);
    await writer.close();

    const reader = await LangGraphSource.open(file);
    const entries = await reader.listCheckpoints(thread);
    expect(entries[0]!.checkpointId).toBe(fork.checkpointId);
    expect(entries[1]!.checkpointId).toBe(checkpointId);
    expect(checkpointId.split("-")[3]).toBe("8002");
    const edited = await reader.getCheckpoint(thread, checkpointId);
    expect({ parent: edited.parentId, step: edited.step, source: edited.source, writers: edited.writers, next: edited.next }).toEqual({ parent: C2, step: 2, source: "update", writers: ["gather"], next: ["review"] });
    expect(edited.values.facts).toEqual(["high", "low", "spring"]);
    expect(edited.values.messages).toEqual((await reader.getCheckpoint(thread, C2)).values.messages);
    const loaded = reader.views(thread).history.byId.get(checkpointId)!;
    expect(loaded.versions.facts).toMatch(/^0{31}4\.\d/);
    expect(loaded.type).toBe("msgpack");
    expect(new TextDecoder().decode(loaded.metadataPayload.bytes)).toBe('{"source": "update", "step": 2, "parents": {}, "writes": {"gather": {"facts": ["high", "low", "spring"]}}}');
    const c2Writes = (await reader.getCheckpoint(thread, C2)).pendingWrites.filter((write) => write.node === "gather");
    expect(c2Writes.map((write) => [write.kind, write.value])).toEqual([["facts", ["high", "low", "spring"]], ["branch:to:review", null]]);
    const forked = await reader.getCheckpoint(thread, fork.checkpointId);
    expect({ parent: forked.parentId, source: forked.source, step: forked.step, next: forked.next, values: forked.values }).toEqual({ parent: C0, source: "fork", step: 1, next: ["gather"], values: { topic: "tides" } });
    expect((await LangGraphWriter.open(file).then(async (again) => { const answer = again.canEdit(thread, checkpointId); await again.close(); return answer; }))).toEqual({ canEdit: true });
    await reader.close();
  });

  it("refuses to edit what would not round-trip, and says why", async () => {
    const dir = tempDir();
    try {
      const other = join(dir.dir, "floats.sqlite");
      const base: PyCheckpoint = {
        thread: "floaty", id: C0, parent: null, values: { topic: "tides", score: 1 }, versions: { topic: v(1), score: v(1) }, seen: { __input__: {} }, metadata: { source: "loop", step: 0, parents: {} },
      };
      const floatBytes = encode({ v: 4, ts: "2025-03-04T10:15:30.123456+00:00", id: C0, channel_values: { topic: "tides", score: 1.5 }, channel_versions: base.versions, versions_seen: base.seen, updated_channels: null }, { extensionCodec: codec });
      // score = 1.0 as Python stores it: a float64 whose value has no fraction.
      const patched = Uint8Array.from(floatBytes);
      const at = Buffer.from(patched).indexOf(Buffer.from([0xcb, 0x3f, 0xf8]));
      patched.set([0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0], at);
      const nonCanonical = encode({ v: 4, ts: "x", id: C1, channel_values: { topic: "tides" }, channel_versions: {}, versions_seen: {}, updated_channels: null });
      const wide = Uint8Array.from([...nonCanonical.subarray(0, 1), 0xd9, 1, 0x76, ...nonCanonical.subarray(3)]);
      writePythonDatabase(other, [
        { ...base, raw: patched },
        { ...base, id: C1, raw: wide },
        { ...base, id: C2, type: "json", raw: new TextEncoder().encode(JSON.stringify({ v: 1, id: C2, ts: "2024-05-01T00:00:00+00:00", channel_values: {}, channel_versions: {}, versions_seen: {} })) },
      ], []);
      const writer = await LangGraphWriter.open(other);
      const thread = { threadId: "floaty", namespace: "" };
      expect(writer.canEdit(thread, C0, ["topic"])).toEqual({ canEdit: true });
      const floatAnswer = writer.canEdit(thread, C0, ["score"]);
      expect(floatAnswer.canEdit).toBe(false);
      expect(floatAnswer.reason).toMatch(/channel "score" .* does not round-trip exactly/);
      expect(() => writer.updateState(thread, C0, { score: 2.5 }, "gather", { goto: [] })).toThrow(/UNKNOWN_NODE|does not appear|round-trip/);
      expect(writer.canEdit(thread, C1).reason).toMatch(/not in the canonical form/);
      expect(writer.canEdit(thread, C2).reason).toMatch(/JSON format Python LangGraph used before its msgpack switch/);
      await writer.close();
    } finally {
      dir.cleanup();
    }
  });
});
