/**
 * `node --expose-gc --import tsx bench/saver-replay.ts [threads] [rounds] [commit]`: the saver calls LangGraph.js
 * makes for one W1 thread (recorded from a real run with each saver: its puts with LangGraph's
 * checkpoints, metadata and versions, its putWrites with the task paths, its getTuple), replayed on
 * SqliteSaver and on ChronographSaver for many threads, interleaved in one process: CPU microseconds
 * per superstep spent in the savers alone, on W1's true shape (four channels, three writes a task,
 * growing versions_seen) rather than saver-micro.ts's two. With a commit, ChronographSaver at that commit
 * runs too (its core/ exported into a scratch folder, as saver-ab.ts does). A tool; `npm run bench:saver`
 * gives the figures that count.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { Engine } from "./engine.ts";
import { langgraph } from "./engines/langgraph.ts";
import { langgraphWithChronographSaver } from "./engines/langgraph-saver.ts";
import { median } from "./stats.ts";
import { w1Graph } from "./workloads/w1.ts";

const threads = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 7);
const commit = process.argv[4];
const dir = mkdtempSync(join(tmpdir(), "saver-replay-"));
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const scratch = join(root, `.saver-replay-${process.pid}`);

/** ChronographSaver as it was at `commit`, as an engine. */
async function saverAt(at: string): Promise<Engine> {
  mkdirSync(scratch);
  execFileSync("sh", ["-c", `git -C "${root}" archive ${at} core | tar -x -C "${scratch}"`]);
  const old = (await import(join(scratch, "core/langgraph-saver/index.ts"))) as { ChronographSaver: { open(path: string): BaseCheckpointSaver & { close(): Promise<void> } } };
  return {
    ...langgraphWithChronographSaver,
    name: `chronograph-saver@${at}` as Engine["name"],
    async openStore(kind, path) {
      const saver = old.ChronographSaver.open(path!);
      return { kind, saver, sqlite: undefined, close: () => saver.close(), settings: () => null } as unknown as Awaited<ReturnType<Engine["openStore"]>>;
    },
  };
}

type Call = { method: "getTuple"; config: RunnableConfig } | { method: "put"; args: unknown[] } | { method: "putWrites"; args: unknown[] };

/** The configurable part only (both savers read nothing else), with the thread id as a placeholder. */
function plainConfig(config: RunnableConfig): RunnableConfig {
  return { configurable: { ...structuredClone(config.configurable), thread_id: "" } };
}

/** One W1 thread through LangGraph with the engine's saver, every saver call recorded in order. */
async function record(engine: Engine): Promise<Call[]> {
  const store = await engine.openStore("sqlite", join(dir, `${engine.name}-record.db`));
  const saver = (store as unknown as { saver: Record<string, (...args: unknown[]) => Promise<unknown>> }).saver;
  const calls: Call[] = [];
  const wrap = (method: "getTuple" | "put" | "putWrites") => {
    const original = saver[method]!.bind(saver);
    saver[method] = (...args: unknown[]) => {
      const [config, ...rest] = args as [RunnableConfig, ...unknown[]];
      if (method === "getTuple") calls.push({ method, config: plainConfig(config) });
      else calls.push({ method, args: [plainConfig(config), ...structuredClone(rest)] });
      return original(...args);
    };
  };
  wrap("getTuple");
  wrap("put");
  wrap("putWrites");
  await engine.compile(w1Graph(), store).run("recorded", { counter: 0, label: "" });
  await store.close();
  return calls;
}

function withThread(config: RunnableConfig, thread: string): RunnableConfig {
  return { configurable: { ...config.configurable, thread_id: thread } };
}

/** CPU microseconds per superstep (10 a thread) replaying `calls` for `threads` threads on a new file. */
async function replay(engine: Engine, calls: Call[], round: number): Promise<Record<string, number>> {
  const store = await engine.openStore("sqlite", join(dir, `${engine.name}-${round}.db`));
  const saver = (store as unknown as { saver: BaseCheckpointSaver }).saver;
  globalThis.gc?.();
  const spent = { total: 0, getTuple: 0, put: 0, putWrites: 0 };
  for (let thread = 0; thread < threads; thread += 1) {
    // W1's thread ids (check.ts's threadIds): in key order, as the bench inserts them.
    const id = `t-${String(thread).padStart(4, "0")}`;
    for (const call of calls) {
      const start = process.cpuUsage();
      if (call.method === "getTuple") await saver.getTuple(withThread(call.config, id));
      else if (call.method === "put") {
        const [config, checkpoint, metadata, versions] = call.args as Parameters<BaseCheckpointSaver["put"]>;
        await saver.put(withThread(config, id), structuredClone(checkpoint), metadata, versions);
      } else {
        const [config, writes, taskId, taskPath] = call.args as Parameters<BaseCheckpointSaver["putWrites"]>;
        await saver.putWrites(withThread(config, id), writes, taskId, taskPath);
      }
      const used = process.cpuUsage(start);
      spent[call.method] += used.user + used.system;
      spent.total += used.user + used.system;
    }
  }
  const head = await saver.getTuple({ configurable: { thread_id: `t-${String(threads - 1).padStart(4, "0")}`, checkpoint_ns: "" } });
  if (head?.checkpoint.channel_values.counter !== 10) throw new Error(`${engine.name}: replayed head has counter ${String(head?.checkpoint.channel_values.counter)}, not 10`);
  await store.close();
  return Object.fromEntries(Object.entries(spent).map(([key, cpu]) => [key, cpu / (threads * 10)]));
}

async function main(): Promise<void> {
  const engines = [langgraph, langgraphWithChronographSaver, ...(commit ? [await saverAt(commit)] : [])];
  const recorded = new Map<string, Call[]>();
  for (const engine of engines) recorded.set(engine.name, await record(engine));
  const results = new Map<string, Array<Record<string, number>>>(engines.map((engine) => [engine.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const engine of round % 2 === 0 ? engines : [...engines].reverse()) results.get(engine.name)!.push(await replay(engine, recorded.get(engine.name)!, round));
  }
  for (const [name, runs] of results) {
    const kept = runs.slice(1);
    const counts = recorded.get(name)!.reduce<Record<string, number>>((all, call) => ({ ...all, [call.method]: (all[call.method] ?? 0) + 1 }), {});
    const figures = ["total", "put", "putWrites", "getTuple"].map((key) => `${key} ${median(kept.map((run) => run[key]!)).toFixed(1)}`).join(", ");
    process.stdout.write(`${name.padEnd(28)} us CPU per superstep in the saver: ${figures} (median of ${kept.length}; calls a thread: ${JSON.stringify(counts)})\n`);
  }
}

main().finally(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});
