/**
 * Runs of real LangGraph.js graphs with LangGraph.js itself, in a graph host, on copies of the
 * LangGraph.js fixtures: replay, fork, resume and breakpoints, checked afterwards with LangGraph.js's own
 * getStateHistory; and the bad modules (CommonJS project, mismatched nodes, a throw while loading).
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { runInGraphHost } from "../../core/debugger/graph-host/host.ts";
import type { HostRunEvent, LangGraphRunJob } from "../../core/debugger/graph-host/protocol.ts";
import { essayGraph, ticketGraph } from "../interop/langgraph-graphs.ts";

const FIXTURES = resolve("test/fixtures/langgraph-js");
const PROJECTS = resolve("test/fixtures/langgraph-projects");
const dirs: string[] = [];

function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-lg-runs-"));
  dirs.push(dir);
  const path = join(dir, `${name}.sqlite`);
  copyFileSync(join(FIXTURES, `${name}.sqlite`), path);
  return path;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of a fixture module's graph writing to a new LangGraph.js file in a temp folder, to seed a thread. */
function onNewFile<G extends { withConfig(config: object): unknown; checkpointer?: unknown }>(graph: G): { database: string; seeded: G } {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-lg-runs-"));
  dirs.push(dir);
  const database = join(dir, "seeded.sqlite");
  const seeded = graph.withConfig({}) as G;
  seeded.checkpointer = SqliteSaver.fromConnString(database);
  return { database, seeded };
}

async function run(job: Omit<LangGraphRunJob, "kind">) {
  const events: HostRunEvent[] = [];
  const result = await runInGraphHost({ kind: "run-langgraph", ...job }, { onEvent: (event) => events.push(event) });
  return { ...result, events };
}

/** Each checkpoint of the thread, newest first, as LangGraph.js itself reads it. */
async function history(database: string, threadId: string, graph: "essay" | "ticket") {
  const saver = SqliteSaver.fromConnString(database);
  const compiled = graph === "essay" ? essayGraph(saver) : ticketGraph(saver);
  const states = [];
  for await (const state of compiled.getStateHistory({ configurable: { thread_id: threadId } })) states.push(state);
  return states;
}

const ESSAY_STEP1 = "1f1ec4a7-da53-64b0-8001-2a196f3ae8df"; // after outline, before write
const TIMEOUT = 60_000;

describe("LangGraph.js runs in a graph host", () => {
  it(
    "replays from a past checkpoint: LangGraph.js's history shows the new branch off it",
    async () => {
      const database = copyFixture("fork-update");
      const before = await history(database, "essay", "essay");
      const result = await run({ database, file: join(PROJECTS, "esm/essay.ts"), exportName: "graph", threadId: "essay", mode: "replay", checkpointId: ESSAY_STEP1 });
      // LangGraph.js 1.x first copies the checkpoint replayed from (source "fork"), then runs write and polish.
      expect(result.written.length).toBe(3);
      expect(result.warnings).toEqual([]);
      expect(result.events.filter((event) => event.type === "node" && event.phase === "start").map((event) => (event as { node: string }).node)).toEqual(["write", "polish"]);
      const after = await history(database, "essay", "essay");
      expect(after.length).toBe(before.length + 3);
      const newest = after[0]!;
      expect(newest.config.configurable?.checkpoint_id).toBe(result.written.at(-1));
      expect(after.slice(0, 3).map((state) => state.config.configurable?.checkpoint_id)).toEqual([...result.written].reverse());
      expect(after[2]!.parentConfig?.configurable?.checkpoint_id).toBe(ESSAY_STEP1);
      expect(newest.values.final).toBe("# the moon\n1. Why the moon\n2. How the moon\n3. Conclusion".replace(/the moon/g, String(newest.values.title)));
      expect(newest.next).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "forks with an update as a node (builder export), then continues on the edited state",
    async () => {
      const database = copyFixture("fork-update");
      const result = await run({ database, file: join(PROJECTS, "esm/essay.ts"), exportName: "builder", threadId: "essay", mode: "fork", checkpointId: ESSAY_STEP1, update: { sections: ["Only one"] }, asNode: "outline" });
      expect(result.written.length).toBe(3);
      const [newest, , edit] = await history(database, "essay", "essay");
      expect(edit!.metadata?.source).toBe("update");
      expect(edit!.parentConfig?.configurable?.checkpoint_id).toBe(ESSAY_STEP1);
      expect(newest!.values.body).toBe("1. Only one");
      expect(newest!.config.configurable?.checkpoint_id).toBe(result.written.at(-1));
    },
    TIMEOUT,
  );

  it(
    "resumes a waiting interrupt with Command({ resume }) and stops at a breakpoint before a node",
    async () => {
      const database = copyFixture("hitl-interrupt");
      const file = join(PROJECTS, "esm/ticket.ts");
      const paused = await run({ database, file, threadId: "ticket-waiting", mode: "resume", resume: { approved: true, comment: "ok" }, interruptBefore: ["publish"] });
      expect(paused.written.length).toBe(1);
      let [newest] = await history(database, "ticket-waiting", "ticket");
      expect(newest!.next).toEqual(["publish"]);
      expect(newest!.values.decision).toEqual({ approved: true, comment: "ok" });
      // Continue from the breakpoint: a replay of the newest checkpoint.
      const finished = await run({ database, file, threadId: "ticket-waiting", mode: "replay" });
      expect(finished.written.length).toBe(1);
      [newest] = await history(database, "ticket-waiting", "ticket");
      expect(newest!.next).toEqual([]);
      expect(String(newest!.values.published)).toMatch(/^SENT: Dear customer/);
    },
    TIMEOUT,
  );

  it(
    "loads a TypeScript module of a CommonJS project (a function returning the compiled graph)",
    async () => {
      const database = copyFixture("fork-update");
      const result = await run({ database, file: join(PROJECTS, "cjs/essay.ts"), exportName: "makeGraph", threadId: "essay", mode: "replay", checkpointId: ESSAY_STEP1 });
      expect(result.exportName).toBe("makeGraph");
      expect(result.written.length).toBe(3);
    },
    TIMEOUT,
  );

  it(
    "refuses ESM syntax in a CommonJS project's .js file in one line naming the file, the export and the fix",
    async () => {
      const database = copyFixture("fork-update");
      const file = join(PROJECTS, "cjs/esm-syntax.js");
      const failure = run({ database, file, exportName: "graph", threadId: "essay", mode: "replay" });
      await expect(failure).rejects.toMatchObject({ code: "GRAPH_MODULE" });
      const message = await failure.catch((error: Error) => error.message);
      expect(message).not.toContain("\n");
      expect(message).toContain(file);
      expect(message).toContain('export "graph"');
      expect(message).toMatch(/CommonJS by default.*rename it to \.ts or \.mts.*add "type": "module" to its package.json\.$/);
    },
    TIMEOUT,
  );

  it(
    "refuses a module whose nodes differ from the history before running, listing the differences",
    async () => {
      const database = copyFixture("fork-update");
      const before = (await history(database, "essay", "essay")).length;
      const failure = run({ database, file: join(PROJECTS, "esm/renamed.ts"), threadId: "essay", mode: "replay", checkpointId: ESSAY_STEP1 });
      await expect(failure).rejects.toMatchObject({ code: "GRAPH_MISMATCH" });
      const message = await failure.catch((error: Error) => error.message);
      expect(message).toContain('the history ran "write", which the code lacks; the code has "draft", which the history never ran');
      expect((await history(database, "essay", "essay")).length).toBe(before);
    },
    TIMEOUT,
  );

  it(
    "a module that throws while loading fails in one line naming the file and the error",
    async () => {
      const database = copyFixture("fork-update");
      const file = join(PROJECTS, "esm/throws.ts");
      const message = await run({ database, file, threadId: "essay", mode: "replay" }).catch((error: Error) => error.message);
      expect(message).toBe(`Graph module "${file}" failed to load: OPENAI_API_KEY is not set`);
    },
    TIMEOUT,
  );

  it(
    "stops a run through its AbortSignal: the job ends with RUN_ABORTED and the node's step is not written",
    async () => {
      const { graph } = await import("../fixtures/langgraph-projects/esm/slow.ts");
      const { database, seeded } = onNewFile(graph);
      await seeded.invoke({ count: 0 }, { configurable: { thread_id: "slow" }, interruptBefore: ["wait"] });

      const controller = new AbortController();
      const started = new Promise<void>((resolveStarted) => {
        void runInGraphHost(
          { kind: "run-langgraph", database, file: join(PROJECTS, "esm/slow.ts"), threadId: "slow", mode: "replay" },
          { signal: controller.signal, onEvent: (event) => event.type === "node" && event.phase === "start" && resolveStarted() },
        ).then(
          () => outcome.push("finished"),
          (error: { code?: string }) => outcome.push(error.code ?? "?"),
        );
      });
      const outcome: string[] = [];
      await started;
      controller.abort();
      await expect.poll(() => outcome, { timeout: 30_000 }).toEqual(["RUN_ABORTED"]);
      const after = await seeded.getState({ configurable: { thread_id: "slow" } });
      expect(after.values.count).toBe(0);
      expect(after.next).toEqual(["wait"]);
    },
    TIMEOUT,
  );

  it(
    "resumes two waiting interrupts at once with a map of interrupt ids to values",
    async () => {
      const { graph } = await import("../fixtures/langgraph-projects/esm/two-questions.ts");
      const { database, seeded } = onNewFile(graph);
      const config = { configurable: { thread_id: "two" } };
      await seeded.invoke({ answers: [] }, config);
      const waiting = (await seeded.getState(config)).tasks.flatMap((task) => task.interrupts.map((pending) => ({ node: task.name, id: pending.id! })));
      expect(waiting.map((pending) => pending.node).sort()).toEqual(["ask_city", "ask_name"]);
      const resume = Object.fromEntries(waiting.map((pending) => [pending.id, pending.node === "ask_name" ? "Ada" : "Paris"]));
      const result = await run({ database, file: join(PROJECTS, "esm/two-questions.ts"), threadId: "two", mode: "resume", resume });
      expect(result.written.length).toBeGreaterThanOrEqual(1);
      const state = await seeded.getState(config);
      expect(state.next).toEqual([]);
      expect([...(state.values.answers as string[])].sort()).toEqual(["city=Paris", "name=Ada"]);
    },
    TIMEOUT,
  );
});
