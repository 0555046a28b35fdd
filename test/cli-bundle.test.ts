/**
 * `chronograph export` and `chronograph import` as users run them (child processes of bin/chronograph.js):
 * a thread exported from a database the engine wrote and imported into a new file reads back the same
 * through `inspect --json`, redacted paths replaced by the marker; bad bundles fail in one line and
 * leave the target file as it was.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CheckpointView, InspectOutput } from "../core/api/types.ts";
import { createFixture, tableRows, type Fixture } from "./debugger/fixtures.ts";

const BIN = join(import.meta.dirname, "..", "bin", "chronograph.js");
const LANGGRAPH = join(import.meta.dirname, "fixtures", "langgraph-js", "parallel-fanout.sqlite");

function chronograph(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function threadOf(db: string, threadId: string): CheckpointView[] {
  const { code, stdout, stderr } = chronograph("inspect", db, "--json", "--thread", threadId);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return (JSON.parse(stdout) as InspectOutput).threads.find((thread) => thread.threadId === threadId)!.checkpoints;
}

const shape = (checkpoints: CheckpointView[]) => checkpoints.map(({ checkpointId, parentId, step, source, writers, next, values }) => ({ checkpointId, parentId, step, source, writers, next, values }));

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

// Each test runs several CLI processes; on a loaded machine they take a while.
describe("chronograph export / import", { timeout: 180_000 }, () => {
  it("a thread imported into a new file reads back identically, with redacted paths replaced by the marker", () => {
    const bundle = join(fixture.dir, "approved.bundle.json");
    const copy = join(fixture.dir, "copy.db");
    const exported = chronograph("export", fixture.db, "--thread", "approved", "--redact", "$.values.topic", "--redact", "$.values.notes[*]", "-o", bundle);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    const text = readFileSync(bundle, "utf8");
    // The input that set the topic is redacted as well as the state.
    expect(text).not.toContain('"topic": "budget"');
    expect(text).not.toContain("research budget");
    expect(JSON.parse(text)).toMatchObject({ format: "chronograph-bundle", version: 1, kind: "records", thread: { threadId: "approved" } });

    const imported = chronograph("import", bundle, copy);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);

    const original = threadOf(fixture.db, "approved");
    const expected = shape(original).map((checkpoint) => {
      const values: Record<string, unknown> = { ...checkpoint.values };
      if ("topic" in values) values.topic = "[redacted]";
      if (Array.isArray(values.notes)) values.notes = values.notes.map(() => "[redacted]");
      return { ...checkpoint, values };
    });
    expect(original.length).toBeGreaterThan(2);
    expect(shape(threadOf(copy, "approved"))).toEqual(expected);
    // Interrupts and resumes travel with the pending writes: the imported thread's tasks read the same.
    expect(threadOf(copy, "approved").map((checkpoint) => checkpoint.tasks.map((task) => task.interrupts))).toEqual(original.map((checkpoint) => checkpoint.tasks.map((task) => task.interrupts)));
  });

  it("--checkpoint exports only that checkpoint and its ancestors", () => {
    const original = threadOf(fixture.db, "quick");
    const middle = original[1]!;
    const bundle = join(fixture.dir, "branch.json");
    expect(chronograph("export", fixture.db, "--thread", "quick", "--checkpoint", middle.checkpointId, "-o", bundle).code).toBe(0);
    const copy = join(fixture.dir, "branch.db");
    expect(chronograph("import", bundle, copy).code).toBe(0);
    expect(shape(threadOf(copy, "quick"))).toEqual(shape(original.slice(1)));
  });

  it("refuses a truncated bundle, a wrong version and an existing thread in one line, leaving the target unchanged", () => {
    const bundle = join(fixture.dir, "quick.json");
    expect(chronograph("export", fixture.db, "--thread", "quick", "-o", bundle).code).toBe(0);
    const text = readFileSync(bundle, "utf8");
    const before = tableRows(fixture.db);

    const truncated = join(fixture.dir, "truncated.json");
    writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
    const wrongVersion = join(fixture.dir, "v2.json");
    writeFileSync(wrongVersion, JSON.stringify({ ...JSON.parse(text), version: 2 }));
    const cases: Array<[string, RegExp]> = [
      [truncated, /^error: Bundle ".*truncated\.json" is not valid JSON .*truncated\.$/],
      [wrongVersion, /^error: Bundle ".*v2\.json" has version 2; this Chronograph reads version 1\.$/],
      [bundle, /^error: Thread "quick" already exists in ".*runs\.db"; history is append-only/],
    ];
    for (const [path, message] of cases) {
      const { code, stderr } = chronograph("import", path, fixture.db);
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr.trim()).toMatch(message);
    }
    expect(tableRows(fixture.db)).toEqual(before);
    // A bad bundle never creates the target file.
    const fresh = join(fixture.dir, "never.db");
    expect(chronograph("import", truncated, fresh).code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });

  it("refuses an unsupported redaction path in one line", () => {
    const { code, stderr } = chronograph("export", fixture.db, "--thread", "quick", "--redact", "values.topic", "-o", join(fixture.dir, "x.json"));
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^error: Redaction path "values\.topic" is not supported: it must start with \$/);
    expect(existsSync(join(fixture.dir, "x.json"))).toBe(false);
  });

  it("exports a LangGraph.js thread as views, which import refuses naming the thread", () => {
    const bundle = join(fixture.dir, "lg.json");
    expect(chronograph("export", LANGGRAPH, "--thread", "fanout-news-fails-once", "--redact", "$.values.city", "-o", bundle).code).toBe(0);
    const parsed = JSON.parse(readFileSync(bundle, "utf8")) as { kind: string; checkpoints: CheckpointView[] };
    expect(parsed.kind).toBe("views");
    expect(parsed.checkpoints.at(-1)!.values.city).toBe("[redacted]");
    // The input's own write of the city (a LangGraph pending write of channel "city") is redacted too.
    const cityWrites = parsed.checkpoints.flatMap((checkpoint) => checkpoint.pendingWrites.filter((write) => write.kind === "city"));
    expect(cityWrites.length).toBeGreaterThan(0);
    for (const write of cityWrites) expect(write.value).toBe("[redacted]");
    expect(JSON.stringify(parsed)).not.toContain("  Lisbon ");
    const { code, stderr } = chronograph("import", bundle, join(fixture.dir, "lg.db"));
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^error: Bundle ".*lg\.json" holds views of a langgraph-js file \(thread "fanout-news-fails-once"\); only bundles exported from Chronograph databases can be imported\.$/);
  });
});
