/**
 * Web mode's first screen on a big file: from launch to the URL line, then the first page of the thread
 * list as the app asks for it (50 rows), then until the backend has counted every thread (ThreadPage.counting
 * gone). With --before DIR (another checkout of this repository with its own built out/), both builds run
 * in one process, alternating which goes first, so the machine's load falls on both alike.
 *
 *   node --import tsx bench/first-screen-bench.ts --file /work/big/langgraph-100k.sqlite [--runs 5] [--before /tmp/old-checkout] [--deep]
 *
 * --deep also asks the page at row 50,000 right after the first page (it waits for the thread index).
 * --fresh-cache gives each launch an empty config folder (XDG_CONFIG_HOME): no status sidecar from an earlier
 * launch, as when a user opens the file for the first time.
 *
 * Prints wall figures, the host's CPU time (user + system, from /proc) up to the first page, its peak RSS,
 * and the load average before and after. Figures only, no thresholds.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./stats.ts";

interface Launch {
  urlMs: number;
  /** The host's CPU time when its URL was read. */
  urlCpuMs: number;
  pageMs: number;
  cpuMs: number;
  countedMs: number | null;
  /** With --deep: the page at row 50,000 asked right after the first page (wall, and the host's CPU meanwhile). */
  deepMs: number | null;
  deepCpuMs: number | null;
  counting: boolean;
  total: number;
  rssMb: number;
}

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
/** The process's user + system CPU time so far, in ms (clock ticks of 10 ms). */
const cpuOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const rssOf = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

async function launch(root: string, file: string, deep: boolean, freshCache: boolean): Promise<Launch> {
  // A config folder of its own: no status sidecar from an earlier launch (the file as a user opens it the first time).
  const config = freshCache ? mkdtempSync(join(tmpdir(), "first-screen-config-")) : undefined;
  const started = performance.now();
  const env = { ...process.env, NO_COLOR: "1", CHRONOGRAPH_FROM_SOURCE: "0", ...(config ? { XDG_CONFIG_HOME: config } : {}) };
  const child = spawn(process.execPath, [join(root, "bin", "chronograph.js"), "--web", "--no-open", file], { env, stdio: ["ignore", "pipe", "pipe"] });
  try {
    const url = await new Promise<URL>((done, fail) => {
      let out = "";
      child.stdout!.on("data", (chunk) => {
        out += String(chunk);
        const match = /running at (http:\/\/\S+)/.exec(out);
        if (match) done(new URL(match[1]!));
      });
      child.on("exit", (code) => fail(new Error(`bench/first-screen: ${root} exited (${code}) before its URL`)));
    });
    const urlMs = performance.now() - started;
    const urlCpuMs = cpuOf(child.pid!);
    const call = async (args: Record<string, unknown> = { limit: 50 }) => {
      const response = await fetch(new URL("/api/call", url.origin), { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${url.searchParams.get("token")}` }, body: JSON.stringify({ method: "listThreads", args }) });
      const answer = (await response.json()) as { ok: boolean; value: { total: number; counting?: boolean }; error?: { message: string } };
      if (!answer.ok) throw new Error(`bench/first-screen: listThreads failed: ${answer.error?.message}`);
      return answer.value;
    };
    const asked = performance.now();
    const page = await call();
    const pageMs = performance.now() - asked;
    const cpuMs = cpuOf(child.pid!);
    let deepMs: number | null = null;
    let deepCpuMs: number | null = null;
    if (deep) {
      const deepAsked = performance.now();
      await call({ offset: 50_000, limit: 100 });
      deepMs = performance.now() - deepAsked;
      deepCpuMs = cpuOf(child.pid!) - cpuMs;
    }
    let countedMs: number | null = page.counting ? null : 0;
    let total = page.total;
    while (countedMs === null) {
      await new Promise((done) => setTimeout(done, 50));
      const again = await call();
      if (!again.counting) {
        countedMs = performance.now() - started;
        total = again.total;
      }
    }
    return { urlMs, urlCpuMs, pageMs, cpuMs, countedMs, deepMs, deepCpuMs, counting: page.counting === true, total, rssMb: rssOf(child.pid!) };
  } finally {
    child.kill();
    if (config) rmSync(config, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: "string" }, runs: { type: "string", default: "5" }, before: { type: "string" }, deep: { type: "boolean", default: false }, "fresh-cache": { type: "boolean", default: false } } });
  if (!values.file) throw new Error("bench/first-screen: --file FILE is required");
  const file = resolve(values.file);
  const roots: Array<[string, string]> = [["this checkout", resolve(import.meta.dirname, "..")], ...(values.before ? [["before", resolve(values.before)] as [string, string]] : [])];
  const results = new Map<string, Launch[]>(roots.map(([name]) => [name, []]));
  console.log(`${file}, ${values.runs} runs, load average ${load()}`);
  for (let run = 0; run < Number(values.runs); run += 1) {
    const order = run % 2 === 0 ? roots : [...roots].reverse();
    for (const [name, root] of order) results.get(name)!.push(await launch(root, file, values.deep, values["fresh-cache"]));
  }
  for (const [name, launches] of results) {
    const m = (pick: (launch: Launch) => number) => median(launches.map(pick)).toFixed(0);
    const counted = launches.map((launch) => launch.countedMs ?? 0);
    console.log(
      `${name.padEnd(14)} URL ${m((l) => l.urlMs)} ms, first page ${m((l) => l.pageMs)} ms, URL + page ${m((l) => l.urlMs + l.pageMs)} ms (min ${Math.min(...launches.map((l) => l.urlMs + l.pageMs)).toFixed(0)}, max ${Math.max(...launches.map((l) => l.urlMs + l.pageMs)).toFixed(0)}), ` +
        `host CPU to the URL ${m((l) => l.urlCpuMs)} ms, to the page ${m((l) => l.cpuMs)} ms, counted after ${median(counted).toFixed(0)} ms, total ${launches[0]!.total}, page said counting ${launches.filter((l) => l.counting).length}/${launches.length}, peak RSS ${m((l) => l.rssMb)} MB` +
        (values.deep ? `; page at row 50,000 asked right after the first: ${m((l) => l.deepMs ?? 0)} ms wall (${launches.map((l) => (l.deepMs ?? 0).toFixed(0)).join(", ")}), host CPU ${m((l) => l.deepCpuMs ?? 0)} ms` : ""),
    );
  }
  console.log(`load average after: ${load()}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
