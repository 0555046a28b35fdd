/**
 * What a long replay costs the app per step, for the UI bench (targets live in ui-bench.ts). The real
 * backend (createDebuggerService, graph code in a graph host) and the app's real store (createAppStore
 * with connectEvents) in one process over the in-memory transport, as test/e2e/app-store.test.ts does.
 * A run stops at the engine's recursion limit (25 supersteps), so the `steps`-step replay is a chain of
 * replays, each from the newest checkpoint, with the timeline on screen following every step. This
 * process's CPU time (backend + store; the graph host is another process) is sampled around step 100 and
 * around the last step: a timeline refetched whole at every step costs O(rows) per step; appended, O(1).
 *
 *   npx tsx bench/ui-replay-timings.ts [--steps 2000]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createClient } from "../core/api/client.ts";
import { createInMemoryTransport } from "../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../core/debugger/service.ts";
import type { CompiledGraph, Checkpointer } from "../core/index.ts";
import { SqliteSaver } from "../core/storage/sqlite/index.ts";
import { connectEvents } from "../renderer/store/connect-events.ts";
import { createAppStore } from "../renderer/store/create-app-store.ts";
import { isActive } from "../renderer/model/run-progress.ts";

const CORE = join(import.meta.dirname, "../core/index.ts");
const MODULE = `
import { StateGraph, lastValue, START, END } from ${JSON.stringify(CORE)};
export function ticker(checkpointer) {
  return new StateGraph({ name: "ticker", channels: { count: lastValue(0), limit: lastValue(1) } })
    .addNode("tick", (s) => ({ count: s.count + 1 }))
    .addEdge(START, "tick")
    .addConditionalEdges("tick", (s) => (s.count >= s.limit ? END : "tick"), ["tick", END])
    .compile({ checkpointer });
}
export const tickerGraph = ticker();
`;

export interface ReplayTimings {
  steps: number;
  /** CPU ms of this process per step, averaged over steps 50-150 and over the last 100 steps. */
  cpuAt100: number;
  cpuAtEnd: number;
  /** Wall-clock ms per step over the same windows (the graph host's pace included). */
  wallAt100: number;
  wallAtEnd: number;
  /** How many times the app asked for a timeline during the replay. */
  timelineCalls: number;
  runs: number;
  rowsShown: number;
  peakRssMb: number;
}

const until = async (what: string, holds: () => boolean, timeoutMs = 120_000) => {
  const started = Date.now();
  while (!holds()) {
    if (Date.now() - started > timeoutMs) throw new Error(`bench/ui-replay-timings: timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 5));
  }
};

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

export async function replayTimings(steps = 2000): Promise<ReplayTimings> {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-replay-bench-"));
  try {
    const module = join(dir, "ticker.mts");
    writeFileSync(module, MODULE);
    const file = join(dir, "replay.db");
    const saver = SqliteSaver.open(file);
    const { ticker } = (await import(pathToFileURL(module).href)) as { ticker: (saver: Checkpointer) => CompiledGraph };
    // A thread that would tick for ever, stopped by the recursion limit after a few steps.
    await ticker(saver).invoke({ count: 0, limit: 10 * steps }, { threadId: "replay", recursionLimit: 4 }).catch(() => undefined);
    await saver.close();

    const service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 300 });
    const inner = createInMemoryTransport(service);
    let timelineCalls = 0;
    const transport = {
      call: (method: Parameters<typeof inner.call>[0], args: unknown, options?: Parameters<typeof inner.call>[2]) => {
        if (method.startsWith("getTimeline")) timelineCalls += 1;
        return inner.call(method, args, options);
      },
      listen: inner.listen,
      onStatus: (listener: (status: "connected") => void) => (listener("connected"), () => {}),
      close() {},
    };
    const client = createClient(transport);
    await client.openDatabase({ path: file });
    await client.loadGraphModule({ path: module, exportName: "tickerGraph" });
    const store = createAppStore(client);
    const disconnect = connectEvents(store, client, transport);
    try {
      await store.getState().start();
      store.getState().selectThread(store.getState().threadOrder.find((row) => row.threadId === "replay")!.threadId);
      await until("the thread's timeline", () => store.getState().timelineStatus === "ready" && store.getState().selectedCheckpointId !== null);
      const rowsBefore = store.getState().timelineLayout!.rows.length;

      const marks = new Map<number, { cpu: number; wall: number }>();
      const wanted = new Set([50, 150, steps - 100, steps]);
      let seen = 0;
      const off = client.on("onRunEvent", (event) => {
        if (event.type !== "checkpoint") return;
        seen += 1;
        if (wanted.has(seen)) marks.set(seen, { cpu: cpuMs(), wall: performance.now() });
      });
      timelineCalls = 0;
      let runsStarted = 0;
      while (seen < steps) {
        if (!(await store.getState().startRun("replay"))) throw new Error(`bench/ui-replay-timings: replay ${runsStarted + 1} did not start: ${store.getState().runError?.message}`);
        runsStarted += 1;
        const runId = [...store.getState().runs.runs.keys()].at(-1)!;
        await service.runSettled(runId);
        const head = () => store.getState().timelineLayout?.rows.at(-1)?.checkpointId;
        const run = () => store.getState().runs.runs.get(runId);
        await until(`run ${runsStarted}'s end shown`, () => run() !== undefined && !isActive(run()!) && store.getState().selectedCheckpointId === head());
      }
      off();
      const per = (from: number, to: number, key: "cpu" | "wall") => (marks.get(to)![key] - marks.get(from)![key]) / (to - from);
      if (seen < steps) throw new Error(`bench/ui-replay-timings: the replay wrote ${seen} checkpoints, not ${steps}`);
      await until("every replayed row shown", () => (store.getState().timelineLayout?.rows.length ?? 0) >= rowsBefore + seen).catch((error: unknown) => {
        console.error(`${error instanceof Error ? error.message : String(error)}: ${store.getState().timelineLayout?.rows.length} rows, ${rowsBefore} + ${seen} expected`);
      });
      return {
        steps,
        cpuAt100: per(50, 150, "cpu"),
        cpuAtEnd: per(steps - 100, steps, "cpu"),
        wallAt100: per(50, 150, "wall"),
        wallAtEnd: per(steps - 100, steps, "wall"),
        timelineCalls,
        runs: runsStarted,
        rowsShown: store.getState().timelineLayout!.rows.length,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
      };
    } finally {
      disconnect();
      await service.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { steps: { type: "string", default: "2000" } } });
  const load = (await import("node:fs")).readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const result = await replayTimings(Number(values.steps));
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(`replay of ${result.steps} steps in the app's store (load average ${load}):`);
  console.log(`  CPU per step at step 100: ${fmt(result.cpuAt100)}, at step ${result.steps}: ${fmt(result.cpuAtEnd)}, ratio ${(result.cpuAtEnd / result.cpuAt100).toFixed(2)} (goal <= 1.2)`);
  console.log(`  wall per step at step 100: ${fmt(result.wallAt100)}, at step ${result.steps}: ${fmt(result.wallAtEnd)}, ratio ${(result.wallAtEnd / result.wallAt100).toFixed(2)}`);
  console.log(`  ${result.runs} runs; timeline requests during them: ${result.timelineCalls}; rows shown at the end: ${result.rowsShown}; peak RSS ${result.peakRssMb.toFixed(0)} MB`);
}
