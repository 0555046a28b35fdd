/**
 * Opens one database the way the app and the CLI do, in a process of its own so that a hang or a
 * crash is caught by the parent (open-in-child.ts) instead of stopping the test run. Reads every
 * thread's timeline and every checkpoint through the backend's contract, then runs `inspect --json`
 * into a counting sink. Prints one JSON line: what it read, the coded error it met (if any), its
 * peak RSS. An uncoded error is printed as `crash` with its stack.
 *
 * Usage: node --import tsx test/hostile/open-child.ts FILE CONFIG_DIR
 */
import { Writable } from "node:stream";
import { createClient } from "../../core/api/client.ts";
import { isChronographError } from "../../core/api/errors.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { main } from "../../electron/cli/main.ts";
import type { OpenOutcome } from "./open-in-child.ts";

const [file, configDir] = process.argv.slice(2) as [string, string];

const outcome: OpenOutcome = { threads: 0, checkpoints: 0, warnings: 0, errors: [] };

async function coded<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (isChronographError(error) || (typeof code === "string" && /^[A-Z_]+$/.test(code))) {
      outcome.errors.push(`${String(code)}: ${(error as Error).message}`.slice(0, 300));
      return undefined;
    }
    throw error;
  }
}

async function readThroughBackend(): Promise<void> {
  const service = createDebuggerService({ configDir, pollIntervalMs: 60_000, busyTimeoutMs: 200 });
  const client = createClient(createInMemoryTransport(service));
  try {
    if ((await coded(() => client.openDatabase({ path: file }))) === undefined) return;
    const threads = (await coded(() => client.listThreads({})))?.rows ?? [];
    outcome.threads = threads.length;
    for (const thread of threads) {
      const key = { threadId: thread.threadId, namespace: thread.namespace };
      const timeline = (await coded(() => client.getTimeline(key))) ?? [];
      for (const entry of timeline) {
        const view = await coded(() => client.getCheckpoint({ ...key, checkpointId: entry.checkpointId }));
        if (!view) continue;
        outcome.checkpoints += 1;
        outcome.warnings += view.warnings?.length ?? 0;
        JSON.stringify(view);
      }
    }
  } finally {
    await service.close();
  }
}

async function readThroughInspect(): Promise<void> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const errors: string[] = [];
  outcome.inspectExit = await main(["inspect", file, "--json"], { out: (line) => sink.write(`${line}\n`), err: (line) => errors.push(line), stdout: sink });
  outcome.inspectBytes = bytes;
  if (errors.some((line) => /\n\s+at /.test(line))) throw new Error(`inspect printed a stack trace: ${errors.join("\n")}`);
}

try {
  await readThroughBackend();
  await readThroughInspect();
} catch (error) {
  outcome.crash = error instanceof Error ? (error.stack ?? error.message) : String(error);
}
outcome.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
process.exit(0);
