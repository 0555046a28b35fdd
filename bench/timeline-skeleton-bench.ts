/**
 * A long thread's first timeline window, read the two ways the timeline cache can: from the reader's
 * skeleton with only the window decoded (listSkeleton + listCheckpointsByIds), or whole
 * (listCheckpoints, as for readers without a skeleton). Also a window deep in the thread, a click
 * (getCheckpoint, the state the inspector shows) and the process's RSS afterwards.
 *
 *   node --import tsx bench/timeline-skeleton-bench.ts --file /tmp/big.sqlite [--thread long-thread] [--mode skeleton|whole]
 *
 * Run each mode in its own process for a fair RSS figure. Prints figures only.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { HistorySource } from "../core/api/history-source.ts";
import { ChronographSource } from "../core/debugger/chronograph-source.ts";
import { TimelineCache } from "../core/debugger/timeline-cache.ts";

const ms = (from: number) => `${(performance.now() - from).toFixed(0)} ms`;
const rssMb = () => `${(process.memoryUsage().rss / 1024 ** 2).toFixed(0)} MB`;

/** The reader without its light reads, so the cache reads the thread whole. */
function wholeOnly(source: HistorySource): HistorySource {
  const plain = Object.create(source) as HistorySource;
  plain.listSkeleton = undefined;
  plain.listCheckpointsByIds = undefined;
  return plain;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: "string" }, thread: { type: "string", default: "long-thread" }, mode: { type: "string", default: "skeleton" } } });
  if (!values.file) throw new Error("bench/timeline-skeleton-bench: --file FILE is required");
  const source = await ChronographSource.open(resolve(values.file));
  const thread = { threadId: values.thread!, namespace: "" };
  const cache = new TimelineCache(values.mode === "whole" ? wholeOnly(source) : source);

  let started = performance.now();
  const first = await cache.window(thread, { limit: 60, shape: true }, false);
  console.log(`${values.mode}: first window of ${first.entries.length} rows of ${first.total} (with shape): ${ms(started)}`);
  started = performance.now();
  const deep = await cache.window(thread, { offset: Math.floor(first.total / 2), limit: 60 }, false);
  console.log(`${values.mode}: window at row ${deep.offset}: ${ms(started)}`);
  started = performance.now();
  const view = await source.getCheckpoint(thread, deep.entries[10]!.checkpointId);
  console.log(`${values.mode}: click to state (getCheckpoint, ${Object.keys(view.values).length} channels): ${ms(started)}`);
  console.log(`${values.mode}: RSS ${rssMb()}`);
  await source.close();
}

await main();
