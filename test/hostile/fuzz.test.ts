/**
 * A permanent fuzz test: the fixture databases of every kind (Chronograph, LangGraph.js, Python
 * LangGraph), mutated with a seed (page damage, truncation, JSON and msgpack edits, parent and delta
 * cycles), each opened through the backend's contract and `inspect --json` in a child process. Every
 * open must end within its budget, without a crash, under the memory cap, and leave the file's bytes
 * as they were.
 *
 * Replay: the seed is printed; FUZZ_SEED=<seed> runs the same cases. FUZZ_SECONDS sets how long to keep
 * making cases (default 45; at least one case of each kind is always run).
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { writeScenario } from "../interop/python-scenario.ts";
import { chronographFile } from "./hostile-files.ts";
import { seeded } from "../support/random.ts";
import { mutate } from "./mutate.ts";
import { openInChild } from "./open-in-child.ts";

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 45);
/** One open may take this long on a loaded machine; a hang never ends, so the margin costs nothing. */
const OPEN_BUDGET_MS = 45_000;
const RSS_CAP_MB = 700;
const JS_FIXTURE = join(import.meta.dirname, "../fixtures/langgraph-js/fork-update.sqlite");

let dir: string;
const bases: Array<{ kind: string; file: string }> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-fuzz-"));
  bases.push({ kind: "chronograph", file: await chronographFile(dir, "base-chronograph.db", 25) });
  const python = join(dir, "base-python.sqlite");
  writeScenario(python);
  bases.push({ kind: "langgraph-py", file: python });
  if (existsSync(JS_FIXTURE)) {
    const js = join(dir, "base-js.sqlite");
    copyFileSync(JS_FIXTURE, js);
    bases.push({ kind: "langgraph-js", file: js });
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

it("opens mutated databases of every kind without a hang, a crash, a memory blow-up or a changed byte", async () => {
  console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${SECONDS} s`);
  const started = Date.now();
  const failures: string[] = [];
  let cases = 0;
  for (let index = 0; index < bases.length || Date.now() - started < SECONDS * 1000; index += 1) {
    const random = seeded(SEED + index * 7919);
    const base = bases[index % bases.length]!;
    const file = join(dir, `case-${index}-${base.kind}.db`);
    copyFileSync(base.file, file);
    const what = mutate(file, random);
    const before = sha(file);
    const result = await openInChild(file, { timeoutMs: OPEN_BUDGET_MS, heapMb: 512 });
    const name = `seed ${SEED} case ${index} (${base.kind}: ${what})`;
    if (result.timedOut) failures.push(`${name}: still running after ${OPEN_BUDGET_MS} ms`);
    else if (!result.outcome) failures.push(`${name}: the child died (exit ${result.exitCode}): ${result.stderr.slice(-600)}`);
    else {
      if (result.outcome.crash) failures.push(`${name}: uncoded error: ${result.outcome.crash.slice(0, 600)}`);
      if ((result.outcome.maxRssMb ?? 0) > RSS_CAP_MB) failures.push(`${name}: peak RSS ${result.outcome.maxRssMb} MB over ${RSS_CAP_MB} MB`);
    }
    if (sha(file) !== before) failures.push(`${name}: the file's bytes changed`);
    cases += 1;
    rmSync(file, { force: true });
    for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  }
  console.log(`fuzz seed ${SEED}: ${cases} cases, ${failures.length} failures`);
  expect(failures).toEqual([]);
}, (SECONDS + 240) * 1000);
