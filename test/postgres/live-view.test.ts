/**
 * The live view on Chronograph's schema in PostgreSQL: the engine's saver NOTIFYs each checkpoint in the
 * same statement, the debugger's listener hears it on its own connection, and the open session tells the
 * app which thread changed. When the server restarts the listener reconnects by itself (and counts the
 * reconnect as a change, since notifications sent meanwhile are lost). LangGraph's tables send none: their
 * token is polled, and stands still while nothing is written. Runs on a server of its own.
 */
import { PostgresSaver as LangGraphPostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import type { DatabaseChange } from "../../core/api/types.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { END, lastValue, START, StateGraph } from "../../core/index.ts";
import { PostgresSaver } from "../../core/storage/postgres/index.ts";
import { detectPostgres } from "../../core/storage/postgres/langgraph-reads.ts";
import { ChangeListener } from "../../core/storage/postgres/listen.ts";
import { essayGraph } from "../interop/langgraph-graphs.ts";
import { type Cluster, startCluster, startServer, stopServer } from "../support/postgres.ts";

function counter(saver: PostgresSaver) {
  return new StateGraph<{ n: number }>({ name: "count", channels: { n: lastValue(0) } })
    .addNode("inc", (state: { n: number }) => ({ n: state.n + 1 }))
    .addEdge(START, "inc")
    .addEdge("inc", END)
    .compile({ checkpointer: saver });
}

describe("live view of Chronograph's schema on PostgreSQL", () => {
  let cluster: Cluster;
  const dir = mkdtempSync(join(tmpdir(), "chronograph-pg-live-"));
  beforeAll(async () => {
    cluster = await startCluster();
  }, 60_000);
  afterAll(() => {
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a worker's checkpoint reaches the listener and the open session through NOTIFY", async () => {
    const worker = await PostgresSaver.open(cluster.url, { schema: "live" });
    await counter(worker).invoke({ n: 1 }, { threadId: "first" });
    const listener = await ChangeListener.start(cluster.url, "live");
    const service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 100 });
    const client = createClient(createInMemoryTransport(service));
    const changes: DatabaseChange[] = [];
    service.on("onDatabaseChanged", (change) => void changes.push(change));
    try {
      const start = listener.token;
      expect(start).not.toBeNull();
      await counter(worker).invoke({ n: 1 }, { threadId: "marker" });
      await expect.poll(() => listener.token).not.toBe(start);

      const url = new URL(cluster.url);
      url.searchParams.set("schema", "live");
      await client.openDatabase({ path: url.toString() });
      await counter(worker).invoke({ n: 5 }, { threadId: "second" });
      await expect.poll(() => changes.some((change) => change.threadIds.includes("second"))).toBe(true);
    } finally {
      await service.close();
      await listener.close();
      await worker.close();
    }
  });

  it("LangGraph's tables (no notifications): the polled token stands still while nothing is written, and moves with a new checkpoint", async () => {
    const saver = LangGraphPostgresSaver.fromConnString(cluster.url, { schema: "lg" });
    await saver.setup();
    const url = new URL(cluster.url);
    url.searchParams.set("schema", "lg");
    const graph = essayGraph(saver as never);
    await graph.invoke({ title: "one" }, { configurable: { thread_id: "lg-1" } });
    const { reader } = await detectPostgres(url.toString());
    try {
      const first = await reader.changeToken();
      expect(await reader.changeToken()).toBe(first);
      await graph.invoke({ title: "two" }, { configurable: { thread_id: "lg-2" } });
      const second = await reader.changeToken();
      expect(second).not.toBe(first);
      expect(await reader.changeToken()).toBe(second);
    } finally {
      await reader.close();
      await saver.end();
    }
  });

  it("reconnects after the server restarts, and hears the next checkpoint", async () => {
    const listener = await ChangeListener.start(cluster.url, "live");
    const worker = await PostgresSaver.open(cluster.url, { schema: "live", timeoutMs: 5_000 });
    try {
      const before = listener.token;
      expect(before).not.toBeNull();
      stopServer(cluster.control);
      await expect.poll(() => listener.token).toBeNull();
      startServer(cluster.control);
      await expect.poll(() => listener.token, { timeout: 30_000 }).not.toBeNull();
      const reconnected = listener.token;
      expect(reconnected).not.toBe(before);
      // The worker's pool reconnects on its next call (a first call may still meet a dead idle connection).
      await counter(worker).invoke({ n: 1 }, { threadId: "after-restart" }).catch(() => counter(worker).invoke({ n: 1 }, { threadId: "after-restart-2" }));
      await expect.poll(() => listener.token).not.toBe(reconnected);
    } finally {
      await listener.close();
      await worker.close();
    }
  }, 120_000);
});
