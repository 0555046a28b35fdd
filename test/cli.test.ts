/**
 * The `chronograph` command as users run it: a child process of bin/chronograph.js. Output shapes,
 * one-line errors with a non-zero exit, and web mode printing a URL that works.
 */
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InspectOutput } from "../core/api/types.ts";
import { createFixture, type Fixture } from "./debugger/fixtures.ts";

const BIN = join(import.meta.dirname, "..", "bin", "chronograph.js");

function chronograph(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

describe("chronograph inspect", () => {
  it("prints every thread with its checkpoints, newest first, as JSON", () => {
    const { code, stdout } = chronograph("inspect", fixture.db, "--json");
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as InspectOutput;
    expect(output.kind).toBe("chronograph");
    expect(output.threads.map((thread) => thread.threadId).sort()).toEqual(["approved", "count", "quick", "waiting"]);
    const quick = output.threads.find((thread) => thread.threadId === "quick")!;
    expect(quick.namespace).toBe("");
    expect(quick.checkpoints.map((checkpoint) => checkpoint.step)).toEqual([1, 0, -1]);
    for (const checkpoint of quick.checkpoints) {
      for (const field of ["checkpointId", "parentId", "step", "source", "writers", "next", "tasks", "pendingWrites", "values"]) expect(checkpoint).toHaveProperty(field);
    }
    expect(quick.checkpoints[0]).toMatchObject({ writers: ["publish"], next: [], values: { topic: "quick note", notes: ["research quick note", "published quick note"] } });
    const waiting = output.threads.find((thread) => thread.threadId === "waiting")!;
    expect(waiting.checkpoints[0]!.tasks[0]!.interrupts[0]!.value).toEqual({ question: "publish launch plan?" });
  });

  it("prints a readable summary per thread without --json", () => {
    const { code, stdout } = chronograph("inspect", fixture.db);
    expect(code).toBe(0);
    expect(stdout).toContain("4 threads");
    expect(stdout).toMatch(/thread waiting: 2 checkpoints/);
    expect(stdout).toMatch(/waiting at approve/);
  });
});

describe("bad arguments", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["a port that is not a number", ["--port", "http", "--no-open", "--web"], /--port/],
    ["an unknown option", ["--frobnicate"], /unknown option/],
    ["inspect without a file", ["inspect"], /missing required argument/],
    ["a missing file", ["inspect", "/definitely/not/here.db"], /does not exist/],
  ];
  for (const [name, args, message] of cases) {
    it(`answers ${name} with one line and a non-zero exit`, () => {
      const { code, stderr } = chronograph(...args);
      expect(code).not.toBe(0);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("answers a file that is not a checkpoint database with its name", () => {
    const text = join(fixture.dir, "readme.db");
    writeFileSync(text, "just text\n".repeat(100));
    const { code, stderr } = chronograph("inspect", text);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`error: "${text}" is not a SQLite database.`);
  });

  it("documents every command and option in --help", () => {
    const { code, stdout } = chronograph("--help");
    expect(code).toBe(0);
    for (const word of ["--graph", "--web", "--port", "--no-open", "inspect"]) expect(stdout).toContain(word);
    expect(chronograph("inspect", "--help").stdout).toContain("--json");
  });
});

describe("web mode", () => {
  it("prints the URL with its token on a line of its own, and serves the database there", async () => {
    const child = spawn(process.execPath, [BIN, fixture.db, "--web", "--no-open", "--graph", fixture.module], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stdout.setEncoding("utf8");
        child.stdout.on("data", (chunk: string) => {
          text += chunk;
          const found = text.split("\n").find((candidate) => candidate.startsWith("Chronograph is running at "));
          if (found) resolve(found);
        });
        child.on("exit", (code) => reject(new Error(`exited with ${code}`)));
      });
      const url = new URL(line.slice("Chronograph is running at ".length));
      expect(url.hostname).toBe("127.0.0.1");
      const token = url.searchParams.get("token")!;
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      const response = await fetch(new URL("/api/call", url), {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ method: "getDatabase", args: {} }),
      });
      expect(await response.json()).toMatchObject({ ok: true, value: { path: fixture.db, threadCount: 4, canRun: true } });
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
