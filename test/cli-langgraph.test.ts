/**
 * `chronograph inspect` on LangGraph databases, as users run it (a child process of bin/chronograph.js):
 * the JSON LangGraph.js's own history matches, newest first, and a readable summary per thread that
 * names what it could not read. The fixtures are copied first, and the copies are left untouched.
 */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InspectOutput } from "../core/api/types.ts";
import { checksums, copyFixture, expectedOf, tempDir } from "./interop/helpers.ts";

const BIN = join(import.meta.dirname, "..", "bin", "chronograph.js");
const CHECKPOINT_FIELDS = ["checkpointId", "parentId", "step", "source", "writers", "next", "tasks", "pendingWrites", "values"];

function chronograph(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir("chronograph-cli-langgraph-");
});
afterEach(() => temp.cleanup());

describe("chronograph inspect on a LangGraph.js database", () => {
  it("prints { kind, threads: [ { threadId, namespace, checkpoints } ] } as LangGraph.js's history, newest first", () => {
    const file = copyFixture("hitl-interrupt.sqlite", temp.dir);
    const before = checksums(file);
    const { code, stdout, stderr } = chronograph("inspect", file, "--json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as InspectOutput;
    expect(Object.keys(output).sort()).toEqual(["kind", "threads"]);
    expect(output.kind).toBe("langgraph-js");

    const expected = expectedOf("hitl-interrupt.sqlite");
    expect(output.threads.map((thread) => [thread.threadId, thread.namespace])).toEqual(expected.namespaces.map((ns) => [ns.thread_id, ns.checkpoint_ns]).sort());
    for (const thread of output.threads) {
      const ns = expected.namespaces.find((candidate) => candidate.thread_id === thread.threadId)!;
      for (const checkpoint of thread.checkpoints) for (const field of CHECKPOINT_FIELDS) expect(checkpoint).toHaveProperty(field);
      expect(thread.checkpoints.map((checkpoint) => [checkpoint.checkpointId, checkpoint.parentId, checkpoint.step, checkpoint.source, checkpoint.writers, checkpoint.next, checkpoint.values])).toEqual(
        ns.checkpoints.map((checkpoint) => [checkpoint.checkpoint_id, checkpoint.parent_checkpoint_id, checkpoint.step, checkpoint.source, checkpoint.writers, checkpoint.next, checkpoint.values]),
      );
    }
    const waiting = output.threads.find((thread) => thread.threadId === "ticket-waiting")!;
    expect(waiting.checkpoints[0]!.tasks[0]).toMatchObject({ name: "review", interrupts: [{ value: { question: "Approve this reply?" } }] });
    expect(checksums(file)).toEqual(before);
  });

  it("prints a readable summary per thread without --json", () => {
    const file = copyFixture("hitl-interrupt.sqlite", temp.dir);
    const { code, stdout } = chronograph("inspect", file);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(`${file}: LangGraph.js database, 3 threads`);
    expect(stdout).toMatch(/thread ticket-approved: 5 checkpoints/);
    expect(stdout).toMatch(/thread ticket-rejected-then-approved: 7 checkpoints/);
    expect(stdout).toMatch(/thread ticket-waiting: 3 checkpoints\n\s+step\s+1\s+loop\s+draft\s+-> review\s+\S+\s+\[waiting at review\]/);
  });

  it("names what it could not read under the checkpoint it belongs to", () => {
    const file = copyFixture("fork-update.sqlite", temp.dir);
    const db = new Database(file);
    const root = db.prepare("SELECT checkpoint_id FROM checkpoints WHERE parent_checkpoint_id IS NULL").pluck().get() as string;
    db.prepare("DELETE FROM checkpoints WHERE checkpoint_id = ?").run(root);
    db.close();
    const { code, stdout } = chronograph("inspect", file);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`\\n\\s+warning: [^\\n]*${root}`));
  });
});
