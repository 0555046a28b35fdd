/**
 * Starts the real app in web mode, the way a user does: `node bin/chronograph.js FILE --web --port 0
 * --no-open`, then reads the URL (token included) it prints. Each host gets its own config folder, so
 * the recent-files list starts empty and tests do not see each other's files.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "../../..");
const URL_LINE = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-zA-Z_-]+)/;

export interface Host {
  url: string;
  /** Everything the process wrote to stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface HostOptions {
  graph?: string;
  env?: Record<string, string>;
}

/** Start the host on `file` (or the demo when undefined); rejects with its output when it exits early. */
export async function startHost(file: string | undefined, options: HostOptions = {}): Promise<Host> {
  const config = mkdtempSync(join(tmpdir(), "chronograph-config-"));
  const args = [join(REPO, "bin/chronograph.js"), ...(file ? [file] : []), "--web", "--port", "0", "--no-open", ...(options.graph ? ["--graph", options.graph] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, XDG_CONFIG_HOME: config, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`The host printed no URL within 30 s.\nstdout: ${out}\nstderr: ${err}`)), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = URL_LINE.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The host exited with ${code} before printing its URL.\nstdout: ${out}\nstderr: ${err}`));
    });
  });
  return {
    url,
    log: () => err,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once("exit", done));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(config, { recursive: true, force: true });
    },
  };
}
