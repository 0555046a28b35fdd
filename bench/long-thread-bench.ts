/**
 * The whole-thread calls on a long LangGraph thread, each in a fresh backend process: opening it as the app
 * does (its first timeline window with the shape, then its graph: each timed apart), getTimeline of the
 * thread, explainTask of a node at its newest checkpoint (the node its `next` names), each on a file just
 * opened and after the thread was opened as the app opens it, and the channel versions (getVersions) there. Per step: wall time, CPU time, the process's peak RSS during the step
 * (the kernel's high-water mark, reset after opening the file and a full GC: /proc/self/clear_refs = 5)
 * and process.memoryUsage() right after it. The load is printed beside each run.
 *
 *   node --expose-gc --import tsx bench/long-thread-bench.ts --file F [--thread long-thread] [--runs 2] [--roots A,B] [--steps open-window,open-graph]
 *
 * --roots runs the same steps against other checkouts of the repository (say an export of the commit before
 * a change, with node_modules linked), alternating A, B, A, B so both see the same load.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";

/** "opened-": asked after the thread was opened as the app opens it (its first window with the shape, and its graph). */
const STEPS = ["open-window", "open-graph", "timeline", "opened-timeline", "explain", "opened-explain", "versions"] as const;
type Step = (typeof STEPS)[number];
const PREFIX = "LONG_THREAD_JSON ";

interface Figures {
  ms: number;
  cpuMs: number;
  peakMb: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  answer: string;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

function resetPeak(): void {
  writeFileSync("/proc/self/clear_refs", "5");
}

function peakBytes(): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))![1]) * 1024;
}

/** The newest checkpoint of the thread and a node its channel versions route to (what "why did this node run" is asked about). */
function target(file: string, threadId: string): { checkpointId: string; node: string } {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare("SELECT checkpoint_id AS id, CAST(checkpoint AS TEXT) AS body FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = '' ORDER BY checkpoint_id DESC LIMIT 1").get(threadId) as { id: string; body: string };
    const channels = Object.keys((JSON.parse(row.body) as { channel_versions: Record<string, unknown> }).channel_versions);
    const node = channels.find((channel) => channel.startsWith("branch:to:"))?.slice("branch:to:".length) ?? "agent";
    return { checkpointId: row.id, node };
  } finally {
    db.close();
  }
}

async function child(root: string, step: Step, file: string, threadId: string, checkpointId: string, node: string): Promise<void> {
  const configDir = mkdtempSync(join(tmpdir(), "long-thread-bench-"));
  const { createDebuggerService } = (await import(pathToFileURL(join(root, "core/debugger/service.ts")).href)) as typeof import("../core/debugger/service.ts");
  const { LangGraphSource } = (await import(pathToFileURL(join(root, "core/interop/langgraph/source.ts")).href)) as typeof import("../core/interop/langgraph/source.ts");
  const thread = { threadId, namespace: "" };
  // getVersions is the reader's (HistorySource), not a contract method: asked of a reader opened as the session opens it.
  const service = step === "versions" ? null : createDebuggerService({ configDir, pollIntervalMs: 60_000 });
  const source = step === "versions" ? await LangGraphSource.open(file) : null;
  try {
    await service?.openDatabase({ path: file });
    if (service && (step.startsWith("opened-") || step === "open-graph")) await service.getTimelineWindow({ ...thread, shape: true, limit: 200 });
    if (service && step.startsWith("opened-")) await service.getGraph(thread);
    (globalThis as { gc?: () => void }).gc!();
    resetPeak();
    const cpu = process.cpuUsage();
    const started = performance.now();
    let answer: string;
    if (service && step === "open-window") {
      const window = await service.getTimelineWindow({ ...thread, shape: true, limit: 200 });
      answer = `${window.entries.length} rows of ${window.total}, ${mb(JSON.stringify({ ok: true, value: window }).length)} MB of JSON`;
    } else if (service && step === "open-graph") {
      const graph = await service.getGraph(thread);
      answer = `${graph.nodes.length} nodes, ${graph.edges.length} edges`;
    } else if (service && step.endsWith("timeline")) {
      const entries = await service.getTimeline(thread);
      // As a host answers it: one JSON text.
      answer = `${entries.length} entries, ${mb(JSON.stringify({ ok: true, value: entries }).length)} MB of JSON`;
    }
    else if (service) {
      const explained = await service.explainTask({ ...thread, checkpointId, node });
      answer = `${node}: ${explained.triggers.map((trigger) => `${trigger.channel}@${trigger.changedAtStep}`).join(" ")}, last ran at ${explained.lastRanAtStep}`;
    } else {
      const versions = await source!.getVersions(thread, checkpointId);
      answer = `${Object.keys(versions.versions).length} channels, writers ${versions.writers.join(",")}`;
    }
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const memory = process.memoryUsage();
    const figures: Figures = { ms, cpuMs: (used.user + used.system) / 1000, peakMb: mb(peakBytes()), rssMb: mb(memory.rss), heapUsedMb: mb(memory.heapUsed), externalMb: mb(memory.external), arrayBuffersMb: mb(memory.arrayBuffers), answer };
    process.stdout.write(`${PREFIX}${JSON.stringify(figures)}\n`);
  } finally {
    await service?.close();
    await source?.close();
    rmSync(configDir, { recursive: true, force: true });
  }
}

function runChild(root: string, step: Step, file: string, threadId: string, at: { checkpointId: string; node: string }): Figures {
  const argv = ["--expose-gc", "--import", "tsx", import.meta.filename, "--child", step, "--root", root, "--file", file, "--thread", threadId, "--checkpoint", at.checkpointId, "--node", at.node];
  const result = spawnSync(process.execPath, argv, { encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, CHRONOGRAPH_STATUS_WORKER: "off" } });
  const line = result.stdout.split("\n").find((text) => text.startsWith(PREFIX));
  if (result.status !== 0 || !line) throw new Error(`${step} in ${root} failed (exit ${result.status}):\n${result.stderr}`);
  return JSON.parse(line.slice(PREFIX.length)) as Figures;
}

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    thread: { type: "string", default: "long-thread" },
    runs: { type: "string", default: "2" },
    roots: { type: "string" },
    child: { type: "string" },
    root: { type: "string" },
    checkpoint: { type: "string" },
    node: { type: "string" },
    steps: { type: "string" },
  },
});
if (!values.file) throw new Error("--file F: a LangGraph.js file with a long thread (npm run bench:generate)");
const file = resolve(values.file);
if (values.child) {
  await child(values.root!, values.child as Step, file, values.thread, values.checkpoint!, values.node!);
} else {
  const roots = (values.roots ?? resolve(import.meta.dirname, "..")).split(",").map((root) => resolve(root));
  const at = target(file, values.thread);
  console.log(`${values.thread} in ${file}: newest checkpoint ${at.checkpointId}, node "${at.node}"`);
  const steps = values.steps ? values.steps.split(",") : [...STEPS];
  for (const step of steps) if (!(STEPS as readonly string[]).includes(step)) throw new Error(`--steps: "${step}" is not one of ${STEPS.join(", ")}`);
  for (let run = 1; run <= Number(values.runs); run += 1) {
    for (const step of steps as Step[]) {
      for (const root of roots) {
        const load = loadavg()[0]!.toFixed(2);
        const f = runChild(root, step, file, values.thread, at);
        console.log(
          `run ${run} ${step.padEnd(8)} ${root.padEnd(24)} load ${load}: ${(f.ms / 1000).toFixed(2)} s wall, ${(f.cpuMs / 1000).toFixed(2)} s CPU, peak RSS ${f.peakMb} MB; after: rss ${f.rssMb}, heapUsed ${f.heapUsedMb}, external ${f.externalMb}, arrayBuffers ${f.arrayBuffersMb} MB (${f.answer})`,
        );
      }
    }
  }
}
