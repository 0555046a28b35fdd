/**
 * The Chronograph-format half of bench/generate-big.ts. At start the engine runs an agent loop (the same
 * shape as LangGraph.js's agent-loop graph) on one thread, through a checkpointer that records every
 * saveGraph, put and putWrites it receives. The file gets the graph once; every generated thread replays
 * the puts and writes into Chronograph's SqliteSaver (its own put, so its summaries and append chains
 * stay right), with fresh time-ordered checkpoint ids, version ids and timestamps, and its own topic in
 * the values; every tenth thread stops one step short (pending). One put is one transaction (the saver has no batch write), so this path is slower per
 * checkpoint than the direct LangGraph.js rows. Defaults (4 tool calls of about 1 kB each, 10 checkpoints
 * a thread) make 100,000 threads about 1.1 GB and 1 M checkpoints.
 */
import { rmSync, statSync } from "node:fs";
import { append, END, lastValue, MemorySaver, START, StateGraph, type Channel, type ChannelBlob, type Checkpointer, type CheckpointRecord, type GraphDescription, type PendingWrite } from "../core/index.ts";
import { SqliteSaver } from "../core/storage/sqlite/index.ts";
import { IdClock, type GenerateOptions, type Generated } from "./generate-big.ts";

const TOPIC = "TEMPLATETOPIC";
/** Characters of page text in each tool result, so rows weigh what a real agent's do (Chronograph stores each message once). */
export const SNIPPET_CHARS = 1_000;
/** Tool calls per generated thread (each adds two checkpoints): 4 gives 10 checkpoints a thread. */
export const CHRONOGRAPH_ROUNDS = 4;

/** Threads numbered n with n % 10 equal to this end one step before the run does (status "pending"). */
export const UNFINISHED = 7;

type Call =
  | { kind: "put"; record: CheckpointRecord; blobs: ChannelBlob[] }
  | { kind: "writes"; checkpointId: string; writes: PendingWrite[] }
  | { kind: "graph"; graph: GraphDescription; hash: string };
interface AgentState {
  messages: { role: string; content: string; call?: string }[];
  toolCalls: number;
  budget: number;
}

/** Run the engine's agent loop once (`rounds` tool calls) and return the checkpointer calls it made, in order. */
export async function chronographTemplate(rounds = CHRONOGRAPH_ROUNDS, snippetChars = SNIPPET_CHARS): Promise<Call[]> {
  const snippet = `A page about ${TOPIC}: `.padEnd(snippetChars, "lorem ipsum dolor sit amet ");
  const calls: Call[] = [];
  const memory = new MemorySaver();
  const recorder = new Proxy(memory, {
    get(target, key, receiver) {
      if (key === "put") return async (record: CheckpointRecord, blobs: ChannelBlob[]) => (calls.push({ kind: "put", record: structuredClone(record), blobs: structuredClone(blobs) }), target.put(record, blobs));
      if (key === "saveGraph") return async (graph: GraphDescription, hash: string) => (calls.push({ kind: "graph", graph: structuredClone(graph), hash }), target.saveGraph(graph, hash));
      if (key === "putWrites") return async (threadId: string, checkpointId: string, writes: PendingWrite[]) => (calls.push({ kind: "writes", checkpointId, writes: structuredClone(writes) }), target.putWrites(threadId, checkpointId, writes));
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Checkpointer;
  const graph = new StateGraph<AgentState>({ name: "agent-loop", channels: { messages: append() as Channel<AgentState["messages"]>, toolCalls: lastValue(0), budget: lastValue(0) } })
    .addNode("agent", (state) => {
      const n = state.toolCalls;
      if (n >= state.budget) return { messages: [{ role: "ai", content: `Done after ${n} lookups.` }] };
      return { messages: [{ role: "ai", content: n === 0 ? "Let me look that up." : "", call: `lookup page ${n + 1}` }] };
    })
    .addNode("tools", (state) => ({ messages: [{ role: "tool", content: JSON.stringify({ hits: [`${state.messages.at(-1)!.call} result`], snippet, total: 1 }) }], toolCalls: state.toolCalls + 1 }))
    .addEdge(START, "agent")
    .addConditionalEdges("agent", (state) => (state.messages.at(-1)?.call ? "tools" : END), ["tools", END])
    .addEdge("tools", "agent")
    .compile({ checkpointer: recorder });
  await graph.invoke({ messages: [{ role: "user", content: `Collect pages about ${TOPIC}.` }], budget: rounds }, { threadId: "template" });
  return calls;
}

/** Values with every template id (checkpoint ids, versions) and topic replaced, through one JSON round trip. */
function rewrite<T>(value: T, ids: Map<string, string>, topic: string): T {
  let json = JSON.stringify(value).replaceAll(TOPIC, topic);
  for (const [from, to] of ids) json = json.replaceAll(from, to);
  return JSON.parse(json) as T;
}

/** Replay the template's calls for `options.threads` threads (plus the long thread) into a new Chronograph file. */
export async function writeChronographFile(file: string, calls: Call[], options: GenerateOptions): Promise<Generated> {
  const started = performance.now();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const saver = SqliteSaver.open(file);
  const puts = calls.filter((call) => call.kind === "put").length;
  // The graph's topology, stored once as the engine stores it, so the debugger draws it rather than inferring it.
  for (const call of calls) if (call.kind === "graph") await saver.saveGraph(call.graph, call.hash);
  const clock = new IdClock(options.startMs ?? Date.UTC(2026, 0, 1));
  let checkpoints = 0;
  let writes = 0;
  const copyRun = async (threadId: string, topic: string, parent: string | null, stepBase: number, count = puts): Promise<string | null> => {
    const ids = new Map<string, string>();
    let last = parent;
    let written = 0;
    for (const call of calls) {
      if (call.kind === "graph") continue;
      if (call.kind === "writes") {
        if (!ids.has(call.checkpointId)) continue;
        await saver.putWrites(threadId, ids.get(call.checkpointId)!, rewrite(call.writes, ids, topic));
        writes += call.writes.length;
        continue;
      }
      if (written === count) break;
      const { id, ts } = clock.nextChronograph();
      ids.set(call.record.checkpointId, id);
      const record = rewrite(call.record, ids, topic);
      record.threadId = threadId;
      record.parentId = call.record.parentId === null ? parent : (ids.get(call.record.parentId) ?? null);
      record.step = call.record.step + stepBase;
      record.createdAt = Date.parse(ts);
      await saver.put(record, rewrite(call.blobs, ids, topic));
      checkpoints += 1;
      written += 1;
      last = id;
    }
    // Where the engine's run would end: the thread's summary row is brought current (thread-lag.ts).
    await saver.settle(threadId);
    return last;
  };
  // Every tenth thread stops one step short, so a status filter ("pending") has something to find.
  for (let n = 0; n < options.threads; n += 1) await copyRun(`${options.prefix ?? "thread-"}${n}`, `topic ${n}`, null, 0, n % 10 === UNFINISHED ? puts - 1 : puts);
  if (options.long > 0) {
    const steps = calls.flatMap((call) => (call.kind === "put" ? [call.record.step] : []));
    const span = Math.max(...steps) - Math.min(...steps) + 1;
    let parent: string | null = null;
    for (let run = 0; run * puts < options.long; run += 1) parent = await copyRun("long-thread", `long topic ${run}`, parent, run * span, Math.min(puts, options.long - run * puts));
  }
  saver.walCheckpoint();
  await saver.close();
  return { threads: options.threads + (options.long > 0 ? 1 : 0), checkpoints, writes, bytes: statSync(file).size, ms: performance.now() - started };
}
