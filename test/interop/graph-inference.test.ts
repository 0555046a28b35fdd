/**
 * The graph drawn from history against the graph drawn from code: for the fixtures whose graphs we can
 * rebuild, the edges inferred from what the runs wrote (every thread together) are exactly the edges
 * LangGraph.js draws for the compiled graph, conditional ones included.
 */
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { graphViewFromCode } from "../../core/interop/langgraph/code-graph.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import type { GraphView } from "../../core/api/types.ts";
import { FIXTURES } from "./helpers.ts";
import { essayGraph, ticketGraph } from "./langgraph-graphs.ts";

async function inferredEdges(fixture: string): Promise<Set<string>> {
  const source = await LangGraphSource.open(join(FIXTURES, fixture));
  const edges = new Set<string>();
  for (const row of await source.listThreads()) for (const edge of (await source.getGraph(row)).edges) edges.add(`${edge.from} -> ${edge.to} (${edge.kind})`);
  await source.close();
  return edges;
}

const codeEdges = (graph: GraphView) => new Set(graph.edges.map((edge) => `${edge.from} -> ${edge.to} (${edge.kind})`));

describe("graphs inferred from history", () => {
  for (const [fixture, build] of [["hitl-interrupt.sqlite", ticketGraph], ["fork-update.sqlite", essayGraph]] as const) {
    it(`${fixture}: the inferred edges are the compiled graph's edges`, async () => {
      const code = await graphViewFromCode(build(SqliteSaver.fromConnString(":memory:")), fixture);
      expect(code.origin).toBe("code");
      expect([...(await inferredEdges(fixture))].sort()).toEqual([...codeEdges(code)].sort());
    });
  }

  it("a join edge is drawn as a join, fan-out as fixed edges", async () => {
    expect([...(await inferredEdges("parallel-fanout.sqlite"))].sort()).toEqual([
      "__start__ -> plan (fixed)",
      "fetch_news -> merge (join)",
      "fetch_stocks -> merge (join)",
      "fetch_weather -> merge (join)",
      "merge -> __end__ (fixed)",
      "plan -> fetch_news (fixed)",
      "plan -> fetch_stocks (fixed)",
      "plan -> fetch_weather (fixed)",
    ]);
  });

  it("refuses what is not a compiled graph, naming it", async () => {
    await expect(graphViewFromCode({}, "module.ts#graph")).rejects.toMatchObject({ code: "GRAPH_MODULE", message: expect.stringContaining("module.ts#graph") });
  });
});
