/**
 * Live change notices on Chronograph's schema on PostgreSQL name exactly the threads another connection
 * changed, from per-bucket digests (core/storage/postgres/thread-changes.ts) instead of every thread's
 * stamp: checked against the full stamp comparison over new checkpoints, a status-changing write, a new
 * thread, a prune and a thread deleted while another arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import { openHistorySource } from "../../core/debugger/sources.ts";
import { PostgresSaver } from "../../core/storage/postgres/index.ts";
import { dropSchema, freshSchema, postgresUrl } from "./server.ts";
import { seedThreadCopies } from "./thread-copies.ts";
import { changesBeside, stepsGraph } from "../support/change-notices.ts";

const schema = freshSchema("changes");
let source: HistorySource;
let writer: PostgresSaver;

beforeAll(async () => {
  await seedThreadCopies(postgresUrl(), schema, 300);
  source = await openHistorySource(`${postgresUrl()}${postgresUrl().includes("?") ? "&" : "?"}schema=${schema}`);
  writer = await PostgresSaver.open(postgresUrl(), { schema });
}, 120_000);

afterAll(async () => {
  await writer?.close();
  await source?.close();
  await dropSchema(schema);
});

describe("Chronograph's PostgreSQL reader names changed threads", () => {
  it("finds new checkpoints, a status-changing write, a new thread, a prune and a swap of threads, as the stamps do", async () => {
    expect(await source.changedThreads!()).toEqual([]);
    expect(await changesBeside(source, async () => undefined)).toEqual({ changed: [], stamps: [] });
    const graph = stepsGraph(writer);
    expect(await changesBeside(source, async () => void (await graph.invoke({ log: ["new"] }, { threadId: "live-1" })))).toEqual({ changed: ["live-1"], stamps: ["live-1"] });
    expect(await changesBeside(source, async () => void (await graph.invoke({ log: ["again"] }, { threadId: "live-1" })))).toEqual({ changed: ["live-1"], stamps: ["live-1"] });
    const failed = await changesBeside(source, async () => {
      const head = (await writer.getTuple("job-00004"))!;
      await writer.putWrites("job-00004", head.record.checkpointId, [{ taskId: "task-x", node: "check", kind: "error", value: { name: "Error", message: "late" } }]);
    });
    expect(failed).toEqual({ changed: ["job-00004"], stamps: ["job-00004"] });
    const pruned = await changesBeside(source, async () => void (await writer.prune({ keepLast: 1 })));
    expect(pruned.changed.length).toBeGreaterThan(100);
    expect(pruned.changed).toEqual(pruned.stamps);
    const swapped = await changesBeside(source, async () => {
      await writer.deleteThread("job-00010");
      await graph.invoke({ log: ["two"] }, { threadId: "live-2" });
    });
    expect(swapped).toEqual({ changed: ["job-00010", "live-2"], stamps: ["job-00010", "live-2"] });
    expect(await source.changedThreads!()).toEqual([]);
  });
});
