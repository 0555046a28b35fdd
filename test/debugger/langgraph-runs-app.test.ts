/**
 * The app's path for LangGraph.js files: load the LangGraph.js module, then startRun replays from a past
 * checkpoint, resumes an interrupt and stops at a breakpoint, all on LangGraph.js in a graph host, with
 * progress relayed as RunEvents; the file is checked afterwards with LangGraph.js's getStateHistory. An
 * edit may choose the node that runs next (goto), and a run from it runs only that node.
 */
import { copyFileSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { essayGraph, ticketGraph } from "../interop/langgraph-graphs.ts";
import { C2, writeScenario } from "../interop/python-scenario.ts";
import { recordRuns } from "./fixtures.ts";

const PROJECTS = resolve("test/fixtures/langgraph-projects/esm");
const ESSAY_STEP1 = "1f1ec4a7-da53-64b0-8001-2a196f3ae8df";
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openCopy(name: string, module: string) {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-lg-app-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, `${name}.sqlite`);
  copyFileSync(resolve("test/fixtures/langgraph-js", `${name}.sqlite`), path);
  const service: DebuggerService = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 50, busyTimeoutMs: 200 });
  cleanups.push(() => service.close());
  const client = createClient(createInMemoryTransport(service));
  const runs = recordRuns(client);
  await client.openDatabase({ path });
  const info = await client.loadGraphModule({ path: module });
  return { path, client, runs, info };
}

describe("running a LangGraph.js file from the app", () => {
  it(
    "replays from a past checkpoint once the module is loaded: node and checkpoint events, then the new branch in LangGraph.js's history",
    async () => {
      const { path, client, runs, info } = await openCopy("fork-update", join(PROJECTS, "essay.ts"));
      expect(info.canRun).toBe(true);
      const { runId } = await client.startRun({ threadId: "essay", checkpointId: ESSAY_STEP1, mode: "replay" });
      const events = await runs.until(runId);
      expect(events.at(-1)).toMatchObject({ type: "finished", status: "done" });
      expect(events.filter((event) => event.type === "node" && event.phase === "end").map((event) => (event as { node: string }).node)).toEqual(["write", "polish"]);
      const written = events.filter((event) => event.type === "checkpoint").map((event) => (event as { checkpointId: string }).checkpointId);
      const history = [];
      for await (const state of essayGraph(SqliteSaver.fromConnString(path)).getStateHistory({ configurable: { thread_id: "essay" } })) history.push(state);
      expect(history[0]!.config.configurable?.checkpoint_id).toBe(written.at(-1));
      expect((events.at(-1) as { checkpointId: string }).checkpointId).toBe(written.at(-1));
      expect(history[2]!.parentConfig?.configurable?.checkpoint_id).toBe(ESSAY_STEP1);
    },
    60_000,
  );

  it(
    "resumes the waiting interrupt with a breakpoint before publish: the run ends interrupted there, then a replay finishes it",
    async () => {
      const { path, client, runs } = await openCopy("hitl-interrupt", join(PROJECTS, "ticket.ts"));
      const first = await client.startRun({ threadId: "ticket-waiting", mode: "resume", resumeValue: { approved: true, comment: "ok" }, breakpoints: ["publish"] });
      const paused = await runs.until(first.runId);
      expect(paused.at(-1)).toMatchObject({ type: "finished" });
      const graph = ticketGraph(SqliteSaver.fromConnString(path));
      expect((await graph.getState({ configurable: { thread_id: "ticket-waiting" } })).next).toEqual(["publish"]);
      const second = await client.startRun({ threadId: "ticket-waiting", mode: "replay" });
      expect((await runs.until(second.runId)).at(-1)).toMatchObject({ type: "finished", status: "done" });
      const state = await graph.getState({ configurable: { thread_id: "ticket-waiting" } });
      expect(String(state.values.published)).toMatch(/^SENT: /);
    },
    60_000,
  );

  it("gives a Python LangGraph file the snippet to run on the user's side, for a checkpoint that exists", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chronograph-lg-app-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "python.sqlite");
    writeScenario(path);
    const service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 50, busyTimeoutMs: 200 });
    cleanups.push(() => service.close());
    const client = createClient(createInMemoryTransport(service));
    await client.openDatabase({ path });
    const { snippet } = await client.pythonSnippet({ threadId: "py-review", checkpointId: C2, values: { facts: ["high"] }, asNode: "gather", resumeValue: true });
    expect(snippet).toContain(`config = {"configurable": { "thread_id": "py-review", "checkpoint_id": "${C2}" }}`);
    expect(snippet).toContain('as_node="gather")');
    expect(snippet).toContain("graph.stream(Command(resume=True), config");
    await expect(client.pythonSnippet({ threadId: "py-review", checkpointId: "nope" })).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND" });
  });

  it(
    "finds the graph in langgraph.json beside the database, loads it only once the folder is trusted, then runs it",
    async () => {
      // Inside the fixture project (its package.json marks the project root), so "../ticket.ts" stays inside it.
      const dir = realpathSync(mkdtempSync(join(PROJECTS, ".tmp-")));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const path = join(dir, "hitl.sqlite");
      copyFileSync(resolve("test/fixtures/langgraph-js/hitl-interrupt.sqlite"), path);
      writeFileSync(join(dir, "langgraph.json"), JSON.stringify({ graphs: { ticket: "../ticket.ts:graph" } }));
      const service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 50, busyTimeoutMs: 200 });
      cleanups.push(() => service.close());
      const client = createClient(createInMemoryTransport(service));
      const runs = recordRuns(client);
      const opened = await client.openDatabase({ path });
      expect(opened).toMatchObject({ canRun: false, trust: { state: "untrusted", configFile: join(dir, "langgraph.json"), modules: [join(PROJECTS, "ticket.ts")] } });
      const trusted = (await client.trustFolder({ folder: dir }))!;
      expect(trusted).toMatchObject({ canRun: true, hasGraphCode: true });
      const { runId } = await client.startRun({ threadId: "ticket-waiting", mode: "resume", resumeValue: { approved: false, comment: "shorter" }, breakpoints: ["review"] });
      expect((await runs.until(runId)).at(-1)).toMatchObject({ type: "finished" });
      const state = await ticketGraph(SqliteSaver.fromConnString(path)).getState({ configurable: { thread_id: "ticket-waiting" } });
      expect(state.values.revision).toBe(1);
      expect(state.next).toEqual(["review"]);
    },
    60_000,
  );
});

describe("loading a LangGraph.js module in the app", () => {
  it(
    "draws and runs a graph exported as a StateGraph builder, or as a function when the export is named",
    async () => {
      for (const exportName of ["builder", "makeGraph"]) {
        const dir = mkdtempSync(join(tmpdir(), "chronograph-lg-app-"));
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        const path = join(dir, "essay.sqlite");
        copyFileSync(resolve("test/fixtures/langgraph-js/fork-update.sqlite"), path);
        const service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 50, busyTimeoutMs: 200 });
        cleanups.push(() => service.close());
        const client = createClient(createInMemoryTransport(service));
        await client.openDatabase({ path });
        expect(await client.loadGraphModule({ path: join(PROJECTS, "essay.ts"), exportName })).toMatchObject({ canRun: true });
        expect((await client.getGraph({ threadId: "essay" })).origin).toBe("code");
      }
    },
    60_000,
  );
});

describe("a LangGraph.js module a CommonJS project cannot read", () => {
  it(
    "fails to load in the app in one line naming the file and export, saying why and how to fix it",
    async () => {
      const { client } = await openCopy("fork-update", join(PROJECTS, "essay.ts"));
      const file = resolve("test/fixtures/langgraph-projects/cjs/esm-syntax.js");
      const failure = client.loadGraphModule({ path: file, exportName: "graph" });
      await expect(failure).rejects.toMatchObject({ code: "GRAPH_MODULE" });
      const message = await failure.catch((error: Error) => error.message);
      expect(message).not.toContain("\n");
      expect(message).toContain(`Graph module "${file}" (export "graph") could not be read in a project without "type": "module"`);
      expect(message).toMatch(/rename it to \.mjs or add "type": "module" to its package\.json\.$/);
    },
    60_000,
  );
});

describe("choosing the loaded LangGraph.js graph for a run", () => {
  it(
    "runs the loaded graph that fits the thread, and a run with only a mismatched module fails listing the differences",
    async () => {
      const { client, runs } = await openCopy("fork-update", join(PROJECTS, "renamed.ts"));
      const refused = await client.startRun({ threadId: "essay", checkpointId: ESSAY_STEP1, mode: "replay" });
      expect((await runs.until(refused.runId)).at(-1)).toMatchObject({ type: "failed", error: { code: "GRAPH_MISMATCH", message: expect.stringContaining('the history ran "write", which the code lacks') } });
      await client.loadGraphModule({ path: join(PROJECTS, "essay.ts"), exportName: "graph" });
      await client.loadGraphModule({ path: join(PROJECTS, "renamed.ts") });
      const { runId } = await client.startRun({ threadId: "essay", checkpointId: ESSAY_STEP1, mode: "replay" });
      expect((await runs.until(runId)).at(-1)).toMatchObject({ type: "finished", status: "done" });
    },
    60_000,
  );
});

describe("a fork with new input on a LangGraph.js file", () => {
  it(
    "starts the graph again from the checkpoint with the input: LangGraph.js writes it as a child of that checkpoint",
    async () => {
      const { path, client, runs } = await openCopy("fork-update", join(PROJECTS, "essay.ts"));
      const { runId } = await client.startRun({ threadId: "essay", checkpointId: ESSAY_STEP1, mode: "fork", input: { title: "coffee" } });
      const events = await runs.until(runId);
      expect(events.at(-1)).toMatchObject({ type: "finished", status: "done" });
      expect(events.filter((event) => event.type === "node" && event.phase === "end").map((event) => (event as { node: string }).node)).toEqual(["outline", "write", "polish"]);
      const history = [];
      for await (const state of essayGraph(SqliteSaver.fromConnString(path)).getStateHistory({ configurable: { thread_id: "essay" } })) history.push(state);
      expect(history[0]!.values.final).toBe("# coffee\n1. Why coffee\n2. How coffee\n3. Conclusion");
      const input = history.find((state) => state.metadata?.source === "input" && state.parentConfig?.configurable?.checkpoint_id === ESSAY_STEP1);
      expect(input?.next).toEqual(["__start__"]);
    },
    60_000,
  );
});

describe("an edit with the next node chosen (goto) on a LangGraph.js file", () => {
  async function history(path: string) {
    const states = [];
    for await (const state of essayGraph(SqliteSaver.fromConnString(path)).getStateHistory({ configurable: { thread_id: "essay" } })) states.push(state);
    return states;
  }

  it(
    "previews and writes the chosen node instead of the node's edge, and LangGraph.js runs only it",
    async () => {
      // ESSAY_STEP1: outline has run, write runs next.
      const { path, client, runs, info } = await openCopy("fork-update", join(PROJECTS, "essay.ts"));
      expect(info).toMatchObject({ canRun: true, canChooseNext: true });
      const edit = { threadId: "essay", checkpointId: ESSAY_STEP1, values: { body: "hand-written body" }, asNode: "outline" };
      expect((await client.previewUpdate(edit)).next).toEqual(["write"]);
      expect((await client.previewUpdate({ ...edit, goto: ["polish"] })).next).toEqual(["polish"]);
      expect((await client.previewUpdate({ ...edit, goto: ["__end__"] })).next).toEqual([]);
      // Choosing the next node alone, with no value changed, is an edit too.
      expect((await client.previewUpdate({ ...edit, values: {}, goto: ["polish"] })).next).toEqual(["polish"]);

      const { checkpointId } = await client.updateState({ ...edit, goto: ["polish"] });
      const [edited] = await history(path);
      expect(edited!.config.configurable?.checkpoint_id).toBe(checkpointId);
      expect(edited!.next).toEqual(["polish"]);
      expect(edited!.parentConfig?.configurable?.checkpoint_id).toBe(ESSAY_STEP1);

      const { runId } = await client.startRun({ threadId: "essay", checkpointId, mode: "replay" });
      const events = await runs.until(runId);
      expect(events.at(-1)).toMatchObject({ type: "finished", status: "done" });
      expect(events.filter((event) => event.type === "node" && event.phase === "end").map((event) => (event as { node: string }).node)).toEqual(["polish"]);
      const [head] = await history(path);
      expect(head!.values.final).toBe("# tea\nhand-written body");
      expect(head!.next).toEqual([]);
      expect(head!.parentConfig?.configurable?.checkpoint_id).toBe(checkpointId);
    },
    60_000,
  );

  it(
    "refuses a goto naming no node of the thread, in one line naming it",
    async () => {
      const { client } = await openCopy("fork-update", join(PROJECTS, "essay.ts"));
      const refused = client.previewUpdate({ threadId: "essay", checkpointId: ESSAY_STEP1, values: { body: "x" }, asNode: "outline", goto: ["publish"] });
      await expect(refused).rejects.toMatchObject({ code: "UNKNOWN_NODE", message: expect.stringMatching(/^Cannot run node "publish" after the edit: thread "essay" of "[^"]+" shows no such node \(nodes: [a-z, ]+\)\.$/) });
    },
    60_000,
  );
});
