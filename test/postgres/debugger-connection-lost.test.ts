/**
 * The server goes away while the debugger browses LangGraph's PostgreSQL tables: the next read fails
 * with one DATABASE_UNAVAILABLE line naming the masked URL (never a hang), and once the server is back
 * the same open database reads again without being reopened. Runs on a server of its own.
 */
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { ChronographError } from "../../core/api/errors.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { essayGraph } from "../interop/langgraph-graphs.ts";
import { type Cluster, startCluster, startServer, stopServer } from "../support/postgres.ts";

describe("the debugger when the PostgreSQL server goes away while browsing", () => {
  let cluster: Cluster;
  const dir = mkdtempSync(join(tmpdir(), "chronograph-pg-lost-"));
  beforeAll(async () => {
    cluster = await startCluster();
  }, 60_000);
  afterAll(() => {
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers one DATABASE_UNAVAILABLE line while it is down, and reads again once it is back", async () => {
    const saver = PostgresSaver.fromConnString(cluster.url);
    await saver.setup();
    const graph = essayGraph(saver as never);
    await graph.invoke({ title: "Lost" }, { configurable: { thread_id: "lost-1" } });
    await graph.invoke({ title: "Found" }, { configurable: { thread_id: "lost-2" } });
    await saver.end();

    const service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 60_000 });
    const client = createClient(createInMemoryTransport(service));
    try {
      const info = await client.openDatabase({ path: cluster.url });
      expect(info.threadCount).toBe(2);
      stopServer(cluster.control);
      const error = await client.getTimeline({ threadId: "lost-2", namespace: "" }).then(
        () => null,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(ChronographError);
      expect((error as ChronographError).code).toBe("DATABASE_UNAVAILABLE");
      expect((error as ChronographError).message).not.toContain("\n");
      expect((error as ChronographError).message).not.toContain(new URL(cluster.url).password);
      expect((error as ChronographError).message).toContain("127.0.0.1");

      startServer(cluster.control);
      const timeline = await client.getTimeline({ threadId: "lost-2", namespace: "" });
      expect(timeline[0]!.writers).toEqual(["polish"]);
    } finally {
      await service.close();
    }
  }, 120_000);
});
