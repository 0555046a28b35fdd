/**
 * `node --import tsx bench/saver-ab.ts <commit> [checkpoints] [rounds]`: ChronographSaver at `commit` (A)
 * against the working tree's (B), interleaved in one process (A B, B A, ...), on W1's pattern without
 * LangGraph's loop (saver-micro.ts): CPU microseconds per put+putWrites and per getTuple, median over the
 * rounds. A tool for judging one change to the saver on a busy machine; `npm run bench:saver` gives the
 * figures that count. The commit's `core/` is exported with `git archive` into a scratch folder inside the
 * repository (so node_modules resolves) and removed afterwards.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { ChronographSaver } from "../core/langgraph-saver/index.ts";
import { w1Micro } from "./saver-micro.ts";
import { median } from "./stats.ts";

const [commit, countText, roundsText] = process.argv.slice(2);
if (!commit) throw new Error("usage: bench/saver-ab.ts <commit> [checkpoints] [rounds]");
const count = Number(countText ?? 2000);
const rounds = Number(roundsText ?? 6);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const scratch = join(root, `.saver-ab-${process.pid}`);
const folder = mkdtempSync(join(tmpdir(), "saver-ab-"));

async function main(): Promise<void> {
  mkdirSync(scratch);
  execFileSync("sh", ["-c", `git -C "${root}" archive ${commit} core | tar -x -C "${scratch}"`]);
  const old = (await import(join(scratch, "core/langgraph-saver/index.ts"))) as { ChronographSaver: typeof ChronographSaver };
  const savers: Array<[string, (path: string) => BaseCheckpointSaver]> = [
    [`A ${commit}`, (path) => old.ChronographSaver.open(path)],
    ["B working tree", (path) => ChronographSaver.open(path)],
  ];
  const results = new Map<string, Array<{ put: number; get: number }>>(savers.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, open] of round % 2 === 0 ? savers : [...savers].reverse()) results.get(name)!.push(await w1Micro(name.replace(/\W+/g, "-"), open, count, folder));
  }
  for (const [name, runs] of results) {
    // The first round warms the JIT: left out.
    const kept = runs.slice(1);
    process.stdout.write(`${name.padEnd(24)} put+putWrites ${median(kept.map((r) => r.put)).toFixed(1)} us CPU, getTuple ${median(kept.map((r) => r.get)).toFixed(1)} us CPU (median of ${kept.length})\n`);
  }
}

main().finally(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
});
