/**
 * `node --import tsx bench/postgres-long-thread.ts [--threads N] [--long N] [--reps N] [--url URL] [--inspect]`: LangGraph's
 * PostgresSaver tables with N copies of two LangGraph.js threads (test/postgres/thread-copies.ts; 5,000 by
 * default) and one LangGraph.js thread of `--long` checkpoints (20,000), written by LangGraph.js's own
 * PostgresSaver: an agent ↔ tools loop with a 400-byte note per step. Then, each in a fresh child process,
 * alternately: the reader as it was (thread-list rows from whole histories, the timeline read whole) and
 * as it is (rows from heads, the timeline from its skeleton with only the window decoded). Each prints the
 * first page of 200 threads (the long one first), the long thread's first screen (getTimelineWindow's 200
 * rows with the shape) and then its graph (getGraph: the app asks for both on opening a thread), a click on
 * its 101st row (getCheckpoint), wall and CPU ms of this process, and its peak RSS. With --inspect, then
 * `inspect --thread` of the long thread once each way (unpaged: listed whole, each checkpoint read alone; paged:
 * 100 checkpoints per window read over the skeleton), with its peak RSS. Starts a throwaway cluster and seeds it, unless --url names a schema (?schema=) seeded before
 * with `--seed --url URL`.
 */
import { execFileSync } from "node:child_process";
import { openSync, writeSync } from "node:fs";
import { loadavg } from "node:os";
import type { HistorySource } from "../core/api/history-source.ts";
import { openHistorySource } from "../core/debugger/sources.ts";
import { TimelineCache } from "../core/debugger/timeline-cache.ts";
import { walkInspect } from "../core/interop/inspect.ts";
import type { PostgresRows } from "../core/interop/postgres/history.ts";
import { PostgresLangGraphSource } from "../core/interop/postgres/source.ts";
import { detectPostgres } from "../core/storage/postgres/langgraph-reads.ts";
import { startCluster } from "../test/support/postgres.ts";
import { wholeReadsOnly } from "../test/support/whole-reads.ts";
import { median } from "./stats.ts";

const LONG_THREAD = "long-agent";
const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}

async function seed(url: string, threads: number, long: number): Promise<void> {
  const schema = new URL(url).searchParams.get("schema")!;
  const base = new URL(url);
  base.searchParams.delete("schema");
  // Imported here, not at the top: LangGraph's modules would add ~90 MB to every child's peak RSS.
  const { Annotation, END, START, StateGraph } = await import("@langchain/langgraph");
  const { seedLangGraphCopies } = await import("../test/postgres/thread-copies.ts");
  await seedLangGraphCopies(base.toString(), schema, threads);
  const { PostgresSaver } = await import("@langchain/langgraph-checkpoint-postgres");
  const saver = PostgresSaver.fromConnString(base.toString(), { schema });
  const State = Annotation.Root({ turn: Annotation<number>({ reducer: (_, b) => b, default: () => 0 }), note: Annotation<string> });
  const note = (turn: number, who: string) => `${who} turn ${turn}: ${"lorem ipsum dolor sit amet ".repeat(15)}`;
  const graph = new StateGraph(State)
    .addNode("agent", (state) => ({ turn: state.turn + 1, note: note(state.turn, "agent") }))
    .addNode("tools", (state) => ({ note: note(state.turn, "tools") }))
    .addEdge(START, "agent")
    .addConditionalEdges("agent", (state) => (state.turn * 2 < long ? "tools" : END), ["tools", END])
    .addEdge("tools", "agent")
    .compile({ checkpointer: saver });
  await graph.invoke({ turn: 0 }, { configurable: { thread_id: LONG_THREAD }, recursionLimit: long * 2 });
  await saver.end();
}

/** The reader as it was: only the paged whole reads (no head summaries, no skeleton). */
function asBefore(rows: PostgresRows): PostgresRows {
  return {
    where: rows.where,
    namespaces: () => rows.namespaces(),
    checkpoints: (thread, ns) => rows.checkpoints(thread, ns),
    blobs: (thread, ns) => rows.blobs(thread, ns),
    writes: (thread, ns) => rows.writes(thread, ns),
    threadIndex: (pattern, offset, limit) => rows.threadIndex!(pattern, offset, limit),
    indexHeads: (pattern) => rows.indexHeads!(pattern),
    threadStamps: () => rows.threadStamps!(),
    changeToken: () => rows.changeToken(),
    close: () => rows.close(),
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

/** One variant in this (fresh) process: prints one JSON line. */
async function child(variant: "before" | "after", url: string): Promise<void> {
  const { reader } = await detectPostgres(url);
  const source = await PostgresLangGraphSource.open(variant === "before" ? asBefore(reader) : reader);
  const timeline: HistorySource = variant === "before" ? wholeReadsOnly(source) : source;
  const page = await timed(() => source.pageThreads({ limit: 200 }));
  if (page.value.rows[0]?.threadId !== LONG_THREAD) throw new Error(`the long thread is not first on the page (${page.value.rows[0]?.threadId})`);
  const key = { threadId: LONG_THREAD, namespace: "" };
  const screen = await timed(() => new TimelineCache(timeline).window(key, { offset: 0, limit: 200, shape: true }, false));
  const graph = await timed(() => timeline.getGraph(key));
  const click = await timed(() => timeline.getCheckpoint(key, screen.value.entries[100]!.checkpointId));
  await source.close();
  const result = {
    page: page.ms,
    pageCpu: page.cpuMs,
    total: page.value.total,
    screen: screen.ms,
    screenCpu: screen.cpuMs,
    checkpoints: screen.value.total,
    graph: graph.ms,
    graphCpu: graph.cpuMs,
    click: click.ms,
    clickCpu: click.cpuMs,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** The reader as inspect found it before it paged PostgreSQL threads: without listCheckpointIds and listCheckpointViewsByIds. */
function unpaged(source: HistorySource): HistorySource {
  return new Proxy(source, { get: (target, name) => (name === "listCheckpointIds" || name === "listCheckpointViewsByIds" ? undefined : Reflect.get(target, name, target)) });
}

/**
 * `inspect --thread` of the long thread in this (fresh) process, the JSON of each checkpoint written to /dev/null:
 * as it was (listCheckpointIds and listCheckpointViewsByIds hidden: the thread listed whole, each checkpoint
 * read on its own) or as it is (pages of 100 over the skeleton). Prints one JSON line with peak RSS.
 */
async function inspectChild(variant: "before" | "after", url: string): Promise<void> {
  const opened = await openHistorySource(url);
  const source = variant === "before" ? unpaged(opened) : opened;
  const out = openSync("/dev/null", "w");
  let bytes = 0;
  let checkpoints = 0;
  const run = await timed(() =>
    walkInspect(source, { threadId: LONG_THREAD }, {
      thread: (key) => void writeSync(out, JSON.stringify(key)),
      checkpoint: (view) => {
        const text = JSON.stringify(view);
        bytes += text.length;
        checkpoints += 1;
        writeSync(out, text);
      },
    }),
  );
  await opened.close();
  process.stdout.write(`${JSON.stringify({ inspect: run.ms, inspectCpu: run.cpuMs, checkpoints, mb: bytes / 1e6, rssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") return child(process.argv[3] as "before" | "after", process.argv[4]!);
  if (process.argv[2] === "--inspect-child") return inspectChild(process.argv[3] as "before" | "after", process.argv[4]!);
  const threads = Number(flag("threads", "5000"));
  const long = Number(flag("long", "20000"));
  const reps = Number(flag("reps", "3"));
  const given = flag("url", "");
  const cluster = given ? null : await startCluster();
  try {
    let url = given;
    if (process.argv.includes("--seed")) {
      await seed(url, threads, long);
      process.stdout.write(`seeded ${url.replace(/:[^:@/]*@/, ":***@")}\n`);
      return;
    }
    if (!url) {
      const parsed = new URL(cluster!.url);
      parsed.searchParams.set("schema", `bench_lg_long_${process.pid}`);
      url = parsed.toString();
      const started = performance.now();
      await seed(url, threads, long);
      process.stdout.write(`seeded ${threads} thread copies and a ${long}-checkpoint thread in ${((performance.now() - started) / 1000).toFixed(0)} s (load ${load()})\n`);
    }
    const runs: Record<string, Array<Record<string, number>>> = { before: [], after: [] };
    for (let rep = 0; rep < reps; rep += 1) {
      for (const variant of ["before", "after"] as const) {
        const out = execFileSync(process.execPath, ["--import", "tsx", import.meta.filename, "--child", variant, url], { encoding: "utf8", maxBuffer: 1 << 24 });
        const result = JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, number>;
        runs[variant]!.push(result);
        process.stdout.write(`${variant} rep ${rep + 1}: ${JSON.stringify(result)} (load ${load()})\n`);
      }
    }
    for (const variant of ["before", "after"] as const) {
      const m = (field: string) => median(runs[variant]!.map((run) => run[field]!)).toFixed(0);
      process.stdout.write(
        `${variant}: first page ${m("page")} ms (CPU ${m("pageCpu")} ms) of ${runs[variant]![0]!.total} threads; long thread's first screen ${m("screen")} ms (CPU ${m("screenCpu")} ms) of ${runs[variant]![0]!.checkpoints} checkpoints, then its graph ${m("graph")} ms (CPU ${m("graphCpu")} ms); a click on its 101st row ${m("click")} ms (CPU ${m("clickCpu")} ms); peak RSS ${m("rssMb")} MB\n`,
      );
    }
    if (process.argv.includes("--inspect")) {
      for (const variant of ["after", "before"] as const) {
        const out = execFileSync(process.execPath, ["--import", "tsx", import.meta.filename, "--inspect-child", variant, url], { encoding: "utf8", maxBuffer: 1 << 24 });
        const result = JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, number>;
        process.stdout.write(
          `${variant}: inspect --thread ${LONG_THREAD} ${result.inspect!.toFixed(0)} ms (CPU ${result.inspectCpu!.toFixed(0)} ms), ${result.checkpoints} checkpoints, ${result.mb!.toFixed(1)} MB of JSON; peak RSS ${result.rssMb!.toFixed(0)} MB (load ${load()})\n`,
        );
      }
    }
    process.stdout.write(`load ${load()}\n`);
  } finally {
    cluster?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`BENCH ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
