/**
 * The first screen of a long ChronographSaver thread in the debugger, on a SQLite file and (with --pg)
 * on PostgreSQL: the timeline cache's first window with its shape, the inferred graph and a click to state
 * (getCheckpoint of the head), read two ways on a freshly opened reader each time, interleaved in one process:
 *   whole: as the readers did before light.ts (every checkpoint's state rebuilt: listCheckpoints, getGraph
 *          and getCheckpoint over the whole decoded history);
 *   light: as they do now (light history, a window decoded in full).
 * The thread is written once through ChronographSaver itself (LangGraph.js 1.x checkpoints of a loop whose
 * state keeps its last ten ~300-byte messages and a step counter).
 *
 *   node --import tsx bench/saver-long-thread.ts [--checkpoints 20000] [--reps 3] [--file /tmp/saver-long.db] [--pg postgres://...|auto]
 *
 * `--pg auto` starts a throwaway PostgreSQL cluster (test/support/postgres.ts) and deletes it afterwards.
 *
 * Prints CPU (this process: PostgreSQL's own is not counted) and wall milliseconds per mode, and the load.
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { uuid6 } from "@langchain/langgraph-checkpoint";
import type { HistorySource } from "../core/api/history-source.ts";
import type { ThreadKey } from "../core/api/types.ts";
import { openDatabase } from "../core/debugger/sources.ts";
import { TimelineCache } from "../core/debugger/timeline-cache.ts";
import type { SaverPgSource } from "../core/interop/chronograph-saver/pg-source.ts";
import type { SaverSource } from "../core/interop/chronograph-saver/source.ts";
import { ChronographSaver } from "../core/langgraph-saver/index.ts";
import { startCluster } from "../test/support/postgres.ts";

const THREAD: ThreadKey = { threadId: "long-thread", namespace: "" };

/** Write the long thread through the saver (skipped when `target` already holds it). */
async function writeLongThread(saver: ChronographSaver, checkpoints: number): Promise<void> {
  if ((await saver.getTuple({ configurable: { thread_id: THREAD.threadId } })) !== undefined) return;
  let parent: string | undefined;
  let messages: Array<{ role: string; content: string }> = [];
  for (let step = 0; step < checkpoints; step += 1) {
    const id = uuid6(-1);
    if (step > 0) messages = [...messages, { role: step % 2 ? "assistant" : "user", content: `message ${step}: ${"lorem ipsum dolor sit amet ".repeat(10)}` }].slice(-10);
    const versions = { __start__: 1, messages: step + 1, step: step + 1, "branch:to:agent": step + 1 };
    const checkpoint = {
      v: 4,
      id,
      ts: new Date(Date.UTC(2026, 0, 1) + step * 1000).toISOString(),
      channel_values: { messages, step, "branch:to:agent": null },
      channel_versions: versions,
      versions_seen: { __input__: {}, __start__: { __start__: 1 }, agent: { "branch:to:agent": step } },
    };
    const config = { configurable: { thread_id: THREAD.threadId, checkpoint_ns: "", checkpoint_id: parent } };
    const next = await saver.put(config, checkpoint as never, { source: step === 0 ? "input" : "loop", step: step - 1, parents: {} } as never, { messages: step + 1, step: step + 1, "branch:to:agent": step + 1 });
    parent = next.configurable?.checkpoint_id as string;
  }
}

/** The reader as it was before light.ts: the timeline, graph and state over the whole decoded history. */
function wholeReads(source: SaverSource | SaverPgSource): HistorySource {
  const plain = Object.create(source) as HistorySource;
  plain.listSkeleton = undefined;
  plain.listCheckpointsByIds = undefined;
  plain.listCheckpointsPage = undefined;
  plain.listCheckpoints = async (thread) => {
    const views = await source.views(thread);
    return [...views.history.ordered].reverse().map((checkpoint) => views.entry(checkpoint));
  };
  plain.getGraph = async (thread) => (await source.views(thread)).graphView();
  plain.getCheckpoint = async (thread, id) => {
    const views = await source.views(thread);
    return views.view(views.history.byId.get(id)!);
  };
  return plain;
}

type Run = { timeline: number; graph: number; click: number; wall: number; rows: number };

/** CPU ms of the timeline's first window (with its shape), then the graph, then a click on the head; wall ms of all three. */
async function firstScreen(open: () => Promise<HistorySource>, whole: boolean): Promise<Run> {
  const opened = await open();
  const source = whole ? wholeReads(opened as SaverSource) : opened;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const since = () => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000;
  };
  const window = await new TimelineCache(source).window(THREAD, { limit: 60, shape: true }, false);
  const timeline = since();
  await source.getGraph(THREAD);
  const graph = since() - timeline;
  await source.getCheckpoint(THREAD, window.entries[0]!.checkpointId);
  const click = since() - timeline - graph;
  const wall = performance.now() - started;
  await opened.close();
  return { timeline, graph, click, wall, rows: window.total };
}

async function measure(name: string, open: () => Promise<HistorySource>, reps: number): Promise<void> {
  const runs: Record<"whole" | "light", Run[]> = { whole: [], light: [] };
  let total = 0;
  for (let rep = 0; rep < reps; rep += 1) {
    for (const mode of rep % 2 === 0 ? (["whole", "light"] as const) : (["light", "whole"] as const)) {
      const run = await firstScreen(open, mode === "whole");
      total = run.rows;
      runs[mode].push(run);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const mode of ["whole", "light"] as const) {
    const at = (pick: (run: Run) => number) => median(runs[mode].map(pick)).toFixed(0);
    console.log(
      `${name} ${mode}, ${total} checkpoints, CPU ms: timeline ${at((run) => run.timeline)}, graph ${at((run) => run.graph)}, click ${at((run) => run.click)}; wall ${at((run) => run.wall)} ms for all three (median of ${reps}; load ${loadavg()[0]!.toFixed(1)})`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { checkpoints: { type: "string", default: "20000" }, reps: { type: "string", default: "3" }, file: { type: "string", default: "/tmp/saver-long.db" }, pg: { type: "string" } } });
  const checkpoints = Number(values.checkpoints);
  const reps = Number(values.reps);
  const file = values.file!;
  if (!existsSync(file)) {
    const saver = ChronographSaver.open(file);
    await writeLongThread(saver, checkpoints);
    await saver.close();
  }
  await measure("SQLite", async () => (await openDatabase(file)).source, reps);
  if (values.pg) {
    const cluster = values.pg === "auto" ? await startCluster() : null;
    try {
      const url = cluster ? `${cluster.url}?schema=saver_long` : values.pg;
      const saver = ChronographSaver.open(url);
      const started = performance.now();
      await writeLongThread(saver, checkpoints);
      await saver.close();
      console.log(`PostgreSQL: thread written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await measure("PostgreSQL", async () => (await openDatabase(url)).source, reps);
    } finally {
      cluster?.stop();
    }
  }
}

await main();
