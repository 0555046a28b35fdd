/**
 * Running the loaded graph code from the debugger: replay and fork from a checkpoint, resume an
 * interrupt, stop before nodes, stop a run in flight; and loading graph code that does not fit.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DebuggerClient } from "../../core/api/client.ts";
import { createFixture, recordRuns, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

async function openWithCode() {
  const { client, service } = fixture.open();
  await client.openDatabase({ path: fixture.db });
  const info = await client.loadGraphModule({ path: fixture.module });
  return { client, service, info, runs: recordRuns(client) };
}

/**
 * Load a module with the ticker's topology (so it matches the database) and `tick` as its node's code,
 * then replay thread "count" from its input with it; resolves to the run's id.
 */
async function replayCountWith(client: DebuggerClient, name: string, tick: string): Promise<string> {
  const file = join(fixture.dir, name);
  writeFileSync(
    file,
    `import { StateGraph, lastValue, START, END } from ${JSON.stringify(join(import.meta.dirname, "../../core/index.ts"))};\n` +
      `export const graph = new StateGraph({ name: "ticker", channels: { count: lastValue(0), limit: lastValue(1) } })\n` +
      `  .addNode("tick", ${tick}).addEdge(START, "tick")\n` +
      `  .addConditionalEdges("tick", (s) => (s.count >= s.limit ? END : "tick"), ["tick", END]).compile();\n`,
  );
  await client.loadGraphModule({ path: file, exportName: "graph" });
  const input = (await client.getTimeline({ threadId: "count" })).at(-1)!;
  return (await client.startRun({ threadId: "count", checkpointId: input.checkpointId, mode: "replay" })).runId;
}

describe("runs", () => {
  it("loads a module exporting several graphs and enables runs", async () => {
    const { info, client } = await openWithCode();
    expect(info).toMatchObject({ canRun: true });
    expect(info.runUnavailableReason).toBeUndefined();
    expect((await client.getGraph({ threadId: "count" })).origin).toBe("code");
  });

  it("replays from a past checkpoint as a new branch, streaming nodes and checkpoints", async () => {
    const { client, runs } = await openWithCode();
    const timeline = await client.getTimeline({ threadId: "quick" });
    const input = timeline.at(-1)!;
    const { runId } = await client.startRun({ threadId: "quick", checkpointId: input.checkpointId, mode: "replay" });
    const events = await runs.until(runId);
    expect(events.map((event) => (event.type === "node" ? `${event.node}:${event.phase}` : event.type))).toEqual([
      "started",
      "checkpoint",
      "research:start",
      "research:end",
      "checkpoint",
      "publish:start",
      "publish:end",
      "checkpoint",
      "finished",
    ]);
    expect(events.at(-1)).toMatchObject({ type: "finished", status: "done" });
    const after = await client.getTimeline({ threadId: "quick" });
    expect(after.length).toBe(timeline.length + 3);
    const fork = after.find((entry) => entry.source === "fork")!;
    expect(fork.parentId).toBe(input.checkpointId);
    expect((await client.listThreads({ query: "quick" })).rows[0]!.branchCount).toBe(2);
  });

  it("forks with new input: the graph starts again from the checkpoint with it, as a new branch", async () => {
    const { client, runs } = await openWithCode();
    const timeline = await client.getTimeline({ threadId: "quick" });
    const head = timeline[0]!;
    await expect(client.startRun({ threadId: "quick", checkpointId: head.checkpointId, mode: "replay", input: { topic: "quick other" } })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    const { runId } = await client.startRun({ threadId: "quick", checkpointId: head.checkpointId, mode: "fork", input: { topic: "quick second" } });
    expect((await runs.until(runId)).at(-1)).toMatchObject({ type: "finished", status: "done" });
    const after = await client.getTimeline({ threadId: "quick" });
    const input = after.find((entry) => entry.source === "input" && entry.parentId === head.checkpointId)!;
    expect(input).toBeDefined();
    const [newest] = after;
    const state = await client.getCheckpoint({ threadId: "quick", checkpointId: newest!.checkpointId });
    expect(state.values.topic).toBe("quick second");
    // The head kept its notes (an append channel) and the new input ran research and publish again.
    expect(state.values.notes).toEqual(["research quick note", "published quick note", "research quick second", "published quick second"]);
  });

  it("forks from an edited checkpoint and runs the edit through the graph", async () => {
    const { client, runs } = await openWithCode();
    const [head] = await client.getTimeline({ threadId: "waiting" });
    const edit = await client.updateState({ threadId: "waiting", checkpointId: head!.checkpointId, values: { approved: true, notes: ["approved by hand"] }, asNode: "approve" });
    const { runId } = await client.startRun({ threadId: "waiting", checkpointId: edit.checkpointId, mode: "fork" });
    expect((await runs.until(runId)).at(-1)).toMatchObject({ type: "finished", status: "done" });
    const [done] = await client.getTimeline({ threadId: "waiting" });
    const view = await client.getCheckpoint({ threadId: "waiting", checkpointId: done!.checkpointId });
    expect(view.values.notes).toEqual(["research launch plan", "approved by hand", "published launch plan"]);
  });

  it("resumes an interrupt with the user's value", async () => {
    const { client, runs } = await openWithCode();
    const { runId } = await client.startRun({ threadId: "waiting", mode: "resume", resumeValue: "no" });
    expect((await runs.until(runId)).at(-1)).toMatchObject({ type: "finished", status: "done" });
    const [done] = await client.getTimeline({ threadId: "waiting" });
    const view = await client.getCheckpoint({ threadId: "waiting", checkpointId: done!.checkpointId });
    expect(view.values).toMatchObject({ approved: false, notes: ["research launch plan", "approval: no", "published launch plan"] });
    await expect(client.startRun({ threadId: "quick", mode: "resume", resumeValue: 1 })).rejects.toMatchObject({ code: "NOTHING_TO_RESUME", message: expect.stringContaining('"quick"') });
  });

  it("reports a node's failure on the node and ends the run in error", async () => {
    const { client, runs } = await openWithCode();
    const [head] = await client.getTimeline({ threadId: "waiting" });
    const edit = await client.updateState({ threadId: "waiting", checkpointId: head!.checkpointId, values: { topic: "explode" }, asNode: "approve" });
    const { runId } = await client.startRun({ threadId: "waiting", checkpointId: edit.checkpointId, mode: "replay" });
    const events = await runs.until(runId);
    expect(events).toContainEqual(expect.objectContaining({ type: "node", node: "publish", phase: "error", message: "CMS unavailable" }));
    expect(events.at(-1)).toMatchObject({ type: "finished", status: "error" });
    expect((await client.getTimeline({ threadId: "waiting" }))[0]).toMatchObject({ checkpointId: edit.checkpointId, errors: ["publish"] });
  });

  it("stops before a breakpoint node, then goes on when replayed", async () => {
    const { client, runs } = await openWithCode();
    const input = (await client.getTimeline({ threadId: "quick" })).at(-1)!;
    const first = await client.startRun({ threadId: "quick", checkpointId: input.checkpointId, mode: "replay", breakpoints: ["publish"] });
    expect((await runs.until(first.runId)).at(-1)).toMatchObject({ type: "finished", status: "interrupted" });
    const [stopped] = await client.getTimeline({ threadId: "quick" });
    expect(stopped).toMatchObject({ next: ["publish"], interrupted: [], breakpoint: { when: "before", nodes: ["publish"] } });
    const second = await client.startRun({ threadId: "quick", checkpointId: stopped!.checkpointId, mode: "replay" });
    expect((await runs.until(second.runId)).at(-1)).toMatchObject({ type: "finished", status: "done" });
    await expect(client.startRun({ threadId: "quick", mode: "replay", breakpoints: ["nowhere"] })).rejects.toMatchObject({ code: "UNKNOWN_NODE" });
  });

  it("stops a run in flight when asked", async () => {
    const { client, runs } = await openWithCode();
    const input = (await client.getTimeline({ threadId: "count" })).at(-1)!;
    const slow = await client.updateState({ threadId: "count", checkpointId: input.checkpointId, values: { limit: 1000 }, asNode: "__start__" });
    const { runId } = await client.startRun({ threadId: "count", checkpointId: slow.checkpointId, mode: "replay" });
    await runs.until(runId, (event) => event.type === "node" && event.phase === "start");
    await expect(client.startRun({ threadId: "count", mode: "replay" })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringContaining("in flight") });
    expect(await client.stopRun({ runId })).toEqual({ stopped: true });
    expect((await runs.until(runId)).at(-1)).toMatchObject({ type: "failed", error: { code: "RUN_ABORTED" } });
    expect(await client.stopRun({ runId })).toEqual({ stopped: false });
  });

  it("ends a run whose node calls process.exit with a coded error naming module, node and thread, and keeps answering", async () => {
    const { client, runs } = await openWithCode();
    // A node that takes its whole process down (the graph host, not the backend).
    const runId = await replayCountWith(client, "exiting.mts", "() => process.exit(3)");
    const events = await runs.until(runId);
    expect(events.at(-1)).toMatchObject({ type: "failed", error: { code: "GRAPH_PROCESS" } });
    const { message } = (events.at(-1) as { error: { message: string } }).error;
    expect(message).toMatch(/exiting\.mts.*exited with code 3 while running node "tick" of thread "count"/);
    expect(message).not.toContain("\n");
    expect((await client.listThreads({})).rows.map((row) => row.threadId)).toContain("count");
    // The next run starts a fresh graph host.
    const review = (await client.getTimeline({ threadId: "quick" })).at(-1)!;
    const next = await client.startRun({ threadId: "quick", checkpointId: review.checkpointId, mode: "replay" });
    expect((await runs.until(next.runId)).at(-1)).toMatchObject({ type: "finished", status: "done" });
  });

  it("kills a graph process that does not stop when asked, and ends the run as stopped", async () => {
    const { client, runs } = await openWithCode();
    // A node that never yields, so it cannot see the abort.
    const runId = await replayCountWith(client, "stuck.mts", "() => { for (;;) {} }");
    await runs.until(runId, (event) => event.type === "checkpoint");
    expect(await client.stopRun({ runId })).toEqual({ stopped: true });
    expect((await runs.until(runId)).at(-1)).toMatchObject({ type: "failed", error: { code: "RUN_ABORTED" } });
    expect((await client.listThreads({})).rows.map((row) => row.threadId)).toContain("count");
  });

  it("refuses to run without graph code, saying how to load it", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    await expect(client.startRun({ threadId: "quick", mode: "replay" })).rejects.toMatchObject({ code: "GRAPH_MODULE", message: expect.stringContaining('graph "review"') });
  });
});

describe("loading graph code", () => {
  it("names the file when a module is missing, fails to load, or exports no graph", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const missing = join(fixture.dir, "missing.ts");
    await expect(client.loadGraphModule({ path: missing })).rejects.toMatchObject({ code: "GRAPH_MODULE", message: expect.stringContaining(missing) });
    const broken = join(fixture.dir, "broken.mts");
    writeFileSync(broken, "throw new Error('cannot start without API_KEY');\nexport {};\n");
    await expect(client.loadGraphModule({ path: broken })).rejects.toMatchObject({ code: "GRAPH_MODULE", message: expect.stringMatching(/broken\.mts.*API_KEY/) });
    const empty = join(fixture.dir, "empty.mts");
    writeFileSync(empty, "export const answer = 42;\n");
    await expect(client.loadGraphModule({ path: empty })).rejects.toMatchObject({ code: "GRAPH_MODULE", message: expect.stringContaining("exports no compiled graph") });
    await expect(client.loadGraphModule({ path: fixture.module, exportName: "answer" })).rejects.toMatchObject({ code: "GRAPH_MODULE" });
    expect((await client.getDatabase({}))!.canRun).toBe(false);
  });

  it("refuses a graph whose topology differs from the one that wrote the database, naming both", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const edited = join(fixture.dir, "edited.mts");
    writeFileSync(
      edited,
      `import { StateGraph, lastValue, START, END } from ${JSON.stringify(join(import.meta.dirname, "../../core/index.ts"))};\n` +
        `export const graph = new StateGraph({ name: "ticker", channels: { count: lastValue(0), limit: lastValue(1), extra: lastValue(0) } })\n` +
        `  .addNode("tick", (s) => ({ count: s.count + 1 })).addEdge(START, "tick").addEdge("tick", END).compile();\n` +
        `export const other = new StateGraph({ name: "unrelated", channels: { x: lastValue(0) } }).addNode("a", () => ({})).addEdge(START, "a").addEdge("a", END).compile();\n`,
    );
    await expect(client.loadGraphModule({ path: edited, exportName: "graph" })).rejects.toMatchObject({ code: "GRAPH_MISMATCH", message: expect.stringMatching(/Graph "ticker".*edited\.mts.*topology/) });
    await expect(client.loadGraphModule({ path: edited, exportName: "other" })).rejects.toMatchObject({ code: "GRAPH_MISMATCH", message: expect.stringMatching(/"unrelated".*"(ticker|review)"/) });
  });

  it("loads the modules named in chronograph.config.json beside the database once its folder is trusted", async () => {
    writeFileSync(join(fixture.dir, "chronograph.config.json"), JSON.stringify({ graphs: { review: { module: "./graphs.mts", export: "reviewGraph" } } }));
    const { client } = fixture.open();
    expect((await client.openDatabase({ path: fixture.db })).canRun).toBe(false);
    const info = await client.trustFolder({ folder: fixture.dir });
    expect(info?.canRun).toBe(true);
    expect((await client.getGraph({ threadId: "quick" })).origin).toBe("code");
    expect((await client.getGraph({ threadId: "count" })).origin).toBe("stored");
  });

  it("opens the database anyway when its config is wrong, and says why runs are off", async () => {
    writeFileSync(join(fixture.dir, "chronograph.config.json"), "{ not json");
    const { client } = fixture.open();
    const info = await client.openDatabase({ path: fixture.db });
    expect(info).toMatchObject({ canRun: false, threadCount: 4 });
    expect(info.runUnavailableReason).toMatch(/chronograph\.config\.json.*not valid JSON/);
  });
});
