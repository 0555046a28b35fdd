/**
 * `chronograph FILE --web` prints its URL once the server listens and the database is open, without
 * waiting for the graph code a trusted chronograph.config.json names (a graph host takes seconds to
 * load it). The config's module here waits at its top level for a gate file, so "not loaded yet" is a
 * fact the test controls, and the assertions are about the order of events, never about time.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TRUST_FILE_NAME } from "../core/debugger/trust.ts";
import { createFixture, type Fixture } from "./debugger/fixtures.ts";

const BIN = join(import.meta.dirname, "..", "bin", "chronograph.js");
const URL_LINE = "Chronograph is running at ";

let fixture: Fixture;
let child: ChildProcess | null = null;

beforeEach(async () => {
  fixture = await createFixture();
});

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  child = null;
  await fixture.cleanup();
});

/** Resolves with the first stdout line starting with `prefix`; rejects if the process exits first. */
function lineStartingWith(process: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    let errors = "";
    process.stderr!.setEncoding("utf8").on("data", (chunk: string) => (errors += chunk));
    process.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
      const found = text.split("\n").find((line) => line.startsWith(prefix));
      if (found) resolve(found);
    });
    process.on("exit", (code) => reject(new Error(`chronograph exited with ${code}: ${errors.trim()}`)));
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("web mode with a trusted config's graph code", () => {
  it(
    "prints the URL before the graph code has loaded, and a run asked for meanwhile starts once it has",
    async () => {
      const gate = join(fixture.dir, "gate.txt");
      const importing = join(fixture.dir, "importing.txt");
      writeFileSync(
        join(fixture.dir, "slow.mts"),
        [
          'import { existsSync, writeFileSync } from "node:fs";',
          `writeFileSync(${JSON.stringify(importing)}, "yes");`,
          `while (!existsSync(${JSON.stringify(gate)})) await new Promise((resolve) => setTimeout(resolve, 20));`,
          `export { reviewGraph } from ${JSON.stringify(fixture.module)};`,
        ].join("\n"),
      );
      writeFileSync(join(fixture.dir, "chronograph.config.json"), JSON.stringify({ graphs: { review: { module: "./slow.mts", export: "reviewGraph" } } }));
      const config = join(fixture.dir, "xdg");
      mkdirSync(join(config, "chronograph"), { recursive: true });
      writeFileSync(join(config, "chronograph", TRUST_FILE_NAME), JSON.stringify({ folders: [realpathSync(fixture.dir)] }));

      const events: string[] = [];
      child = spawn(process.execPath, [BIN, fixture.db, "--web", "--no-open"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", XDG_CONFIG_HOME: config } });
      const url = new URL((await lineStartingWith(child, URL_LINE)).slice(URL_LINE.length));
      events.push("url printed");
      // The gate is still shut, so the module cannot have finished loading.
      expect(existsSync(gate)).toBe(false);

      const call = async (method: string, args: unknown) => {
        const response = await fetch(new URL("/api/call", url), {
          method: "POST",
          headers: { authorization: `Bearer ${url.searchParams.get("token")}`, "content-type": "application/json" },
          body: JSON.stringify({ method, args }),
        });
        return (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      };
      const database = await call("getDatabase", {});
      expect(database).toMatchObject({ ok: true, value: { threadCount: 4, canRun: false, trust: { state: "trusted" } } });
      expect((database.value as { runUnavailableReason?: string }).runUnavailableReason).toMatch(/graph code is loading/);
      expect(((await call("listThreads", {})).value as { rows: unknown[] }).rows).toHaveLength(4);

      const timeline = (await call("getTimeline", { threadId: "quick" })).value as Array<{ checkpointId: string }>;
      const run = call("startRun", { threadId: "quick", mode: "replay", checkpointId: timeline[1]!.checkpointId }).then((answer) => {
        events.push("run accepted");
        return answer;
      });
      events.push("run asked for");
      // Let the graph host reach the gate, then open it (waiting is not asserted: only the order is).
      await waitFor("the graph host to import the module", () => (existsSync(importing) ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 300));
      events.push("gate opened");
      writeFileSync(gate, "open");

      const answer = await run;
      expect(answer, answer.error?.message).toMatchObject({ ok: true, value: { runId: expect.any(String) } });
      expect(events).toEqual(["url printed", "run asked for", "gate opened", "run accepted"]);
      expect((await call("getDatabase", {})).value).toMatchObject({ canRun: true });
      // The replay from the checkpoint before the newest writes a new branch: the thread gains checkpoints.
      const grown = await waitFor("the run's checkpoints", async () => {
        const rows = (await call("getTimeline", { threadId: "quick" })).value as unknown[];
        return rows.length > timeline.length ? rows.length : undefined;
      });
      expect(grown).toBeGreaterThan(timeline.length);
    },
    120_000,
  );
});
