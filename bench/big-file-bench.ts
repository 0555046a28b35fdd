/**
 * How the command line and web mode cope with a big checkpoint file (write one with bench/generate-big.ts):
 *   - `chronograph inspect FILE --thread ID --json` for a short thread and the long one: wall time and peak RSS;
 *   - `chronograph inspect FILE --json --limit 1`: every thread's newest checkpoint, streamed (flat memory);
 *   - web mode on FILE: time until the URL is printed, then the thread list as the app asks for it (the
 *     first page, a page deep in the list, a text filter twice, a status filter), then getTimeline of the
 *     long thread (each with its response size), and the host's peak RSS.
 *
 *   npm run bench:big -- --file /tmp/big.sqlite [--thread thread-123] [--long long-thread] [--source] [--memory] [--memory-gc] [--v8-flags "--heap-growing-percent=30"]
 *
 * Prints figures only. --source runs the TypeScript sources through tsx instead of the prebuilt out/.
 * --skip-inspect-all leaves out the whole-file inspect (it prints every thread: minutes on a big file).
 * --fresh-config gives the web host a fresh empty config folder (XDG_CONFIG_HOME): no sidecar status cache, a file
 * never seen. --cold also drops FILE from the OS page cache first (posix_fadvise DONTNEED through python3, which
 * needs no privilege for clean pages): a file never seen and not in memory. --config-dir DIR uses (and keeps) DIR
 * instead of a fresh folder: a second run with it is a later session (the sidecar written by the first).
 * --memory loads bench/host-memory-probe.mjs into the web host and prints, after each step, where its memory is
 * (rss, V8 heap used/total, new space, external); --memory-gc also prints them after a full GC (live data), which
 * changes the later figures (the GC frees what they would carry), so peaks are read from runs without it.
 * --v8-flags "FLAGS" hands FLAGS to the host's v8.setFlagsFromString at start (through the same probe file, with
 * or without --memory): to compare GC flags V8 reads at run time, such as --heap-growing-percent.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BIN, startWebHost, type Mode } from "./startup.ts";

const TIMEOUT_MS = 20 * 60_000;

/** Run chronograph under /usr/bin/time for its peak RSS; stdout is counted, not kept. */
function inspect(mode: Mode, args: string[]): { ms: number; rssMb: number | null; bytes: number; code: number | null; error: string } {
  const env = { ...process.env, NO_COLOR: "1", CHRONOGRAPH_FROM_SOURCE: mode === "built" ? "0" : "1" };
  const timed = existsSync("/usr/bin/time");
  const command = timed ? "/usr/bin/time" : process.execPath;
  const argv = timed ? ["-f", "peak-rss-kb %M", process.execPath, BIN, ...args] : [BIN, ...args];
  const started = performance.now();
  const result = spawnSync(command, argv, { env, maxBuffer: 4 * 1024 ** 3, timeout: TIMEOUT_MS });
  const ms = performance.now() - started;
  const stderr = String(result.stderr ?? "");
  const rss = /peak-rss-kb (\d+)/.exec(stderr);
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : null, bytes: result.stdout?.length ?? 0, code: result.status, error: stderr.split("\n").find((line) => line && !line.startsWith("peak-rss-kb")) ?? "" };
}

interface Answer {
  ms: number;
  bytes: number;
  ok: boolean;
  count: number | null;
  total: number | null;
  counting?: boolean;
  /** A status filter answered before every status was decided (ThreadPage.statusCounting). */
  statusCounting?: { decided: number; threads?: number };
  /** The checkpoint ids of a timeline window's rows, in order. */
  firstIds?: string[];
  error?: string;
}

async function call(origin: string, token: string, method: string, args: unknown): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(new URL("/api/call", origin), { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify({ method, args }), signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await response.text();
  const ms = performance.now() - started;
  const result = JSON.parse(text) as { ok: boolean; value?: unknown; error?: { message?: string } };
  const value = result.value as { rows?: unknown[]; total?: number } | unknown[] | undefined;
  const count = Array.isArray(value) ? value.length : Array.isArray(value?.rows) ? value.rows.length : null;
  const total = !Array.isArray(value) && typeof value?.total === "number" ? value.total : null;
  const counting = !Array.isArray(value) && (value as { counting?: boolean } | undefined)?.counting === true;
  const statusCounting = Array.isArray(value) ? undefined : (value as { statusCounting?: { decided: number; threads?: number } } | undefined)?.statusCounting;
  const entries = !Array.isArray(value) && Array.isArray((value as { entries?: unknown[] } | undefined)?.entries) ? (value as { entries: Array<{ checkpointId?: string }> }).entries : undefined;
  const firstIds = entries?.map((entry) => entry.checkpointId ?? "").filter(Boolean);
  return { ms, bytes: text.length, ok: result.ok, count, total, counting, statusCounting, firstIds, ...(result.ok ? {} : { error: result.error?.message ?? "" }) };
}

interface MemorySample {
  rss: number;
  rssAnon: number;
  rssFile: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  spaces: Record<string, number>;
}

const describeMemory = (m: MemorySample) => `rss ${m.rss} (anonymous ${m.rssAnon}, file ${m.rssFile}), heap ${m.heapUsed} used of ${m.heapTotal} (new space ${m.spaces.new_space ?? "?"}), external ${m.external} (array buffers ${m.arrayBuffers}) MB`;

/** Ask the host's memory probe for one sample (SIGUSR2) and wait for its line. */
async function probeMemory(pid: number, file: string): Promise<string> {
  const lines = () => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0);
  const before = lines();
  process.kill(pid, "SIGUSR2");
  for (let waited = 0; lines() === before; waited += 50) {
    if (waited > 60_000) return "no answer from the memory probe";
    await new Promise((done) => setTimeout(done, 50));
  }
  const sample = JSON.parse(readFileSync(file, "utf8").split("\n").filter(Boolean).at(-1)!) as { before: MemorySample; after?: MemorySample };
  return `${describeMemory(sample.before)}${sample.after ? `; after a full GC ${describeMemory(sample.after)}` : ""}`;
}

/** Drop `file` from the OS page cache (python3's posix_fadvise: Node has none). */
function evict(file: string): void {
  const dropped = spawnSync("python3", ["-c", "import os,sys; fd=os.open(sys.argv[1],os.O_RDONLY); os.posix_fadvise(fd,0,0,os.POSIX_FADV_DONTNEED)", file]);
  if (dropped.status !== 0) throw new Error(`bench/big-file-bench: could not drop ${file} from the page cache: ${String(dropped.stderr).trim()}`);
}

const mb = (bytes: number) => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: "string" }, thread: { type: "string", default: "thread-12345" }, long: { type: "string", default: "long-thread" }, source: { type: "boolean", default: false }, "skip-inspect": { type: "boolean", default: false }, "skip-inspect-all": { type: "boolean", default: false }, memory: { type: "boolean", default: false }, cold: { type: "boolean", default: false }, "fresh-config": { type: "boolean", default: false }, "config-dir": { type: "string" }, "memory-gc": { type: "boolean", default: false }, "v8-flags": { type: "string" } } });
  if (!values.file) throw new Error("bench/big-file-bench: --file FILE is required");
  const file = resolve(values.file);
  if (!existsSync(file)) throw new Error(`bench/big-file-bench: ${file} does not exist (write it with npm run bench:generate)`);
  const mode: Mode = values.source ? "source" : "built";
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  console.log(`${file} (${mb(statSync(file).size)}), ${mode === "built" ? "prebuilt JS" : "sources via tsx"}, load average ${load}`);

  if (!values["skip-inspect"]) {
    // A short thread, then the long one (read a page at a time: its RSS should not grow with its length).
    for (const threadId of [values.thread, values.long]) {
      const one = inspect(mode, ["inspect", file, "--thread", threadId, "--json"]);
      console.log(`inspect --thread ${threadId} --json: ${s(one.ms)}, peak RSS ${one.rssMb?.toFixed(0) ?? "?"} MB, ${mb(one.bytes)} printed, exit ${one.code}${one.code === 0 ? "" : ` (${one.error})`}`);
    }
    if (!values["skip-inspect-all"]) {
      const all = inspect(mode, ["inspect", file, "--json", "--limit", "1"]);
      console.log(`inspect --json --limit 1 (every thread): ${s(all.ms)}, peak RSS ${all.rssMb?.toFixed(0) ?? "?"} MB, ${mb(all.bytes)} printed, exit ${all.code}${all.code === 0 ? "" : ` (${all.error})`}`);
    }
  }

  const coldConfig = values["config-dir"] === undefined && (values.cold || values["fresh-config"]) ? mkdtempSync(join(tmpdir(), "big-file-config-")) : null;
  if (values["config-dir"] !== undefined) {
    process.env.XDG_CONFIG_HOME = resolve(values["config-dir"]);
    if (values.cold) evict(file);
    console.log(`config folder ${values["config-dir"]}${values.cold ? ", the file dropped from the page cache" : ""}`);
  } else if (coldConfig) {
    // The web host inherits this process's environment (bench/startup.ts envOf): its config folder, and the sidecar cache in it, start empty.
    process.env.XDG_CONFIG_HOME = coldConfig;
    if (values.cold) evict(file);
    console.log(`a fresh config folder (no sidecar status cache)${values.cold ? ", the file dropped from the page cache" : ""}`);
  }
  const probeDir = values.memory || values["memory-gc"] ? mkdtempSync(join(tmpdir(), "big-file-memory-")) : null;
  const probeFile = probeDir ? join(probeDir, "samples.jsonl") : "";
  if (probeDir || values["v8-flags"]) {
    // The web host inherits this process's environment (bench/startup.ts envOf).
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import ${pathToFileURL(join(import.meta.dirname, "host-memory-probe.mjs")).href}`.trim();
    if (values["v8-flags"]) {
      process.env.CHRONOGRAPH_PROBE_V8_FLAGS = values["v8-flags"];
      console.log(`the web host's V8 flags at start: ${values["v8-flags"]}`);
    }
  }
  if (probeDir) {
    process.env.CHRONOGRAPH_MEMORY_PROBE = probeFile;
    if (values["memory-gc"]) process.env.CHRONOGRAPH_MEMORY_PROBE_GC = "1";
  }
  const host = await startWebHost(mode, [file], TIMEOUT_MS);
  const memory = async (step: string) => {
    if (probeDir) console.log(`    memory ${step}: ${await probeMemory(host.child.pid!, probeFile)}`);
  };
  try {
    console.log(`web mode: URL printed after ${s(host.urlMs)} (peak RSS so far ${host.peakRssMb().toFixed(0)} MB)`);
    await memory("at the URL");
    const list = async (what: string, args: Record<string, unknown>): Promise<Answer> => {
      const started = performance.now();
      const answer: Answer = await call(host.origin, host.token, "listThreads", args).catch((error: unknown) => ({ ms: performance.now() - started, bytes: 0, ok: false, count: null, total: null, error: String(error) }));
      const partial = answer.statusCounting ? ` (partial: statuses decided for ${answer.statusCounting.decided.toLocaleString("en-US")} of ${answer.statusCounting.threads?.toLocaleString("en-US") ?? "?"} threads)` : "";
      console.log(`  ${what}: ${s(answer.ms)}, ${answer.count ?? "?"} rows of ${answer.total ?? "?"}${answer.counting ? " (threads still being counted)" : ""}${partial}, ${mb(answer.bytes)}${answer.ok ? "" : ` FAILED: ${answer.error}`} (peak RSS so far ${host.peakRssMb().toFixed(0)} MB)`);
      await memory(`after ${what}`);
      return answer;
    };
    // What the app asks for: the first page, a page deep in the list as it scrolls, then filters.
    await list("listThreads first page (50, as the app asks)", { limit: 50 });
    await list("listThreads at offset 50,000", { offset: 50_000, limit: 100 });
    await list(`filter "${values.thread}" (first filter)`, { query: values.thread, limit: 100 });
    await list(`filter "${values.thread}1" (next keystroke)`, { query: `${values.thread}1`, limit: 100 });
    const firstStatus = performance.now();
    await list("status filter interrupted (first status filter)", { status: ["interrupted"], limit: 100 });
    let done = await list("status filter done (second status filter)", { status: ["done"], limit: 100 });
    // As the app does while an answer is partial: ask again (every 0.2 s here) until every status is decided.
    while (done.ok && done.statusCounting && performance.now() - firstStatus < TIMEOUT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      done = await call(host.origin, host.token, "listThreads", { status: ["done"], limit: 100 });
    }
    console.log(`  every status decided ${s(performance.now() - firstStatus)} after the first status filter`);
    await list("status filter done (every status decided)", { status: ["done"], limit: 100 });
    console.log(`  peak RSS through the thread list: ${host.peakRssMb().toFixed(0)} MB`);
    // Opening a thread as the app does: its first timeline window with the whole thread's shape, and its graph.
    for (const threadId of [values.long, values.thread]) {
      const window = await call(host.origin, host.token, "getTimelineWindow", { threadId, namespace: "", shape: true, limit: 200 });
      // A click on a row of the window: the checkpoint's state.
      const clicked = window.ok ? window.firstIds?.[100] ?? window.firstIds?.at(-1) : undefined;
      const graph = await call(host.origin, host.token, "getGraph", { threadId, namespace: "" });
      console.log(`  open ${threadId}: getTimelineWindow (shape + 200 rows) ${s(window.ms)}, ${mb(window.bytes)}${window.ok ? "" : ` FAILED: ${window.error}`}; getGraph ${s(graph.ms)}${graph.ok ? "" : ` FAILED: ${graph.error}`} (peak RSS so far ${host.peakRssMb().toFixed(0)} MB)`);
      await memory(`after opening ${threadId}`);
      if (clicked) {
        const state = await call(host.origin, host.token, "getCheckpoint", { threadId, namespace: "", checkpointId: clicked });
        console.log(`  click a row of ${threadId}: getCheckpoint ${s(state.ms)}, ${mb(state.bytes)}${state.ok ? "" : ` FAILED: ${state.error}`} (peak RSS so far ${host.peakRssMb().toFixed(0)} MB)`);
        await memory(`after the click on ${threadId}`);
      }
    }
    const timeline = await call(host.origin, host.token, "getTimeline", { threadId: values.long, namespace: "" });
    console.log(`  getTimeline ${values.long}: ${s(timeline.ms)}, ${timeline.count ?? "?"} checkpoints, ${mb(timeline.bytes)}${timeline.ok ? "" : ` FAILED: ${timeline.error}`}`);
    const again = await call(host.origin, host.token, "getTimeline", { threadId: values.long, namespace: "" });
    console.log(`  getTimeline ${values.long} again: ${s(again.ms)}`);
    await memory("after getTimeline twice");
    // utime + stime (fields 14 and 15 of /proc/PID/stat, after the command's closing parenthesis), in clock ticks (100 a second on Linux).
    const stat = readFileSync(`/proc/${host.child.pid}/stat`, "utf8");
    const [utime, stime] = stat.slice(stat.lastIndexOf(")") + 2).split(" ").slice(11, 13).map(Number);
    console.log(`  web host peak RSS: ${host.peakRssMb().toFixed(0)} MB; CPU ${((utime! + stime!) / 100).toFixed(2)} s (every thread of it, since its start)`);
  } finally {
    await host.stop();
    if (probeDir) rmSync(probeDir, { recursive: true, force: true });
    if (coldConfig) rmSync(coldConfig, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
