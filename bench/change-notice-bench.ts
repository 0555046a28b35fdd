/**
 * What one live change notice costs the backend on a big file: the full stamp comparison (threadStamps
 * twice apart, thread-list.ts's changedStamps) against the reader's changedThreads, interleaved in one
 * process (the order alternates) after each commit another connection makes. The file is written to:
 * pass a scratch copy, never the original.
 *
 *   node --import tsx bench/change-notice-bench.ts --file /tmp/copy.sqlite [--notices 8]
 *   node --import tsx bench/change-notice-bench.ts --postgres 100000 [--notices 8]
 *
 * Chronograph files get a run of a two-node graph on one thread per notice (its saver); LangGraph.js
 * files get one checkpoint row copied onto a thread's head. --postgres N seeds N threads of Chronograph's
 * schema on a throwaway PostgreSQL cluster (CHRONOGRAPH_BENCH_PG_URL: a server of your own) and runs the
 * graph through PostgresSaver; the CPU is this process's (the server's is not counted). Prints CPU ms (user + system) per notice,
 * medians, and the load average before and after. Figures only, no thresholds.
 */
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { HistorySource } from "../core/api/history-source.ts";
import { ChronographSource } from "../core/debugger/chronograph-source.ts";
import { changedStamps } from "../core/debugger/thread-list.ts";
import { detectKind } from "../core/interop/detect.ts";
import { LangGraphSource } from "../core/interop/langgraph/source.ts";
import { openHistorySource } from "../core/debugger/sources.ts";
import type { Checkpointer } from "../core/checkpoint/types.ts";
import { PostgresSaver } from "../core/storage/postgres/index.ts";
import { SqliteSaver } from "../core/storage/sqlite/index.ts";
import { seedThreadCopies } from "../test/postgres/thread-copies.ts";
import { stepsGraph } from "../test/support/change-notices.ts";
import { startCluster } from "../test/support/postgres.ts";
import { median } from "./stats.ts";

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

async function cpuMs<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(start);
  return [(used.user + used.system) / 1000, result];
}

/** A commit by another connection, touching one thread. */
function writerFor(file: string, langGraph: boolean): { write: (n: number) => Promise<string>; close: () => Promise<void> } {
  if (langGraph) {
    const db = new Database(file);
    const copy = db.prepare(`INSERT INTO checkpoints SELECT thread_id, checkpoint_ns, checkpoint_id || ?, checkpoint_id, type, checkpoint, metadata
      FROM checkpoints WHERE thread_id = ? ORDER BY checkpoint_id DESC LIMIT 1`);
    return {
      write: async (n) => {
        const thread = `thread-${n * 101}`;
        copy.run(`-live${n}`, thread);
        return thread;
      },
      close: async () => void db.close(),
    };
  }
  return runsOn(SqliteSaver.open(file));
}

/** A run of a two-node graph on thread "live-run" per commit, through `saver`. */
function runsOn(saver: Checkpointer): { write: (n: number) => Promise<string>; close: () => Promise<void> } {
  const graph = stepsGraph(saver);
  return {
    write: async () => {
      await graph.invoke({ log: ["step"] }, { threadId: "live-run" });
      return "live-run";
    },
    close: () => saver.close(),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: "string" }, postgres: { type: "string" }, notices: { type: "string", default: "8" } } });
  if (!values.file && !values.postgres) throw new Error("--file PATH (a scratch copy: it is written to) or --postgres THREADS is required");
  let source: HistorySource;
  let writer: { write: (n: number) => Promise<string>; close: () => Promise<void> };
  let cleanup = async () => undefined as void;
  if (values.postgres) {
    const cluster = process.env.CHRONOGRAPH_BENCH_PG_URL ? null : await startCluster();
    const url = cluster?.url ?? process.env.CHRONOGRAPH_BENCH_PG_URL!;
    const schema = `notice_bench_${process.pid}`;
    cleanup = async () => cluster?.stop();
    try {
      // seedThreadCopies names copies with five digits: at most 99,999 of them.
      await seedThreadCopies(url, schema, Math.min(Number(values.postgres), 99_999));
      source = await openHistorySource(`${url}${url.includes("?") ? "&" : "?"}schema=${schema}`);
      writer = runsOn(await PostgresSaver.open(url, { schema }));
    } catch (error) {
      await cleanup();
      throw error;
    }
    console.log(`PostgreSQL, ${values.postgres} seeded threads, load before ${load()}`);
  } else {
    const file = values.file!;
    const langGraph = detectKind(file) === "langgraph-js";
    source = langGraph ? await LangGraphSource.open(file) : await ChronographSource.open(file);
    writer = writerFor(file, langGraph);
    console.log(`${file} (${langGraph ? "LangGraph.js" : "Chronograph"}), load before ${load()}`);
  }
  try {
    const [openStamps, first] = await cpuMs(() => source.threadStamps!());
    const [openMark] = await cpuMs(() => source.changedThreads!());
    console.log(`threads ${first.size}; first threadStamps ${openStamps.toFixed(1)} ms CPU, first changedThreads ${openMark.toFixed(1)} ms CPU`);
    let stamps = first;
    const full: number[] = [];
    const marked: number[] = [];
    for (let n = 1; n <= Number(values.notices); n++) {
      const thread = await writer.write(n);
      const viaStamps = async () => {
        const [ms, next] = await cpuMs(() => source.threadStamps!());
        const [diffMs, changed] = await cpuMs(async () => changedStamps(stamps, next));
        stamps = next;
        full.push(ms + diffMs);
        return changed;
      };
      const viaMarks = async () => {
        const [ms, changed] = await cpuMs(() => source.changedThreads!());
        marked.push(ms);
        return changed;
      };
      // Alternate which goes first, so a cold cache or the load falls on both alike.
      const answers = n % 2 === 0 ? [await viaStamps(), await viaMarks()] : [await viaMarks(), await viaStamps()];
      for (const changed of answers) if (changed.join() !== thread) throw new Error(`notice ${n}: expected ["${thread}"], got ${JSON.stringify(changed)}`);
      console.log(`notice ${n} (${thread}): stamps ${full.at(-1)!.toFixed(1)} ms, changedThreads ${marked.at(-1)!.toFixed(1)} ms`);
    }
    console.log(`median CPU per notice: stamps ${median(full).toFixed(1)} ms, changedThreads ${median(marked).toFixed(1)} ms; load after ${load()}`);
  } finally {
    await writer.close();
    await source.close();
    await cleanup();
  }
}

await main();
