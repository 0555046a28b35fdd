/**
 * Runs and edits from the debugger on Chronograph's own schema on PostgreSQL, with the engine graph code
 * loaded: replay from a past checkpoint, edit as a node then fork, and resume an interrupt, each written
 * by a graph host through the engine's PostgresSaver. A worker's saver (the test's own) reads back what
 * the debugger wrote, and every row that existed before is still there.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type DebuggerClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import type { Checkpointer, CompiledGraph } from "../../core/index.ts";
import type { PostgresSaver } from "../../core/storage/postgres/index.ts";
import { GRAPHS_MODULE, recordRuns } from "../debugger/fixtures.ts";
import { openFresh, postgresUrl } from "./server.ts";

/** Every row of the history tables as text, keyed by table (the per-thread summary table left out). */
async function historyRows(schema: string): Promise<Set<string>> {
  const client = new Pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    const rows = new Set<string>();
    for (const table of ["checkpoints", "blobs", "writes", "graphs"]) {
      for (const row of (await client.query(`SELECT row_to_json(t)::text AS row FROM "${schema}".${table} t`)).rows as Array<{ row: string }>) rows.add(`${table}: ${row.row}`);
    }
    return rows;
  } finally {
    await client.end();
  }
}

describe("the debugger runs and edits Chronograph's schema on PostgreSQL", () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-pg-runs-"));
  const module = join(dir, "graphs.mts");
  let saver: PostgresSaver;
  let schema: string;
  let cleanup: () => Promise<void>;
  let url: string;
  let service: DebuggerService;
  let client: DebuggerClient;
  let runs: ReturnType<typeof recordRuns>;

  beforeAll(async () => {
    writeFileSync(module, GRAPHS_MODULE);
    const graphs = (await import(pathToFileURL(module).href)) as { review(checkpointer?: Checkpointer): CompiledGraph };
    ({ saver, schema, cleanup } = await openFresh());
    const review = graphs.review(saver);
    await review.invoke({ topic: "quick note" }, { threadId: "quick" });
    await review.invoke({ topic: "launch plan" }, { threadId: "waiting" });
    await review.invoke({ topic: "budget" }, { threadId: "asked" });
    const parsed = new URL(postgresUrl());
    parsed.searchParams.set("schema", schema);
    url = parsed.toString();
    service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 50 });
    client = createClient(createInMemoryTransport(service));
    runs = recordRuns(client);
  });
  afterAll(async () => {
    await service?.close();
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("opens with runs and edits offered once the graph's module is loaded", async () => {
    const opened = await client.openDatabase({ path: url });
    expect(opened).toMatchObject({ kind: "chronograph", readOnly: true, canEdit: true, canEditAsInput: true, canRun: false });
    const info = await client.loadGraphModule({ path: module });
    expect(info).toMatchObject({ canRun: true });
    expect(info.runUnavailableReason).toBeUndefined();
    expect(info.path).not.toContain(new URL(postgresUrl()).password || "\u0000");
  });

  it("replays from a past checkpoint as a new branch, written through PostgresSaver", async () => {
    const before = await historyRows(schema);
    const timeline = await client.getTimeline({ threadId: "quick", namespace: "" });
    const input = timeline.at(-1)!;
    const { runId } = await client.startRun({ threadId: "quick", namespace: "", checkpointId: input.checkpointId, mode: "replay" });
    const events = await runs.until(runId);
    expect(events.filter((event) => event.type === "node" && event.phase === "end").map((event) => (event.type === "node" ? event.node : ""))).toEqual(["research", "publish"]);
    expect(events.at(-1)).toMatchObject({ type: "finished", status: "done" });
    const head = await saver.getTuple("quick");
    expect(head!.record.checkpointId).toBe((events.at(-1) as { checkpointId: string }).checkpointId);
    expect(head!.values.notes).toEqual(["research quick note", "published quick note"]);
    const after = await historyRows(schema);
    expect([...before].filter((row) => !after.has(row))).toEqual([]);
    expect((await client.getTimeline({ threadId: "quick", namespace: "" })).length).toBe(timeline.length + 3);
  });

  it("edits as a node, then forks from the edit; and resumes an interrupt with the user's answer", async () => {
    const [head] = await client.getTimeline({ threadId: "waiting", namespace: "" });
    expect(await client.previewUpdate({ threadId: "waiting", namespace: "", checkpointId: head!.checkpointId, values: { approved: true, notes: ["approved by hand"] }, asNode: "approve" })).toEqual({ next: ["publish"] });
    const edit = await client.updateState({ threadId: "waiting", namespace: "", checkpointId: head!.checkpointId, values: { approved: true, notes: ["approved by hand"] }, asNode: "approve" });
    expect((await saver.getTuple("waiting", edit.checkpointId))!.record.parentId).toBe(head!.checkpointId);
    const fork = await client.startRun({ threadId: "waiting", namespace: "", checkpointId: edit.checkpointId, mode: "fork" });
    expect((await runs.until(fork.runId)).at(-1)).toMatchObject({ type: "finished", status: "done" });
    expect((await saver.getTuple("waiting"))!.values.notes).toEqual(["research launch plan", "approved by hand", "published launch plan"]);

    const resumed = await client.startRun({ threadId: "asked", namespace: "", mode: "resume", resumeValue: "no" });
    expect((await runs.until(resumed.runId)).at(-1)).toMatchObject({ type: "finished", status: "done" });
    expect((await saver.getTuple("asked"))!.values).toMatchObject({ approved: false, notes: ["research budget", "approval: no", "published budget"] });
    const [asked] = await client.getTimeline({ threadId: "asked", namespace: "" });
    expect(asked).toMatchObject({ writers: ["publish"], next: [] });
  });
});
