/**
 * `node --import tsx bench/saver-micro.ts [checkpoints] [w2]`: the savers alone, without LangGraph's loop: W1's
 * pattern (a put of two small channels, then a putWrites of two writes, a getTuple of the head now and
 * then) on SqliteSaver and on ChronographSaver, alternating, printing CPU microseconds per put+putWrites
 * and per getTuple. A tool for tuning the saver; `npm run bench:saver` gives the figures that count.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BaseCheckpointSaver, emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { ChronographSaver } from "../core/langgraph-saver/index.ts";
import { makeMessage } from "./workloads/messages.ts";

const count = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), "saver-micro-"));

/** W1's pattern on one saver: CPU microseconds per put+putWrites and per getTuple. */
export async function w1Micro(name: string, open: (path: string) => BaseCheckpointSaver, count: number, folder: string): Promise<{ put: number; get: number }> {
  const saver = open(join(folder, `${name}-${Date.now()}.db`));
  let parent: string | undefined;
  let putCpu = 0;
  let getCpu = 0;
  for (let step = 0; step < count; step += 1) {
    const thread = `t${Math.floor(step / 11)}`;
    if (step % 11 === 0) parent = undefined;
    const checkpoint = emptyCheckpoint();
    checkpoint.id = uuid6(-1);
    const version = saver.getNextVersion(step % 11);
    checkpoint.channel_values = { counter: step % 11, label: `node-${step % 11}` };
    checkpoint.channel_versions = { counter: version, label: version };
    const config = { configurable: { thread_id: thread, checkpoint_ns: "", ...(parent ? { checkpoint_id: parent } : {}) } };
    let start = process.cpuUsage();
    const saved = await saver.put(config, checkpoint, { source: "loop", step: step % 11, parents: {} }, { counter: version, label: version });
    await saver.putWrites(saved, [["counter", step], ["label", "x"]], `task-${step}`);
    let used = process.cpuUsage(start);
    putCpu += used.user + used.system;
    parent = saved.configurable!.checkpoint_id as string;
    start = process.cpuUsage();
    const tuple = await saver.getTuple({ configurable: { thread_id: thread, checkpoint_ns: "" } });
    used = process.cpuUsage(start);
    getCpu += used.user + used.system;
    if (tuple?.checkpoint.id !== checkpoint.id) throw new Error(`${name}: getTuple read ${tuple?.checkpoint.id}, not ${checkpoint.id}`);
  }
  await (saver as { close?: () => unknown }).close?.();
  return { put: putCpu / count, get: getCpu / count };
}

async function run(name: string, open: (path: string) => BaseCheckpointSaver): Promise<void> {
  const { put, get } = await w1Micro(name, open, count, dir);
  process.stdout.write(`${name.padEnd(18)} put+putWrites ${put.toFixed(0)} us CPU, getTuple ${get.toFixed(0)} us CPU\n`);
}

/** W2's pattern: one growing message list, `steps` puts; then the CPU time of a getTuple of the middle checkpoint (median of 20). */
async function midRead(name: string, open: (path: string) => BaseCheckpointSaver, steps: number): Promise<void> {
  const saver = open(join(dir, `${name}-w2-${Date.now()}.db`));
  const messages: unknown[] = [];
  const ids: string[] = [];
  let parent: string | undefined;
  for (let step = 0; step < steps; step += 1) {
    messages.push(makeMessage(step));
    const checkpoint = emptyCheckpoint();
    checkpoint.id = uuid6(-1);
    const version = saver.getNextVersion(step);
    checkpoint.channel_values = { messages: messages.slice() };
    checkpoint.channel_versions = { messages: version };
    const config = { configurable: { thread_id: "w2", checkpoint_ns: "", ...(parent ? { checkpoint_id: parent } : {}) } };
    parent = (await saver.put(config, checkpoint, { source: "loop", step, parents: {} }, { messages: version })).configurable!.checkpoint_id as string;
    ids.push(parent);
  }
  const mid = ids[Math.floor(steps / 2)]!;
  const times: number[] = [];
  for (let i = 0; i < 21; i += 1) {
    const start = process.cpuUsage();
    const tuple = await saver.getTuple({ configurable: { thread_id: "w2", checkpoint_ns: "", checkpoint_id: mid } });
    const used = process.cpuUsage(start);
    if ((tuple?.checkpoint.channel_values.messages as unknown[]).length !== Math.floor(steps / 2) + 1) throw new Error(`${name}: wrong middle read`);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`${name.padEnd(18)} W2 middle getTuple ${times[10]!.toFixed(2)} ms CPU (median of 21)\n`);
}

async function main(): Promise<void> {
  const savers: Array<[string, (path: string) => BaseCheckpointSaver]> = [
    ["SqliteSaver", (path) => SqliteSaver.fromConnString(path)],
    ["ChronographSaver", (path) => ChronographSaver.open(path)],
  ];
  if (process.argv[3] === "w2") {
    for (const [name, open] of savers) await midRead(name, open, count);
    return;
  }
  for (let rep = 0; rep < 4; rep += 1) for (const [name, open] of rep % 2 === 0 ? savers : [...savers].reverse()) await run(name, open);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main().finally(() => rmSync(dir, { recursive: true, force: true }));
else rmSync(dir, { recursive: true, force: true });
