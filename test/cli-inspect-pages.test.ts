/**
 * `chronograph inspect --json` through the command itself (bin/chronograph.js from the sources) on a file
 * with a long LangGraph.js thread, which it reads a page at a time: the bytes it prints are the document
 * the whole read gives (with --thread and --limit), and a reader that stops early (`| head -c`) ends it
 * quietly with exit 0.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { langGraphTemplate, writeLangGraphFile } from "../bench/generate-big.ts";
import { inspectDatabase, type InspectOptions } from "../core/interop/inspect.ts";
import { LangGraphSource } from "../core/interop/langgraph/source.ts";
import { tempDir } from "./interop/helpers.ts";
import { wholeReadsOnly } from "./support/whole-reads.ts";

const BIN = join(import.meta.dirname, "..", "bin", "chronograph.js");
const env = { ...process.env, NO_COLOR: "1", CHRONOGRAPH_FROM_SOURCE: "1" };
const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

let temp: { dir: string; cleanup: () => void };
let file: string;

beforeAll(async () => {
  temp = tempDir("chronograph-cli-inspect-pages-");
  file = join(temp.dir, "long.sqlite");
  writeLangGraphFile(file, await langGraphTemplate(2), { threads: 2, long: 450 });
}, 120_000);
afterAll(() => temp?.cleanup());

async function wholeDocument(options: InspectOptions): Promise<string> {
  const source = await LangGraphSource.open(file);
  try {
    return `${JSON.stringify(await inspectDatabase(wholeReadsOnly(source), options), null, 2)}\n`;
  } finally {
    await source.close();
  }
}

describe("chronograph inspect --json on a long thread", () => {
  it.each([
    { args: ["--thread", "long-thread"], options: { threadId: "long-thread" } },
    { args: ["--limit", "120"], options: { limit: 120 } },
  ])("prints the whole read's document byte for byte ($args)", async ({ args, options }) => {
    const result = spawnSync(process.execPath, [BIN, "inspect", file, "--json", ...args], { encoding: "utf8", env, maxBuffer: 256 * 1024 ** 2 });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(await wholeDocument(options));
  }, 120_000);

  it("prints every thread of a big file (rowids past 100,000, where the app's thread index is counted after a pause), as JSON and as text", async () => {
    // A big file's thread count waits a moment so the app's first screen comes first; a command has no first
    // screen and nothing else keeping the process alive, so it must not wait on that (unref'd) timer. Both the
    // JSON walk and the text header's count now read the threads in slices, never the index.
    const big = join(temp.dir, "big-rowids.sqlite");
    copyFileSync(file, big);
    const db = new Database(big);
    db.exec("UPDATE checkpoints SET rowid = rowid + 200000");
    db.close();
    const result = spawnSync(process.execPath, [BIN, "inspect", big, "--json", "--limit", "1"], { encoding: "utf8", env, maxBuffer: 64 * 1024 ** 2 });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const threads = (JSON.parse(result.stdout) as { threads: { threadId: string }[] }).threads.map((thread) => thread.threadId);
    expect(threads).toEqual(["long-thread", "thread-0", "thread-1"]);
    const text = spawnSync(process.execPath, [BIN, "inspect", big, "--limit", "1"], { encoding: "utf8", env, maxBuffer: 64 * 1024 ** 2 });
    expect(text.stderr).toBe("");
    expect(text.status).toBe(0);
    expect(text.stdout.split("\n")[0]).toBe(`${big}: LangGraph.js database, 3 threads`);
    expect(text.stdout.match(/^thread [^:]+/gm)).toEqual(["thread long-thread", "thread thread-0", "thread thread-1"]);
  }, 120_000);

  it("--thread as text reads that thread alone and names it in the header", () => {
    const result = spawnSync(process.execPath, [BIN, "inspect", file, "--thread", "thread-1", "--limit", "2"], { encoding: "utf8", env });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(`${file}: LangGraph.js database, 1 thread`);
    expect(result.stdout.match(/^thread .*$/gm)).toEqual(["thread thread-1: 2 checkpoints"]);
  }, 120_000);

  it("stops quietly with exit 0 when the reader closes the pipe (| head -c 4000)", () => {
    const result = spawnSync("bash", ["-c", `set -o pipefail; ${quote(process.execPath)} ${quote(BIN)} inspect ${quote(file)} --json --thread long-thread | head -c 4000`], { encoding: "utf8", env });
    expect(result.status).toBe(0);
    expect(result.stdout).toHaveLength(4000);
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
  }, 120_000);
});
