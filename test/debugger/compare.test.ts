/**
 * compareBranches on a Chronograph database written by the engine: a run, and a branch made by editing
 * the state after its first node and running on from there. Both histories align from the edit's parent.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { END, lastValue, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

let dir: string;
let service: DebuggerService;
let original: { head: string; afterA: string };
let branchHead: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-compare-"));
  const saver = SqliteSaver.open(join(dir, "runs.db"));
  const graph = new StateGraph({ name: "chain", channels: { x: lastValue(0), trail: lastValue("") } })
    .addNode("a", (s) => ({ x: (s.x as number) + 1, trail: "a" }))
    .addNode("b", (s) => ({ x: (s.x as number) * 10, trail: `${s.trail as string}b` }))
    .addNode("c", (s) => ({ trail: `${s.trail as string}c` }))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", "c")
    .addEdge("c", END)
    .compile({ checkpointer: saver });
  await graph.invoke({ x: 1 }, { threadId: "t" });
  const history = await graph.getStateHistory({ threadId: "t" });
  const afterA = history.find((snapshot) => snapshot.next.includes("b"))!.config.checkpointId;
  original = { head: (await graph.getState({ threadId: "t" })).config.checkpointId, afterA };
  // The branch: x edited to 5 as node "a" after a ran, then b and c run on it.
  const edited = await graph.updateState({ threadId: "t", checkpointId: afterA }, { x: 5 }, { asNode: "a" });
  await graph.invoke(null, { threadId: "t", checkpointId: edited.checkpointId });
  branchHead = (await graph.getState({ threadId: "t" })).config.checkpointId;
  await saver.close();
  service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 60_000 });
  await service.openDatabase({ path: join(dir, "runs.db") });
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("compareBranches", () => {
  it("aligns both branches from their common ancestor and marks the edit as the first divergent step", async () => {
    const result = await service.compareBranches({ threadId: "t", left: original.head, right: branchHead });
    expect(result.ancestorId).toBe(original.afterA);
    expect(result.totalRows).toBe(3);
    expect(result.truncated).toBe(false);
    const [edit, b, c] = result.rows;
    // The edit exists on the branch only: it stands alone and is the first divergent row.
    expect(edit).toMatchObject({ index: 0, left: null, alignedBy: "none", divergent: true });
    expect(edit!.right!.source).toBe("update");
    expect(result.firstDivergent).toBe(0);
    // Then b against b (steps shifted by the edit: aligned by writer), with the state diff, and c against c.
    expect(b).toMatchObject({ alignedBy: "writer", sameWriters: true, divergent: true });
    expect(b!.left!.writers).toEqual(["b"]);
    expect(b!.right!.step).toBe(b!.left!.step + 1);
    expect(b!.changes).toEqual([{ path: ["x"], kind: "changed", before: 20, after: 50 }]);
    expect(c).toMatchObject({ alignedBy: "writer", sameWriters: true });
    expect(c!.right!.writers).toEqual(["c"]);
    expect(c!.changes).toEqual([{ path: ["x"], kind: "changed", before: 20, after: 50 }]);
  });

  it("a checkpoint compared with itself has no rows and no divergence", async () => {
    const result = await service.compareBranches({ threadId: "t", left: branchHead, right: branchHead });
    expect(result).toMatchObject({ ancestorId: branchHead, rows: [], firstDivergent: null, totalRows: 0 });
  });

  it("pages the rows and still reports the first divergence before the page", async () => {
    const page = await service.compareBranches({ threadId: "t", left: original.head, right: branchHead, offset: 1, limit: 1 });
    expect(page.rows.map((row) => row.index)).toEqual([1]);
    expect(page).toMatchObject({ offset: 1, totalRows: 3, truncated: true, firstDivergent: 0 });
  });

  it("through the contract: the result crosses as JSON, and a limit over 500 rows is refused naming the field", async () => {
    const client = createClient(createInMemoryTransport(service));
    const result = await client.compareBranches({ threadId: "t", left: original.head, right: branchHead, limit: 2 });
    expect(result).toMatchObject({ totalRows: 3, truncated: true, firstDivergent: 0 });
    await expect(client.compareBranches({ threadId: "t", left: original.head, right: branchHead, limit: 501 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringContaining("compareBranches: limit") });
  });

  it("names an unknown checkpoint", async () => {
    await expect(service.compareBranches({ threadId: "t", left: "nope", right: branchHead })).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND", message: expect.stringContaining('"nope"') });
  });
});
