/** Every thread a file lists can be opened: thread ids far over the other keys' 512 characters included. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { END, lastValue, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

it("opens a listed thread whose id is 5,000 characters long", async () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-long-id-"));
  const file = join(dir, "runs.db");
  const threadId = `t-${"x".repeat(4998)}`;
  const saver = SqliteSaver.open(file);
  const graph = new StateGraph({ name: "one", channels: { n: lastValue(0) } })
    .addNode("inc", (state: { n: number }) => ({ n: state.n + 1 }))
    .addEdge(START, "inc")
    .addEdge("inc", END)
    .compile({ checkpointer: saver });
  await graph.invoke({ n: 1 }, { threadId: "short" });
  await saver.close();
  // The engine names its own threads within 512 characters; files from elsewhere need not.
  const db = new Database(file);
  for (const table of ["checkpoints", "writes", "threads", "blobs"]) db.prepare(`UPDATE ${table} SET thread_id = ? WHERE thread_id = 'short'`).run(threadId);
  db.close();
  const service = createDebuggerService({ configDir: join(dir, "config") });
  try {
    const client = createClient(createInMemoryTransport(service));
    await client.openDatabase({ path: file });
    const [row] = (await client.listThreads({})).rows;
    expect(row!.threadId).toBe(threadId);
    const timeline = await client.getTimeline({ threadId });
    expect(timeline.length).toBeGreaterThan(1);
    const view = await client.getCheckpoint({ threadId, checkpointId: timeline[0]!.checkpointId });
    expect(view.values).toEqual({ n: 2 });
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
