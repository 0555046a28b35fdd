/**
 * One worker process of the Postgres scaling row: runs W1's graph on `count` threads of its own, one
 * after another, on a PostgresSaver over a schema shared with the other workers. Prints `ready`, waits
 * for a line on stdin (so all workers start together), then prints `done`.
 *
 *   node --import tsx bench/postgres-worker.ts URL SCHEMA WORKER COUNT
 */
import { createInterface } from "node:readline";
import { PostgresSaver } from "../core/storage/postgres/index.ts";
import { chronograph } from "./engines/chronograph.ts";
import type { EngineStore } from "./engine.ts";
import { w1Graph } from "./workloads/w1.ts";

const [url, schema, worker, count] = process.argv.slice(2);
if (!url || !schema || worker === undefined || !count) throw new Error("usage: postgres-worker.ts URL SCHEMA WORKER COUNT");
const saver = await PostgresSaver.open(url, { schema });
const store = { kind: "memory", saver, sqlite: undefined, close: () => saver.close(), settings: () => null } as unknown as EngineStore;
const graph = chronograph.compile(w1Graph(), store);
await graph.run(`warm-${worker}`, { counter: 0, label: "" });
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once("line", () => resolve()));
for (let i = 0; i < Number(count); i += 1) {
  const final = await graph.run(`w${worker}-${i}`, { counter: 0, label: "" });
  if (final.counter !== 10) throw new Error(`worker ${worker} thread ${i}: counter ${String(final.counter)}`);
}
process.stdout.write("done\n");
lines.close();
await saver.close();
