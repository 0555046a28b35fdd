/**
 * Writes a large checkpoint database for benchmarks, quickly:
 *
 *   npm run bench:generate -- --kind langgraph-js --threads 100000 --out /tmp/big-langgraph.sqlite
 *
 * langgraph-js: at start, LangGraph.js itself (the pinned @langchain/langgraph with its SqliteSaver) runs
 * the agent-loop graph of test/interop/langgraph-graphs.ts on one thread of a temporary file. Those rows
 * (checkpoints and writes, LangGraph's own serialization) are the template: every generated thread is a
 * copy written directly with better-sqlite3 in big transactions, with its own thread id, fresh
 * time-ordered uuid6-like checkpoint ids (monotonically increasing across the file, `ts` matching them)
 * and its own topic in the messages; each write's task id is the one LangGraph.js computes for its new
 * checkpoint id and step (bench/langgraph-task-ids.ts), so writes match their tasks as in a real file.
 * One extra thread, "long-thread", chains template runs one after another until it holds --long
 * checkpoints (20,000 by default), with steps continuing as a later invocation's would.
 *
 * --kind chronograph: the same threads in Chronograph's own format, through its SqliteSaver's put
 * (bench/generate-chronograph.ts says how).
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { HumanMessage } from "@langchain/core/messages";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { agentGraph } from "../test/interop/langgraph-graphs.ts";
import { clockSeqField } from "../core/interop/ids.ts";
import { taskIdFor, taskRecipes } from "./langgraph-task-ids.ts";

/** The word every template blob carries where a thread's own topic goes. */
const TOPIC = "TEMPLATETOPIC";
/** uuid6 counts 100 ns intervals since 1582-10-15; this many separate that day from 1970-01-01. */
const GREGORIAN_OFFSET = 0x01b21dd213814000n;

interface TemplateCheckpoint {
  id: string;
  parent: string | null;
  type: string | null;
  checkpoint: string;
  metadata: string;
  ts: string;
  step: number;
}
interface TemplateWrite {
  checkpointId: string;
  taskId: string;
  idx: number;
  channel: string;
  type: string | null;
  value: string | null;
}
export interface Template {
  checkpoints: TemplateCheckpoint[];
  writes: TemplateWrite[];
}

/** Run LangGraph.js's agent loop once (`rounds` tool calls) into a temporary file and read its rows back. */
export async function langGraphTemplate(rounds = 3): Promise<Template> {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-template-"));
  const file = join(dir, "template.sqlite");
  try {
    const saver = SqliteSaver.fromConnString(file);
    const graph = agentGraph(saver);
    const config = { configurable: { thread_id: "template" }, recursionLimit: 10 + rounds * 4 };
    await graph.invoke({ messages: [new HumanMessage({ id: "human-0", content: `Collect pages about ${TOPIC}.` })], budget: rounds }, config);
    const db = new Database(file, { readonly: true });
    const text = (value: unknown) => (value === null ? null : Buffer.isBuffer(value) ? value.toString("utf8") : String(value));
    const rows = db.prepare("SELECT checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata FROM checkpoints WHERE thread_id = 'template' AND checkpoint_ns = '' ORDER BY checkpoint_id").all() as Record<string, unknown>[];
    const checkpoints = rows.map((row) => {
      const checkpoint = text(row.checkpoint)!;
      const metadata = text(row.metadata)!;
      return {
        id: row.checkpoint_id as string,
        parent: (row.parent_checkpoint_id as string | null) ?? null,
        type: row.type as string | null,
        checkpoint,
        metadata,
        ts: (JSON.parse(checkpoint) as { ts: string }).ts,
        step: (JSON.parse(metadata) as { step: number }).step,
      };
    });
    const writeRows = db.prepare("SELECT checkpoint_id, task_id, idx, channel, type, value FROM writes WHERE thread_id = 'template' AND checkpoint_ns = '' ORDER BY checkpoint_id, task_id, idx").all() as Record<string, unknown>[];
    const writes = writeRows.map((row) => ({ checkpointId: row.checkpoint_id as string, taskId: row.task_id as string, idx: row.idx as number, channel: row.channel as string, type: row.type as string | null, value: text(row.value) }));
    db.close();
    if (checkpoints.length === 0) throw new Error(`bench/generate-big: LangGraph.js wrote no checkpoints into ${file}`);
    return { checkpoints, writes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Time-ordered checkpoint ids, each 1 ms after the previous one, so ids sort as they are made. next(step)
 * is LangGraph.js's UUIDv6 with the clock sequence it derives from the step (core/interop/ids.ts's
 * clockSeqField); nextChronograph() is the engine's UUIDv7 layout (core/checkpoint/ids.ts). The node (v6)
 * and random (v7) bits count the ids made instead, so a file is the same on every run.
 */
export class IdClock {
  private ticks: bigint;
  private serial = 0;
  constructor(startMs: number) {
    this.ticks = BigInt(startMs) * 10_000n + GREGORIAN_OFFSET;
  }
  next(step: number): { id: string; ts: string } {
    const { ms, serial } = this.tick();
    const hex = this.ticks.toString(16).padStart(15, "0");
    const clockSeq = clockSeqField(step, "js").toString(16).padStart(4, "0");
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-6${hex.slice(12, 15)}-${clockSeq}-${serial.toString(16).padStart(12, "0")}`;
    return { id, ts: new Date(ms).toISOString() };
  }
  nextChronograph(): { id: string; ts: string } {
    const { ms, serial } = this.tick();
    const time = ms.toString(16).padStart(12, "0");
    // Counter 000 (one id per millisecond), then the variant (10xx) and 62 bits that count the ids made.
    const rest = serial.toString(16).padStart(16, "0");
    const id = `${time.slice(0, 8)}-${time.slice(8, 12)}-7000-${(8 | (parseInt(rest[0]!, 16) & 3)).toString(16)}${rest.slice(1, 4)}-${rest.slice(4, 16)}`;
    return { id, ts: new Date(ms).toISOString() };
  }
  private tick(): { ms: number; serial: number } {
    this.ticks += 10_000n;
    this.serial += 1;
    return { ms: Number((this.ticks - GREGORIAN_OFFSET) / 10_000n), serial: this.serial };
  }
}

export interface GenerateOptions {
  threads: number;
  /** Checkpoints of the extra long thread; 0 for none. */
  long: number;
  /** Milliseconds since the epoch of the first checkpoint. */
  startMs?: number;
  /** Thread ids are `${prefix}${n}`. */
  prefix?: string;
}

export interface Generated {
  threads: number;
  checkpoints: number;
  writes: number;
  bytes: number;
  ms: number;
}

const LANGGRAPH_SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoints (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, parent_checkpoint_id TEXT, type TEXT, checkpoint BLOB, metadata BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id));
CREATE TABLE IF NOT EXISTS writes (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, task_id TEXT NOT NULL, idx INTEGER NOT NULL, channel TEXT NOT NULL, type TEXT, value BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx));`;

/** Write `options.threads` copies of the template (plus the long thread) into a new LangGraph.js file. */
export function writeLangGraphFile(file: string, template: Template, options: GenerateOptions): Generated {
  const started = performance.now();
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  const db = new Database(file);
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.exec(LANGGRAPH_SCHEMA);
  const putCheckpoint = db.prepare("INSERT INTO checkpoints VALUES (?, '', ?, ?, ?, ?, ?)");
  const putWrite = db.prepare("INSERT INTO writes VALUES (?, '', ?, ?, ?, ?, ?, ?)");
  const writesOf = new Map<string, TemplateWrite[]>();
  for (const write of template.writes) writesOf.set(write.checkpointId, [...(writesOf.get(write.checkpointId) ?? []), write]);
  // Each write's task id is recomputed for its new checkpoint (and step), as LangGraph.js would have named the task there.
  const recipes = taskRecipes(template.checkpoints, template.writes);
  const clock = new IdClock(options.startMs ?? Date.UTC(2026, 0, 1));
  let checkpoints = 0;
  let writes = 0;

  /** The first `count` rows of one template run on `threadId` after `parent`, steps shifted by `stepBase`; returns its last id. */
  const copyRun = (threadId: string, topic: string, parent: string | null, stepBase: number, count = template.checkpoints.length): string | null => {
    const ids = new Map<string, string>();
    let last = parent;
    for (const row of template.checkpoints.slice(0, count)) {
      const { id, ts } = clock.next(row.step + stepBase);
      ids.set(row.id, id);
      const parentId = row.parent === null ? parent : (ids.get(row.parent) ?? null);
      const checkpoint = row.checkpoint.replace(row.id, id).replace(row.ts, ts).replaceAll(TOPIC, topic);
      const metadata = stepBase === 0 ? row.metadata : row.metadata.replace(`"step":${row.step}`, `"step":${row.step + stepBase}`);
      putCheckpoint.run(threadId, id, parentId, row.type, Buffer.from(checkpoint), Buffer.from(metadata));
      checkpoints += 1;
      const taskIds = new Map<string, string>();
      for (const [taskId, recipe] of recipes.get(row.id) ?? []) taskIds.set(taskId, taskIdFor(recipe, { id, step: row.step + stepBase }));
      for (const write of writesOf.get(row.id) ?? []) {
        putWrite.run(threadId, id, taskIds.get(write.taskId)!, write.idx, write.channel, write.type, write.value === null ? null : Buffer.from(write.value.replaceAll(TOPIC, topic)));
        writes += 1;
      }
      last = id;
    }
    return last;
  };

  const prefix = options.prefix ?? "thread-";
  const batch = 2_000;
  const writeThreads = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n += 1) copyRun(`${prefix}${n}`, `topic ${n}`, null, 0);
  });
  for (let from = 0; from < options.threads; from += batch) writeThreads(from, Math.min(options.threads, from + batch));
  if (options.long > 0) {
    const span = template.checkpoints.at(-1)!.step - template.checkpoints[0]!.step + 1;
    db.transaction(() => {
      let parent: string | null = null;
      const size = template.checkpoints.length;
      for (let run = 0; run * size < options.long; run += 1) parent = copyRun("long-thread", `long topic ${run}`, parent, run * span, Math.min(size, options.long - run * size));
    })();
  }
  db.close();
  return { threads: options.threads + (options.long > 0 ? 1 : 0), checkpoints, writes, bytes: statSync(file).size, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { kind: { type: "string", default: "langgraph-js" }, threads: { type: "string", default: "100000" }, long: { type: "string", default: "20000" }, rounds: { type: "string" }, out: { type: "string" } } });
  if (!values.out) throw new Error("bench/generate-big: --out FILE is required");
  if (values.kind !== "langgraph-js" && values.kind !== "chronograph") throw new Error(`bench/generate-big: --kind ${values.kind} is not one of langgraph-js, chronograph`);
  const threads = Number(values.threads);
  const long = Number(values.long);
  if (!Number.isInteger(threads) || threads < 0 || !Number.isInteger(long) || long < 0) throw new Error("bench/generate-big: --threads and --long take whole numbers");
  const out = resolve(values.out);
  const t0 = performance.now();
  if (values.kind === "chronograph") {
    const { chronographTemplate, writeChronographFile } = await import("./generate-chronograph.ts");
    const calls = await chronographTemplate(values.rounds === undefined ? undefined : Number(values.rounds));
    const result = await writeChronographFile(out, calls, { threads, long });
    console.log(`${out}: ${result.threads} threads, ${result.checkpoints} checkpoints, ${result.writes} pending writes, ${(result.bytes / 1e9).toFixed(2)} GB in ${(result.ms / 1000).toFixed(1)} s`);
    return;
  }
  const template = await langGraphTemplate(Number(values.rounds ?? 3));
  const templateMs = performance.now() - t0;
  const result = writeLangGraphFile(out, template, { threads, long });
  console.log(`template: ${template.checkpoints.length} checkpoints, ${template.writes.length} writes per thread (LangGraph.js run: ${templateMs.toFixed(0)} ms)`);
  console.log(`${out}: ${result.threads} threads, ${result.checkpoints} checkpoints, ${result.writes} writes, ${(result.bytes / 1e9).toFixed(2)} GB in ${(result.ms / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
