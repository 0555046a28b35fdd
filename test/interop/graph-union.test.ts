/**
 * One graph per graph: every thread of a LangGraph file's graph draws the same nodes and edges (the
 * union over all its threads), and a refresh re-infers only the threads that changed.
 */
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { GraphView } from "../../core/api/types.ts";
import { GraphCatalog } from "../../core/debugger/graph-catalog.ts";
import { DatabaseSession } from "../../core/debugger/session.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { FIXTURES } from "./helpers.ts";
import { ticketGraph } from "./langgraph-graphs.ts";

const shape = (graph: GraphView) => ({
  nodes: graph.nodes.map((node) => node.id),
  edges: graph.edges.map((edge) => `${edge.from} -> ${edge.to} (${edge.kind})`).sort(),
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copyOf(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), "graph-union-"));
  dirs.push(dir);
  const path = join(dir, fixture);
  copyFileSync(join(FIXTURES, fixture), path);
  return path;
}

async function open(path: string): Promise<DatabaseSession> {
  return DatabaseSession.open(path, { busyTimeoutMs: 2000, onThreadsChanged: () => undefined });
}

describe("one inferred graph per graph", () => {
  for (const fixture of ["hitl-interrupt.sqlite", "linear-retry.sqlite", "parallel-fanout.sqlite"]) {
    it(`${fixture}: every thread draws the same graph`, async () => {
      const session = await open(copyOf(fixture));
      try {
        const { rows } = await session.threads();
        expect(rows.length).toBeGreaterThan(1);
        const shapes = await Promise.all(rows.map(async (row) => shape(await session.langGraphView(row))));
        for (const other of shapes.slice(1)) expect(other).toEqual(shapes[0]);
      } finally {
        await session.close();
      }
    });
  }

  it("a node that ran on one thread only appears on the others, and its edges are drawn", async () => {
    const session = await open(copyOf("hitl-interrupt.sqlite"));
    try {
      const waiting = shape(await session.langGraphView({ threadId: "ticket-waiting", namespace: "" }));
      expect(waiting.nodes).toEqual(["__start__", "draft", "publish", "review", "revise", "__end__"]);
      expect(waiting.edges).toEqual([
        "__start__ -> draft (fixed)",
        "draft -> review (fixed)",
        "publish -> __end__ (fixed)",
        "review -> publish (conditional)",
        "review -> revise (conditional)",
        "revise -> review (fixed)",
      ]);
    } finally {
      await session.close();
    }
  });

  it("a new thread of another graph stays apart, and a refresh re-infers only the threads that changed", async () => {
    const path = copyOf("linear-retry.sqlite");
    const source = await LangGraphSource.open(path);
    try {
      const catalog = new GraphCatalog(source);
      const pipeline = { threadId: "pipeline-failed-unresumed", namespace: "" };
      const before = await catalog.graphOf(pipeline, await source.listThreads());
      expect(before.nodes.map((node) => node.id)).toContain("report");
      const inferredOnce = catalog.inferred;
      expect(inferredOnce).toBe(3);
      const saver = SqliteSaver.fromConnString(path);
      await ticketGraph(saver).invoke({ request: "a refund" }, { configurable: { thread_id: "ticket-new" } });
      const rows = await source.listThreads();
      const ticket = await catalog.graphOf({ threadId: "ticket-new", namespace: "" }, rows);
      // The ticket graph shares no node with the pipeline: it is its own graph.
      expect(ticket.nodes.map((node) => node.id)).toEqual(["__start__", "draft", "review"]);
      expect(shape(await catalog.graphOf(pipeline, rows))).toEqual(shape(before));
      expect(catalog.inferred).toBe(inferredOnce + 1);
    } finally {
      await source.close();
    }
  });
});
