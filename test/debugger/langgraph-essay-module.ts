/**
 * A LangGraph.js graph module, as a user would hand it to Chronograph: it exports the compiled graph
 * that wrote the fork-update fixture (outline → write → polish), so the debugger can draw the real graph.
 */
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { essayGraph } from "../interop/langgraph-graphs.ts";

export const graph = essayGraph(SqliteSaver.fromConnString(":memory:"));
