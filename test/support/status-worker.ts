/**
 * The LangGraph status worker (core/interop/langgraph/status-worker.ts) started from the TypeScript sources,
 * for tests and benches run through tsx or vitest: tsx is registered inside the worker (a worker does not
 * inherit the main thread's loader). The app starts the built entry itself (status-helper.ts).
 */
import { Worker } from "node:worker_threads";
import { STATUS_WORKER_LIMITS } from "../../core/interop/langgraph/status-helper.ts";
import type { StatusWorkerData } from "../../core/interop/langgraph/status-worker.ts";

export function startStatusWorkerFromSources(data: StatusWorkerData): Worker {
  const source = new URL("../../core/interop/langgraph/status-worker.ts", import.meta.url).href;
  return new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`, { eval: true, workerData: data, resourceLimits: STATUS_WORKER_LIMITS });
}
