/**
 * Writes the LangGraph.js fixtures under test/fixtures/langgraph-js/: five small databases written by
 * LangGraph.js itself (the pinned @langchain/langgraph with @langchain/langgraph-checkpoint-sqlite), each
 * with its `.expected.json` oracle taken from LangGraph.js's own answers in the same run.
 *
 *   npm run fixtures:langgraph            (all five)
 *   npx tsx scripts/generate-langgraph-fixtures.ts hitl-interrupt
 *   npm run fixtures:langgraph -- --out /tmp/fixtures   (elsewhere, e.g. to compare two runs)
 *
 * Inputs are fixed; checkpoint ids, task ids and timestamps come from the clock, so a new run writes new
 * ids (and a matching oracle). Tests must read ids from the oracle, never hard-code them.
 */
import Database from "better-sqlite3";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { HumanMessage } from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { agentGraph, essayGraph, fanoutGraph, newFaults, pipelineGraph, ticketGraph } from "../test/interop/langgraph-graphs.ts";
import { fileOracle, shown, threadOracle, type NamespaceOracle, type StateReader } from "./langgraph-oracle.ts";

const { values: flags, positionals: names } = parseArgs({ options: { out: { type: "string" } }, allowPositionals: true });
const OUT = resolve(flags.out ?? join(import.meta.dirname, "../test/fixtures/langgraph-js"));

interface Run {
  saver: SqliteSaver;
  /** Node each updateState checkpoint was written as, by checkpoint id. */
  updatedAs: Map<string, string>;
  oracle(graph: StateReader, threadIds: string[]): Promise<NamespaceOracle[]>;
}

const on = (threadId: string, checkpointId?: string) => ({ configurable: checkpointId ? { thread_id: threadId, checkpoint_id: checkpointId } : { thread_id: threadId } });
const failing = async (work: Promise<unknown>) => work.then(() => { throw new Error("the run was meant to fail"); }, (error: Error) => error);

/** Each scenario runs its graphs on `run.saver` and returns the oracle's namespaces and scenario facts. */
const SCENARIOS: Record<string, (run: Run) => Promise<{ namespaces: NamespaceOracle[]; scenario: Record<string, unknown> }>> = {
  async "fork-update"(run) {
    const graph = essayGraph(run.saver);
    const original_final = await graph.invoke({ title: "tea" }, on("essay"));
    const history = [];
    for await (const snapshot of graph.getStateHistory(on("essay"))) history.push(snapshot);
    const afterOutline = history.find((snapshot) => snapshot.metadata?.step === 1)!.config.configurable!.checkpoint_id as string;
    const afterWrite = history.find((snapshot) => snapshot.metadata?.step === 2)!.config.configurable!.checkpoint_id as string;
    const updated = await graph.updateState(on("essay", afterOutline), { sections: ["Origins of tea", "Brewing", "Serving", "Conclusion"] }, "outline");
    const updateId = updated.configurable!.checkpoint_id as string;
    run.updatedAs.set(updateId, "outline");
    const forked_final = await graph.invoke(null, on("essay", updateId));
    const replayed_final = await graph.invoke(null, on("essay", afterWrite));
    return {
      namespaces: await run.oracle(graph, ["essay"]),
      scenario: { original_final, update_target_checkpoint_id: afterOutline, update_checkpoint_id: updateId, update_as_node: "outline", forked_final, replay_from_checkpoint_id: afterWrite, replayed_final },
    };
  },

  async "hitl-interrupt"(run) {
    const graph = ticketGraph(run.saver);
    const first_pause_output = await graph.invoke({ request: "broken kettle" }, on("ticket-approved"));
    const approved_final = await graph.invoke(new Command({ resume: { approved: true, comment: "ok" } }), on("ticket-approved"));
    await graph.invoke({ request: "late delivery" }, on("ticket-rejected-then-approved"));
    await graph.invoke(new Command({ resume: { approved: false, comment: "apologise for the delay" } }), on("ticket-rejected-then-approved"));
    const revised_final = await graph.invoke(new Command({ resume: { approved: true, comment: "better" } }), on("ticket-rejected-then-approved"));
    const waiting_output = await graph.invoke({ request: "wrong colour" }, on("ticket-waiting"));
    return {
      namespaces: await run.oracle(graph, ["ticket-approved", "ticket-rejected-then-approved", "ticket-waiting"]),
      scenario: shown({ first_pause_output, approved_final, revised_final, waiting_output }) as Record<string, unknown>,
    };
  },

  async "linear-retry"(run) {
    const faults = newFaults();
    const graph = pipelineGraph(run.saver, faults);
    const clean_final_values = await graph.invoke({ topic: "wind turbines" }, on("pipeline-clean"));
    faults.failNext.add("analyze");
    const error = await failing(graph.invoke({ topic: "solar panels" }, on("pipeline-failed-then-resumed")));
    const resumed_final_values = await graph.invoke(null, on("pipeline-failed-then-resumed"));
    faults.failNext.add("analyze");
    await failing(graph.invoke({ topic: "heat pumps" }, on("pipeline-failed-unresumed")));
    return {
      namespaces: await run.oracle(graph, ["pipeline-clean", "pipeline-failed-then-resumed", "pipeline-failed-unresumed"]),
      scenario: { first_error: error.message, analyze_calls: faults.calls.analyze, resumed_final_values, clean_final_values },
    };
  },

  async "parallel-fanout"(run) {
    const faults = newFaults();
    const graph = fanoutGraph(run.saver, faults);
    faults.failNext.add("fetch_news");
    const error = await failing(graph.invoke({ city: "  Lisbon " }, on("fanout-news-fails-once")));
    const calls_after_failure = { ...faults.calls };
    const final_values = await graph.invoke(null, on("fanout-news-fails-once"));
    const calls_after_resume = { ...faults.calls };
    faults.failNext.add("fetch_news");
    await failing(graph.invoke({ city: "Porto" }, on("fanout-news-fails-unresumed")));
    return {
      namespaces: await run.oracle(graph, ["fanout-news-fails-once", "fanout-news-fails-unresumed"]),
      scenario: { error: { name: error.name, message: error.message }, calls_after_failure, calls_after_resume, final_values },
    };
  },

  async "agent-loop"(run) {
    const graph = agentGraph(run.saver);
    const first = await graph.invoke({ messages: [new HumanMessage({ id: "human-0", content: "Collect twelve pages about tea." })], budget: 12 }, { ...on("agent-research"), recursionLimit: 50 });
    const second = await graph.invoke({ messages: [new HumanMessage({ id: "human-1", content: "Two more pages, please." })], budget: 14 }, on("agent-research"));
    return {
      namespaces: await run.oracle(graph, ["agent-research"]),
      scenario: { first_turn_rounds: first.toolCalls, second_turn_rounds: second.toolCalls - first.toolCalls, first_turn_message_count: first.messages.length, message_count: second.messages.length, last_message: second.messages.at(-1)!.content },
    };
  },
};

async function generate(name: string): Promise<void> {
  const file = join(OUT, `${name}.sqlite`);
  for (const suffix of ["", "-wal", "-shm", ".expected.json"]) rmSync(file + suffix, { force: true });
  const saver = SqliteSaver.fromConnString(file);
  const updatedAs = new Map<string, string>();
  const run: Run = {
    saver,
    updatedAs,
    oracle: async (graph, threadIds) => Promise.all(threadIds.map((threadId) => threadOracle(graph, saver, threadId, updatedAs))),
  };
  try {
    const { namespaces, scenario } = await SCENARIOS[name]!(run);
    writeFileSync(`${file}.expected.json`, `${JSON.stringify(fileOracle(namespaces, scenario), null, 1)}\n`);
  } finally {
    (saver as unknown as { db: Database.Database }).db.close();
  }
  // Fold the WAL back in and drop free pages, so the fixture is one small file.
  const db = new Database(file);
  db.pragma("journal_mode = DELETE");
  db.exec("VACUUM");
  db.close();
  console.log(`wrote ${file} and its .expected.json`);
}

for (const name of names) if (!(name in SCENARIOS)) throw new Error(`Unknown fixture "${name}"; known: ${Object.keys(SCENARIOS).join(", ")}.`);
mkdirSync(OUT, { recursive: true });
for (const name of names.length > 0 ? names : Object.keys(SCENARIOS)) await generate(name);
