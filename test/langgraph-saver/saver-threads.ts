/**
 * Many ChronographSaver threads, written quickly for the reader tests: the calls LangGraph.js makes for a
 * few real runs (the agent loop with its interrupt, resumes, updateState fork and subgraph; a run that
 * fails) are recorded once, then replayed through ChronographSaver itself for each thread, cut after a
 * varying number of calls (so heads are mid-run, waiting, failed or done), in a shuffled order.
 */
import { type Checkpoint, type CheckpointMetadata, MemorySaver, type PendingWrite } from "@langchain/langgraph-checkpoint";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { ChronographSaver } from "../../core/langgraph-saver/index.ts";
import { failingGraph, runAgentStory } from "./agent-graph.ts";

type Call =
  | { kind: "put"; config: RunnableConfig; checkpoint: Checkpoint; metadata: CheckpointMetadata; versions: Record<string, string | number> }
  | { kind: "writes"; config: RunnableConfig; writes: PendingWrite[]; taskId: string; taskPath?: string };

/** A MemorySaver that also keeps every put and putWrites it was given, in order. */
class Recorder extends MemorySaver {
  readonly calls: Call[] = [];
  // LangGraph passes the new versions as a fourth argument, which MemorySaver's own put does not declare.
  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, ...rest: unknown[]) {
    this.calls.push({ kind: "put", config, checkpoint, metadata, versions: (rest[0] ?? {}) as Record<string, string | number> });
    return super.put(config, checkpoint, metadata);
  }
  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string) {
    this.calls.push({ kind: "writes", config, writes, taskId, taskPath });
    return super.putWrites(config, writes, taskId, taskPath);
  }
}

/** The recorded calls of `agents` agent runs and `failures` failing runs (each with its own checkpoint ids), agents first. */
export async function recordTemplates(agents = 6, failures = 2): Promise<Call[][]> {
  const out: Call[][] = [];
  for (let run = 0; run < agents; run += 1) {
    const agent = new Recorder();
    await runAgentStory(agent);
    out.push(agent.calls);
  }
  for (let run = 0; run < failures; run += 1) {
    const boom = new Recorder();
    await failingGraph(boom).invoke({ log: ["start"] }, { configurable: { thread_id: "failing" } }).catch(() => undefined);
    out.push(boom.calls);
  }
  return out;
}

/**
 * Write `count` threads ("t0000"...) through `saver`, in a shuffled order, `parallel` at a time: each replays
 * a template chosen by a seeded generator (checkpoint ids kept: LangGraph's task ids hash them), cut after a
 * number of puts chosen the same way (half right after the put, half after the writes that followed it).
 * Returns the thread ids.
 */
export async function writeThreads(saver: ChronographSaver, templates: Call[][], count: number, options: { parallel?: number; seed?: number } = {}): Promise<string[]> {
  let seed = options.seed ?? 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed / 2 ** 31);
  const threads = Array.from({ length: count }, (_, i) => `t${String(i).padStart(4, "0")}`);
  const order = [...threads];
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const plans = order.map((threadId) => {
    const calls = templates[Math.floor(random() * templates.length)]!;
    const puts = calls.filter((call) => call.kind === "put").length;
    const keep = 1 + Math.floor(random() * puts);
    // Half the threads end at a put (the head has no writes yet: mid-step), the others after its writes.
    const withWrites = random() < 0.5;
    let seen = 0;
    const cut = calls.findIndex((call) => call.kind === "put" && ++seen > keep - (withWrites ? 0 : 1));
    const end = withWrites ? cut : cut + 1;
    return { threadId, calls: cut === -1 ? calls : calls.slice(0, end) };
  });
  const parallel = options.parallel ?? 1;
  for (let start = 0; start < plans.length; start += parallel) {
    await Promise.all(
      plans.slice(start, start + parallel).map(async ({ threadId, calls }) => {
        for (const call of calls) {
          const configurable = { ...call.config.configurable, thread_id: threadId };
          if (call.kind === "put") {
            await saver.put({ configurable }, call.checkpoint, call.metadata, call.versions);
          } else {
            await saver.putWrites({ configurable }, call.writes, call.taskId, call.taskPath);
          }
        }
      }),
    );
  }
  return threads;
}
