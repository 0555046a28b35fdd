/**
 * The process the crash test kills. It runs a 20-superstep graph on a SqliteSaver (DB is a file) or a
 * PostgresSaver (DB is a postgres:// URL, its schema in `?schema=`): starts the thread,
 * or resumes it from its newest checkpoint when it exists. In every superstep two nodes run in parallel
 * (`fast` and `slow`); each first appends `step N node` to a side-effect log outside the database, then
 * works for a few milliseconds, so a kill can land anywhere: inside a node, between a node and its
 * pending write, inside a checkpoint's transaction.
 *
 *   node --import tsx test/crash-child.ts DB SIDE_EFFECT_LOG THREAD
 *
 * Prints `ready` just before the run starts and `done <final state as JSON>` when it finishes.
 */
import { appendFileSync } from "node:fs";
import { StateGraph, START, END, append, lastValue } from "../core/index.ts";
import type { Checkpointer } from "../core/checkpoint/types.ts";
import { PostgresSaver } from "../core/storage/postgres/index.ts";
import { SqliteSaver } from "../core/storage/sqlite/index.ts";

const SUPERSTEPS = 20;

type CrashState = {
  label: string;
  fast: number[];
  slow: number[];
};

const [file, sideEffects, threadId] = process.argv.slice(2);
if (!file || !sideEffects || !threadId) throw new Error("usage: crash-child.ts DB SIDE_EFFECT_LOG THREAD");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keepGoing = (state: CrashState) => (state.slow.length < SUPERSTEPS ? ["fast", "slow"] : END);

const saver: Checkpointer = /^postgres(ql)?:/.test(file) ? await PostgresSaver.open(file) : SqliteSaver.open(file);
const graph = new StateGraph<CrashState>({ name: "crash-test", channels: { label: lastValue(""), fast: append<number>(), slow: append<number>() } })
  .addNode("fast", async (_state, ctx) => {
    appendFileSync(sideEffects, `step ${ctx.step} fast\n`);
    await sleep(1);
    return { fast: [ctx.step] };
  })
  .addNode("slow", async (_state, ctx) => {
    appendFileSync(sideEffects, `step ${ctx.step} slow\n`);
    await sleep(4);
    return { slow: [ctx.step] };
  })
  .addEdge(START, "fast")
  .addEdge(START, "slow")
  .addConditionalEdges("fast", keepGoing, ["fast", "slow", END])
  .addConditionalEdges("slow", keepGoing, ["fast", "slow", END])
  .compile({ checkpointer: saver });

const resuming = (await saver.getTuple(threadId)) !== undefined;
process.stdout.write("ready\n");
const final = await graph.invoke(resuming ? null : { label: threadId }, { threadId, recursionLimit: SUPERSTEPS + 5 });
process.stdout.write(`done ${JSON.stringify(final)}\n`);
await saver.close();
