/**
 * The debugger opens a ChronographSaver file natively: detected as its own kind, read by its own
 * HistorySource (which passes the conformance suite), and `inspect --json` of it shows what the same
 * LangGraph.js run shows on LangGraph's SqliteSaver: values, next, tasks, interrupts, errors, pending
 * writes, node writes, steps, sources and parents in every namespace, ids and timestamps aside.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckpointView, InspectOutput } from "../../core/api/types.ts";
import { inspectFile } from "../../core/debugger/inspect.ts";
import { openDatabase } from "../../core/debugger/sources.ts";
import { detectKind } from "../../core/interop/detect.ts";
import { SaverSource } from "../../core/interop/chronograph-saver/source.ts";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";
import { describeHistorySource } from "../interop/history-source-conformance.ts";
import { failingGraph, runAgentStory } from "./agent-graph.ts";

const folder = mkdtempSync(join(tmpdir(), "chronograph-saver-reads-"));
const oursFile = join(folder, "ours.db");
const theirsFile = join(folder, "theirs.db");

/** The agent loop (tool calls, interrupts, resumes, a fork, a Send fan-out, a subgraph) and a failing run. */
async function record(checkpointer: BaseCheckpointSaver): Promise<void> {
  await runAgentStory(checkpointer);
  await failingGraph(checkpointer).invoke({ log: ["start"] }, { configurable: { thread_id: "failing" } }).catch(() => undefined);
}

beforeAll(async () => {
  const ours = ChronographSaver.open(oursFile);
  await record(ours);
  await ours.close();
  await record(SqliteSaver.fromConnString(theirsFile));
}, 60_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const INTERRUPT_ID = /\b[0-9a-f]{32}\b/g;

/** One thread's views with checkpoint ids as positions, task and message ids and timestamps left out. */
function comparable(views: CheckpointView[], file: string) {
  const position = new Map(views.map((view, index) => [view.checkpointId, index]));
  const at = (id: string | null) => (id === null ? null : (position.get(id) ?? "elsewhere"));
  return views.map((view) => {
    const shape = {
      parent: at(view.parentId),
      step: view.step,
      source: view.source,
      next: view.next,
      // SqliteSaver also returns a channel that never got a version (a reducer's default, `[]`): LangGraph
      // restores those from the graph, and ChronographSaver stores only versions.
      values: Object.fromEntries(Object.entries(view.values).filter(([, value]) => !(Array.isArray(value) && value.length === 0))),
      writes: view.writes,
      warnings: view.warnings ?? [],
      writers: view.writers,
      errors: view.errors,
      interrupted: view.interrupted.length,
      tasks: view.tasks.map((task) => ({ name: task.name, error: task.error ?? null, interrupts: task.interrupts })),
      // By task, in task id order: the ids differ between the two runs (they hash the checkpoint ids).
      pendingWrites: view.pendingWrites.map((write) => JSON.stringify({ node: write.node, kind: write.kind, value: write.value })).sort(),
    };
    return JSON.parse(JSON.stringify(shape).replace(UUID, "<uuid>").replace(INTERRUPT_ID, "<interrupt>").replaceAll(file, "<file>")) as unknown;
  });
}

function byThread(output: InspectOutput, file: string) {
  return output.threads.map((thread) => ({ thread: thread.threadId, ns: thread.namespace.split(":")[0], checkpoints: comparable(thread.checkpoints, file) }));
}

describe("the debugger opens ChronographSaver files", () => {
  it("detects the saver's tables as their own kind, with LangGraph.js traits and edits through the saver", async () => {
    expect(detectKind(oursFile)).toBe("chronograph-saver");
    expect(detectKind(theirsFile)).toBe("langgraph-js");
    const opened = await openDatabase(oursFile);
    try {
      expect(opened.source.kind).toBe("chronograph-saver");
      expect(opened.traits.graphCode).toBe("langgraph-js");
      expect(opened.traits.writer).toBe("saver");
    } finally {
      await opened.source.close();
    }
  });

  it("shows in inspect --json what the same run shows on LangGraph's SqliteSaver", async () => {
    const ours = await inspectFile(oursFile);
    const theirs = await inspectFile(theirsFile);
    expect(ours.kind).toBe("chronograph-saver");
    expect(ours.threads.map((thread) => [thread.threadId, thread.namespace.split(":")[0]])).toEqual(theirs.threads.map((thread) => [thread.threadId, thread.namespace.split(":")[0]]));
    // Something of each kind of fact is there to compare.
    const all = ours.threads.flatMap((thread) => thread.checkpoints);
    expect(all.some((view) => view.interrupted.length > 0)).toBe(true);
    expect(all.some((view) => view.errors.length > 0)).toBe(true);
    expect(all.some((view) => view.source === "update")).toBe(true);
    expect(ours.threads.some((thread) => thread.namespace.startsWith("summarize:"))).toBe(true);
    expect(all.some((view) => Array.isArray(view.values.messages) && view.values.messages.length >= 4)).toBe(true);
    expect(byThread(ours, oursFile)).toEqual(byThread(theirs, theirsFile));
  });

  it("refuses another kind of file with a coded error naming it", async () => {
    await expect(SaverSource.open(theirsFile)).rejects.toMatchObject({ code: "NOT_A_CHECKPOINT_DATABASE", message: expect.stringContaining(theirsFile) });
  });
});

describeHistorySource("ChronographSaver file", async () => ({ source: await SaverSource.open(oursFile), cleanup: async () => undefined }));
