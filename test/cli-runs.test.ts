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

    it(
      "forks with --input: a new branch from the checkpoint starts again with the input, and bad input is one coded line with nothing written",
      async () => {
        fixture = await createFixture();
        cleanups.push(() => fixture.cleanup());
        const graph = `${fixture.module}:reviewGraph`;
        const store = SqliteSaver.open(fixture.db, { readonly: true });
        cleanups.push(() => store.close());
        const afterResearch = (await store.list("approved")).reverse().find((tuple) => tuple.record.step === 0)!.record.checkpointId;
        const count = async () => (await store.list("approved")).length;
        const before = await count();

        const badJson = await cli(["fork", fixture.db, "--thread", "approved", "--checkpoint", afterResearch, "--input", "{nope", "--graph", graph]);
        expect(badJson.code).not.toBe(0);
        expect(badJson.err).toHaveLength(1);
        expect(badJson.err[0]).toMatch(/--input <json>.*must be JSON/);
        const notObject = await cli(["fork", fixture.db, "--thread", "approved", "--checkpoint", afterResearch, "--input", "[1]", "--graph", graph]);
        expect(notObject.err).toEqual([expect.stringMatching(/--input <json>.*must be a JSON object of channel values/)]);
        // Checked by the contract's schema, as the app's input is: a channel name longer than any channel's.
        const longKey = await cli(["fork", fixture.db, "--thread", "approved", "--checkpoint", afterResearch, "--input", JSON.stringify({ ["k".repeat(300)]: 1 }), "--graph", graph]);
        expect(longKey.err).toEqual([expect.stringMatching(/^error: fork --input for thread "approved" of ".*": input/)]);
        const unknown = await cli(["fork", fixture.db, "--thread", "approved", "--checkpoint", afterResearch, "--input", '{"colour":"red"}', "--graph", graph]);
        expect(unknown.code).toBe(1);
        expect(unknown.err).toEqual([expect.stringMatching(/^error: fork --input: graph "review" has no channel "colour" \(thread "approved" of ".*"; channels: topic, notes, approved, score\)\.$/)]);
        const both = await cli(["fork", fixture.db, "--thread", "approved", "--checkpoint", afterResearch, "--input", '{"topic":"a"}', "--update", '{"topic":"b"}', "--graph", graph]);
        expect(both.code).toBe(1);
        expect(both.err).toEqual([expect.stringMatching(/^error: fork: give --update .* or --input .* for thread "approved" .*, not both\.$/)]);
        const neither = await cli(["fork", fixture.db, "--thread", "approved", "--checkpoint", afterResearch, "--graph", graph]);
        expect(neither.err).toEqual([expect.stringMatching(/^error: fork: give --update JSON .* or --input JSON/)]);
        expect(await count()).toBe(before);

        const forked = await cli(["fork", fixture.db, "--thread", "approved", "--checkpoint", afterResearch, "--input", '{"topic":"quick input"}', "--graph", graph]);
        expect(forked.err).toEqual([]);
        expect(forked.code).toBe(0);
        const written = forked.out.slice(1);
        expect(forked.out[0]).toBe(`Wrote ${written.length} checkpoint(s) to thread "approved":`);
        // The input is the new branch's first checkpoint, a child of the checkpoint given; the run starts from START with it.
        const first = (await store.getTuple("approved", written[0]!))!.record;
        expect(first.parentId).toBe(afterResearch);
        expect(first.source).toBe("input");
        const head = (await store.getTuple("approved", written.at(-1)!))!;
        expect(head.values.topic).toBe("quick input");
        expect(head.values.notes).toEqual(expect.arrayContaining(["research quick input", "published quick input"]));
        expect((await store.list("approved", { limit: 1 }))[0]!.record.checkpointId).toBe(written.at(-1));
      },
      TIMEOUT,
    );
  });
});
