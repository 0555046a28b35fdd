/**
 * The storage view's long writes (prune, VACUUM) run on a worker thread, so the backend's other calls
 * (the thread list, a timeline, a live notice) answer while they run: SQLite holds the thread it works on,
 * and both take seconds on a big file. One at a time per backend, in the order asked (they write the same
 * file); each worker opens its own connection (storage.ts) and its coded errors come back as they were.
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { MethodArgs } from "../api/contract.ts";
import { ChronographError, type ErrorCode } from "../api/errors.ts";
import type { PruneResult, VacuumResult } from "../api/types.ts";
import type { StorageTarget } from "./storage.ts";
import { workerEntryPath } from "../storage/sqlite/worker-path.ts";

/** What a worker is asked: the file as storage.ts reads it (plain data) and the call's arguments. */
export type StorageJob = { kind: "prune"; target: StorageTarget; args: MethodArgs<"prune"> } | { kind: "vacuum"; target: StorageTarget };

/** A worker's one message. */
export type StorageAnswer = { ok: true; value: PruneResult | VacuumResult } | { ok: false; code?: ErrorCode; message: string; subject?: Record<string, string> };

/**
 * A worker on the entry beside this file: the built .js (in a packaged app, its copy unpacked from
 * app.asar: worker-path.ts), or the .ts source (tests, development) loaded through tsx registered inside
 * the worker (a worker does not inherit the main thread's --import tsx).
 */
function startWorker(job: StorageJob): Worker {
  if (!import.meta.url.endsWith(".ts")) {
    const entry = workerEntryPath(fileURLToPath(new URL("./storage-worker.js", import.meta.url)), existsSync);
    return new Worker(pathToFileURL(entry), { workerData: job });
  }
  const source = new URL("./storage-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData: job });
}

/** The plain data a worker needs of the session (no connections, no functions). */
function targetOf(session: StorageTarget): StorageTarget {
  const { pruneRefusal } = session.traits;
  return { path: session.path, location: session.location, busyTimeoutMs: session.busyTimeoutMs, traits: pruneRefusal === undefined ? {} : { pruneRefusal } };
}

function runJob<T>(job: StorageJob): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = startWorker(job);
    let answered = false;
    worker.once("message", (answer: StorageAnswer) => {
      answered = true;
      if (answer.ok) resolve(answer.value as T);
      else reject(answer.code ? new ChronographError(answer.code, answer.message, answer.subject) : new Error(answer.message));
    });
    worker.once("error", (error) => {
      answered = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!answered) reject(new Error(`The storage worker for "${job.target.path}" ended (exit code ${code}) before it answered its ${job.kind}.`));
    });
  });
}

/** Runs storage jobs one after another on worker threads. */
export class StorageThread {
  private queue: Promise<unknown> = Promise.resolve();

  /** Delete exactly what the preview with `args.token` listed (storage.ts's pruneExactly), off the backend's thread. */
  prune(session: StorageTarget, args: MethodArgs<"prune">): Promise<PruneResult> {
    return this.enqueue({ kind: "prune", target: targetOf(session), args });
  }

  /** VACUUM the file (storage.ts's vacuum), off the backend's thread. */
  vacuum(session: StorageTarget): Promise<VacuumResult> {
    return this.enqueue({ kind: "vacuum", target: targetOf(session) });
  }

  private enqueue<T>(job: StorageJob): Promise<T> {
    const next = this.queue.then(() => runJob<T>(job));
    this.queue = next.catch(() => undefined);
    return next;
  }
}
