/**
 * `chronograph replay | fork | resume` on a LangGraph.js file (the user's LangGraph.js runs it) and on a
 * Chronograph file (the engine runs it): each prints the checkpoints it wrote, and fails in one line.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SqliteSaver as LangGraphSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { runFromCommand } from "../core/debugger/command-runs.ts";
import { SqliteSaver } from "../core/storage/sqlite/index.ts";
import { main } from "../electron/cli/main.ts";
import { createFixture, type Fixture } from "./debugger/fixtures.ts";
import { essayGraph, ticketGraph } from "./interop/langgraph-graphs.ts";
import { C2, writeScenario } from "./interop/python-scenario.ts";

const PROJECT = resolve("test/fixtures/langgraph-projects/esm");
const ESSAY_STEP1 = "1f1ec4a7-da53-64b0-8001-2a196f3ae8df";
const TIMEOUT = 90_000;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-cli-runs-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, `${name}.sqlite`);
  copyFileSync(resolve("test/fixtures/langgraph-js", `${name}.sqlite`), path);
  return path;
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe("chronograph replay / fork / resume", () => {
  it(
    "replays a LangGraph.js thread from a checkpoint with --graph MODULE:export and prints the checkpoints written",
    async () => {
      const database = copyFixture("fork-update");
      const { code, out, err } = await cli(["replay", database, "--thread", "essay", "--checkpoint", ESSAY_STEP1, "--graph", `${PROJECT}/essay.ts:graph`]);
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(out[0]).toBe('Wrote 3 checkpoint(s) to thread "essay":');
      const graph = essayGraph(LangGraphSaver.fromConnString(database));
      const state = await graph.getState({ configurable: { thread_id: "essay" } });
      expect(out.at(-1)).toBe(state.config.configurable?.checkpoint_id);
      expect(state.values.final).toContain("# ");
    },
    TIMEOUT,
  );

  it(
    "forks a LangGraph.js thread with --update and --as-node",
    async () => {
      const database = copyFixture("fork-update");
      const { code, out } = await cli(["fork", database, "--thread", "essay", "--checkpoint", ESSAY_STEP1, "--update", '{"sections":["Only"]}', "--as-node", "outline", "--graph", `${PROJECT}/essay.ts`]);
      expect(code).toBe(0);
      expect(out.length).toBe(4);
      const state = await essayGraph(LangGraphSaver.fromConnString(database)).getState({ configurable: { thread_id: "essay" } });
      expect(state.values.body).toBe("1. Only");
      // The edit branches off the checkpoint given, not the thread's newest.
      const history = [];
      for await (const past of essayGraph(LangGraphSaver.fromConnString(database)).getStateHistory({ configurable: { thread_id: "essay" } })) history.push(past);
      expect(history[2]!.metadata?.source).toBe("update");
      expect(history[2]!.parentConfig?.configurable?.checkpoint_id).toBe(ESSAY_STEP1);
    },
    TIMEOUT,
  );

  it(
    "resumes a LangGraph.js interrupt with the graph from langgraph.json in the working folder (the graph that fits the thread runs)",
    async () => {
      const database = copyFixture("hitl-interrupt");
      const result = await runFromCommand({ database, mode: "resume", threadId: "ticket-waiting", resume: { approved: true, comment: "fine" }, cwd: PROJECT });
      expect(result.written.length).toBeGreaterThanOrEqual(2);
      const state = await ticketGraph(LangGraphSaver.fromConnString(database)).getState({ configurable: { thread_id: "ticket-waiting" } });
      expect(state.next).toEqual([]);
      expect(String(state.values.published)).toMatch(/^SENT: /);
      expect(state.config.configurable?.checkpoint_id).toBe(result.written.at(-1));
    },
    TIMEOUT,
  );

  it(
    "fails in one line, exit code 1, for a mismatched module, a missing graph and bad JSON",
    async () => {
      const database = copyFixture("fork-update");
      const mismatch = await cli(["replay", database, "--thread", "essay", "--graph", `${PROJECT}/renamed.ts`]);
      expect(mismatch.code).toBe(1);
      expect(mismatch.err).toHaveLength(1);
      expect(mismatch.err[0]).toMatch(/^error: Graph "graph" in ".*renamed\.ts" does not match thread "essay": the history ran "write"/);
      const noCode = await runFromCommand({ database, mode: "replay", threadId: "essay", cwd: tmpdir() }).catch((error: Error) => error.message);
      expect(noCode).toMatch(/^No graph code to replay thread "essay" .*pass --graph/);
      const badJson = await cli(["resume", database, "--thread", "essay", "--resume", "{nope"]);
      expect(badJson.code).not.toBe(0);
      expect(badJson.err.join("\n")).toMatch(/--resume <json>.*must be JSON/);
    },
    TIMEOUT,
  );

  it("on a Python LangGraph file, prints the Python to run on the user's side and fails in one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chronograph-cli-runs-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "python.sqlite");
    writeScenario(path);
    const { code, out, err } = await cli(["resume", path, "--thread", "py-review", "--resume", '{"ok":true}']);
    expect(code).toBe(1);
    expect(err).toEqual([`error: "${path}" was written by Python LangGraph, whose nodes Chronograph cannot run: run the Python printed above on your side.`]);
    expect(out.join("\n")).toContain('graph.stream(Command(resume={\n    "ok": True,\n}), config');
    const fork = await cli(["fork", path, "--thread", "py-review", "--checkpoint", C2, "--update", '{"facts":[]}', "--as-node", "gather"]);
    expect(fork.out.join("\n")).toContain(`"checkpoint_id": "${C2}"`);
    expect(fork.out.join("\n")).toContain('update_state(config, {\n    "facts": [],\n}, as_node="gather")');
  });

  describe("on a Chronograph file", () => {
    let fixture: Fixture;

    it(
      "resumes the waiting interrupt, replays a finished thread from its first checkpoint, and forks with an update as a node",
      async () => {
        fixture = await createFixture();
        cleanups.push(() => fixture.cleanup());
        const resumed = await cli(["resume", fixture.db, "--thread", "waiting", "--resume", '"yes"', "--graph", `${fixture.module}:reviewGraph`]);
        expect(resumed.err).toEqual([]);
        expect(resumed.code).toBe(0);
        const store = SqliteSaver.open(fixture.db, { readonly: true });
        cleanups.push(() => store.close());
        const [newest] = await store.list("waiting", { limit: 1 });
        expect(resumed.out.at(-1)).toBe(newest!.record.checkpointId);
        expect(newest!.values.notes).toContain("approval: yes");

        const first = (await store.list("quick")).at(-1)!.record.checkpointId;
        const replayed = await cli(["replay", fixture.db, "--thread", "quick", "--checkpoint", first, "--graph", fixture.module]);
        expect(replayed.code).toBe(0);
        expect(replayed.out[0]).toMatch(/^Wrote [1-9]\d* checkpoint\(s\) to thread "quick":$/);

        // Fork "approved" at its first step's checkpoint: the edit is written as research, whose router then picks publish.
        const afterResearch = (await store.list("approved")).reverse().find((tuple) => tuple.record.step === 0)!.record.checkpointId;
        const forked = await cli(["fork", fixture.db, "--thread", "approved", "--checkpoint", afterResearch, "--update", '{"topic":"quick fix"}', "--as-node", "research", "--graph", `${fixture.module}:reviewGraph`]);
        expect(forked.err).toEqual([]);
        expect(forked.code).toBe(0);
        const [forkHead] = await store.list("approved", { limit: 1 });
        expect(forked.out.at(-1)).toBe(forkHead!.record.checkpointId);
        expect(forkHead!.values.notes).toContain("published quick fix");
      },
      TIMEOUT,
    );
  });
});
