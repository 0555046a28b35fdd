/**
 * Every HistorySource runs the one conformance suite: the LangGraph reader on each LangGraph.js
 * fixture and on the Python imitation, and Chronograph's own reader on a database our engine wrote.
 */
import { join } from "node:path";
import { Command, END, START, StateGraph, append, lastValue } from "../../core/index.ts";
import { ChronographSource } from "../../core/debugger/chronograph-source.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { FIXTURES, fixtureNames, tempDir } from "./helpers.ts";
import { describeHistorySource } from "./history-source-conformance.ts";
import { writeScenario } from "./python-scenario.ts";

for (const name of fixtureNames()) {
  describeHistorySource(`LangGraphSource on ${name}`, async () => ({ source: await LangGraphSource.open(join(FIXTURES, name)), cleanup: async () => {} }));
}

describeHistorySource("LangGraphSource on a Python LangGraph database", async () => {
  const temp = tempDir();
  const file = join(temp.dir, "python.sqlite");
  writeScenario(file);
  return { source: await LangGraphSource.open(file), cleanup: async () => temp.cleanup() };
});

describeHistorySource("ChronographSource on a database the engine wrote", async () => {
  const temp = tempDir();
  const file = join(temp.dir, "runs.db");
  const saver = SqliteSaver.open(file);
  const graph = new StateGraph<{ question: string; notes: string[] }>({ name: "research", channels: { question: lastValue(""), notes: append<string>() } })
    .addNode("gather", (state) => ({ notes: [`sources for ${state.question}`] }))
    .addNode("review", (_state, ctx) => ({ notes: [ctx.interrupt<string>({ ask: "Looks right?" })] }))
    .addEdge(START, "gather").addEdge("gather", "review").addEdge("review", END)
    .compile({ checkpointer: saver });
  await graph.invoke({ question: "tides" }, { threadId: "t1" });
  await graph.invoke(new Command({ resume: "yes" }), { threadId: "t1" });
  await graph.invoke({ question: "moons" }, { threadId: "t2" });
  await saver.close();
  return { source: await ChronographSource.open(file), cleanup: async () => temp.cleanup() };
});
