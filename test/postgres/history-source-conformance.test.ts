/**
 * The HistorySource conformance suite (test/interop/history-source-conformance.ts) on the PostgreSQL
 * readers: LangGraph.js's PostgresSaver tables with nested subgraphs and an interrupt (the thread list
 * pages one row per thread, its namespaces inside), and Chronograph's own schema written by the engine.
 */
import { Command } from "@langchain/langgraph";
import { openHistorySource } from "../../core/debugger/sources.ts";
import { append, END, lastValue, START, StateGraph } from "../../core/index.ts";
import { PostgresSaver } from "../../core/storage/postgres/index.ts";
import { describeHistorySource } from "../interop/history-source-conformance.ts";
import { essayGraph, nestedInterruptGraph } from "../interop/langgraph-graphs.ts";
import { langGraphSchema } from "./debugger-langgraph-schema.ts";
import { dropSchema, freshSchema, postgresUrl } from "./server.ts";

describeHistorySource("PostgresLangGraphSource on LangGraph.js's PostgresSaver tables with subgraphs", async () => {
  const db = await langGraphSchema("conf_lg");
  const saver = db.saver as never;
  for (const id of ["nested-a", "nested-done"]) await nestedInterruptGraph(saver).invoke({ notes: ["start"] }, { configurable: { thread_id: id } });
  await nestedInterruptGraph(saver).invoke(new Command({ resume: "yes" }), { configurable: { thread_id: "nested-done" } });
  for (let n = 0; n < 3; n += 1) await essayGraph(saver).invoke({ title: `essay ${n}` }, { configurable: { thread_id: `essay-${n}` } });
  return { source: await openHistorySource(db.url), cleanup: () => db.cleanup() };
});

describeHistorySource("Chronograph's PostgreSQL reader on a schema the engine wrote", async () => {
  const schema = freshSchema("conf_cg");
  const saver = await PostgresSaver.open(postgresUrl(), { schema });
  const graph = new StateGraph<{ log: string[]; verdict: string }>({ name: "review", channels: { log: append<string>(), verdict: lastValue("") } })
    .addNode("draft", () => ({ log: ["drafted"] }))
    .addNode("check", (state: { log: string[] }) => ({ log: ["checked"], verdict: `ok after ${state.log.length}` }))
    .addEdge(START, "draft")
    .addEdge("draft", "check")
    .addEdge("check", END)
    .compile({ checkpointer: saver, interruptBefore: ["check"] });
  for (const threadId of ["one", "two", "three"]) await graph.invoke({ log: ["start"] }, { threadId });
  await graph.invoke(null, { threadId: "two" });
  await saver.close();
  const url = `${postgresUrl()}${postgresUrl().includes("?") ? "&" : "?"}schema=${schema}`;
  return { source: await openHistorySource(url), cleanup: () => dropSchema(schema) };
});
