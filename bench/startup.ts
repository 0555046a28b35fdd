/**
 * Start-up of the `chronograph` command, prebuilt JavaScript (out/, scripts/ensure-cli.mjs) against the
 * TypeScript sources through tsx (CHRONOGRAPH_FROM_SOURCE=1), and as users launch it (no variable: in a
 * git checkout that includes the build's freshness check):
 *   - `chronograph --help` wall time, median of --runs (10) launches;
 *   - web mode on the demo database (--web --no-open): time until the URL is printed, median of --web-runs (5).
 *
 *   npm run bench:startup [-- --runs 10 --web-runs 5]
 *
 * Prints figures only; nothing here is a pass/fail threshold.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureCli } from "../scripts/ensure-cli.mjs";
import { median } from "./stats.ts";

export const BIN = join(import.meta.dirname, "..", "bin", "chronograph.js");
export type Mode = "built" | "source" | "default";
function envOf(mode: Mode): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.CHRONOGRAPH_FROM_SOURCE;
  return mode === "default" ? env : { ...env, CHRONOGRAPH_FROM_SOURCE: mode === "built" ? "0" : "1" };
}
const LABELS: Record<Mode, string> = { source: "sources via tsx   ", built: "prebuilt JS (out/)", default: "as launched       " };

/** Wall time of one `chronograph ...args` run to exit, in ms. */
function timeRun(mode: Mode, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], { env: envOf(mode), stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`bench/startup: chronograph ${args.join(" ")} exited ${result.status}: ${String(result.stderr).split("\n")[0]}`);
  return ms;
}

export interface WebHost {
  child: ChildProcess;
  url: string;
  origin: string;
  token: string;
  /** From spawn to the URL line on stdout. */
  urlMs: number;
  /** The host's peak resident memory so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** Launch `chronograph --web --no-open ...args` and resolve once it prints its URL. */
export function startWebHost(mode: Mode, args: string[], timeoutMs = 600_000): Promise<WebHost> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, "--web", "--no-open", ...args], { env: envOf(mode), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => fail(new Error(`bench/startup: no URL after ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
    child.on("exit", (code) => fail(new Error(`bench/startup: the web host exited (${code}) before printing its URL: ${stderr.trim().split("\n").at(-1) ?? ""}`)));
    child.stdout!.on("data", (chunk) => {
      stdout += String(chunk);
      const match = /running at (http:\/\/\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      const url = new URL(match[1]!);
      resolvePromise({
        child,
        url: url.href,
        origin: url.origin,
        token: url.searchParams.get("token") ?? "",
        urlMs: performance.now() - started,
        peakRssMb: () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024,
        stop: () => new Promise((done) => {
          child.once("exit", () => done());
          child.kill();
        }),
      });
    });
  });
}

const fmt = (values: number[]) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, n=${values.length})`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "10" }, "web-runs": { type: "string", default: "5" } } });
  const runs = Number(values.runs);
  const webRuns = Number(values["web-runs"]);
  ensureCli();
  // The demo database is created on first use; one untimed launch makes sure it exists.
  await (await startWebHost("built", [])).stop();
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  console.log(`chronograph start-up (node ${process.version}, load average ${load})`);
  // The floor on this machine at this load: node starting and exiting with nothing to run.
  const floor = Array.from({ length: runs }, () => {
    const started = performance.now();
    spawnSync(process.execPath, ["-e", "0"], { stdio: "ignore" });
    return performance.now() - started;
  });
  console.log(`node -e 0 (the floor)  ${fmt(floor)}`);
  for (const mode of ["source", "built", "default"] as const) {
    timeRun(mode, ["--help"]);
    const help = Array.from({ length: runs }, () => timeRun(mode, ["--help"]));
    const web: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < webRuns; i += 1) {
      const host = await startWebHost(mode, []);
      web.push(host.urlMs);
      rss.push(host.peakRssMb());
      await host.stop();
    }
    console.log(`${LABELS[mode]}  --help: ${fmt(help)};  web URL printed (demo): ${fmt(web)}, peak RSS ${median(rss).toFixed(0)} MB`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
