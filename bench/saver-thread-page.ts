/**
 * The thread list of a big ChronographSaver SQLite file in the debugger (thread-list.ts): the per-thread
 * stamps a session reads on open, the first page, a deep page, a text filter and a status filter, each on a
 * freshly opened reader; with --whole also the full listing (every thread decoded) they replace. A status
 * filter on a fresh reader answers from the threads decided so far (the background warm-up has just started:
 * ThreadPage.statusCounting, printed); then the warm-up's own cost (until statusesDecided) and the filter
 * asked again, whole. The file is
 * written once through ChronographSaver itself (test/langgraph-saver/saver-threads.ts: replayed LangGraph.js
 * agent and failing runs, cut at every point).
 *
 *   node --import tsx bench/saver-thread-page.ts [--threads 100000] [--file /tmp/saver-threads.db] [--reps 3] [--whole]
 *
 * Prints CPU and wall milliseconds (median of the reps) and the load.
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { ThreadPage, ThreadQuery } from "../core/api/types.ts";
import { SaverSource } from "../core/interop/chronograph-saver/source.ts";
import { ChronographSaver } from "../core/langgraph-saver/index.ts";
import { recordTemplates, writeThreads } from "../test/langgraph-saver/saver-threads.ts";

async function timed(work: () => Promise<unknown>, note?: (answer: unknown) => void): Promise<{ cpu: number; wall: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const answer = await work();
  const used = process.cpuUsage(cpu);
  note?.(answer);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - started };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { threads: { type: "string", default: "100000" }, file: { type: "string", default: "/tmp/saver-threads.db" }, reps: { type: "string", default: "3" }, whole: { type: "boolean", default: false } } });
  const file = values.file!;
  const threads = Number(values.threads);
  if (!existsSync(file)) {
    const started = performance.now();
    const saver = ChronographSaver.open(file);
    await writeThreads(saver, await recordTemplates(), threads);
    await saver.close();
    console.log(`wrote ${threads} threads in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const queries: Array<[string, ThreadQuery]> = [
    ["first page (100 rows)", { limit: 100 }],
    ["page at row 50,000", { offset: Math.min(50_000, Math.floor(threads / 2)), limit: 100 }],
    ["text filter", { query: "t12", limit: 100 }],
    ["status filter (interrupted)", { status: ["interrupted"], limit: 100 }],
  ];
  const notes = new Map<string, string>();
  const figures = new Map<string, Array<{ cpu: number; wall: number }>>();
  const add = (name: string, run: { cpu: number; wall: number }) => figures.set(name, [...(figures.get(name) ?? []), run]);
  for (let rep = 0; rep < Number(values.reps); rep += 1) {
    for (const [name, query] of queries) {
      const source = await SaverSource.open(file);
      // What a session reads on open (the stamps), then the page asked.
      add("stamps on open", await timed(() => source.threadStamps()));
      add(name, await timed(() => source.pageThreads(query), (page) => notes.set(name, JSON.stringify({ total: (page as ThreadPage).total, statusCounting: (page as ThreadPage).statusCounting }))));
      if (query.status) {
        // The warm-up started by the first page, to its end (the app's second ask), then the filter whole.
        add("status warm-up (to statusesDecided)", await timed(() => source.statusesDecided()));
        add(`${name}, after the warm-up`, await timed(() => source.pageThreads(query), (page) => notes.set(`${name}, after the warm-up`, JSON.stringify({ total: (page as ThreadPage).total, statusCounting: (page as ThreadPage).statusCounting }))));
      }
      await source.close();
    }
    if (values.whole) {
      const source = await SaverSource.open(file);
      add("full listing (listThreads)", await timed(() => source.listThreads()));
      await source.close();
    }
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  for (const [name, runs] of figures) {
    console.log(`${name}: ${median(runs.map((run) => run.cpu)).toFixed(0)} ms CPU, ${median(runs.map((run) => run.wall)).toFixed(0)} ms wall (median of ${runs.length}; ${threads} threads; load ${loadavg()[0]!.toFixed(1)})${notes.has(name) ? ` ${notes.get(name)}` : ""}`);
  }
}

await main();
