/**
 * The entry of the storage view's worker thread (storage-thread.ts starts it): one prune or VACUUM on a
 * connection of its own, answered as the result or the coded error, then the thread ends.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ChronographError } from "../api/errors.ts";
import { pruneExactly, vacuum } from "./storage.ts";
import type { StorageJob, StorageAnswer } from "./storage-thread.ts";

const job = workerData as StorageJob;
let answer: StorageAnswer;
try {
  answer = { ok: true, value: job.kind === "prune" ? pruneExactly(job.target, job.args) : vacuum(job.target) };
} catch (error) {
  answer =
    error instanceof ChronographError
      ? { ok: false, code: error.code, message: error.message, ...(error.subject ? { subject: error.subject } : {}) }
      : { ok: false, message: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(answer);
