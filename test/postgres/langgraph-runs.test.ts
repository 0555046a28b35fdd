/**
 * Runs from the debugger on LangGraph.js's PostgreSQL tables: with the user's LangGraph.js module loaded,
 * a replay from a past checkpoint and the resume of an interrupt run on LangGraph.js itself, through its
 * PostgresSaver on the schema the URL names; LangGraph.js's own getStateHistory / getState read back what
 * the runs wrote. Messages and events never carry the password.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type DebuggerClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { recordRuns } from "../debugger/fixtures.ts";
import { essayGraph, ticketGraph } from "../interop/langgraph-graphs.ts";
import { langGraphSchema, type LangGraphSchema } from "./debugger-langgraph-schema.ts";
import { postgresUrl } from "./server.ts";

const PROJECTS = resolve("test/fixtures/langgraph-projects/esm");

describe("runs on LangGraph.js's PostgreSQL tables, on LangGraph.js", () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-pg-lgruns-"));
  let pg: LangGraphSchema;
  let service: DebuggerService;
  let client: DebuggerClient;
  let runs: ReturnType<typeof recordRuns>;
  beforeAll(async () => {
    pg = await langGraphSchema("lgruns");
    service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 50 });
    client = createClient(createInMemoryTransport(service));
    runs = recordRuns(client);
  });
  afterAll(async () => {
    await service?.close();
    await pg.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    "replays from a past checkpoint once the module is loaded; LangGraph.js's history shows the new branch",
    async () => {
      const graph = essayGraph(pg.saver as never);
      const config = { configurable: { thread_id: "essay" } };
      await graph.invoke({ title: "Tea" }, config);
      const opened = await client.openDatabase({ path: pg.url });
      expect(opened).toMatchObject({ kind: "langgraph-js", canRun: false });
      expect(opened.runUnavailableReason).toMatch(/need its graph code/);
      const info = await client.loadGraphModule({ path: join(PROJECTS, "essay.ts") });
      expect(info.canRun).toBe(true);

      const timeline = await client.getTimeline({ threadId: "essay", namespace: "" });
      const outlined = timeline.find((entry) => entry.writers.join() === "outline")!;
      const { runId } = await client.startRun({ threadId: "essay", namespace: "", checkpointId: outlined.checkpointId, mode: "replay" });
      const events = await runs.until(runId);
      expect(events.at(-1)).toMatchObject({ type: "finished", status: "done" });
      expect(events.filter((event) => event.type === "node" && event.phase === "end").map((event) => (event as { node: string }).node)).toEqual(["write", "polish"]);
      expect(JSON.stringify(events)).not.toContain(new URL(postgresUrl()).password || "\u0000");
      const written = events.filter((event) => event.type === "checkpoint").map((event) => (event as { checkpointId: string }).checkpointId);
      const history = [];
      for await (const state of graph.getStateHistory(config)) history.push(state);
      expect(history[0]!.config.configurable?.checkpoint_id).toBe(written.at(-1));
      expect(history[2]!.parentConfig?.configurable?.checkpoint_id).toBe(outlined.checkpointId);
      expect(history.length).toBe(timeline.length + 3);
    },
    60_000,
  );

  it(
    "resumes the waiting interrupt with the user's answer (Command({ resume }) on LangGraph.js)",
    async () => {
      const graph = ticketGraph(pg.saver as never);
      const config = { configurable: { thread_id: "ticket" } };
      await graph.invoke({ request: "wrong colour" }, config);
      await client.openDatabase({ path: pg.url });
      await client.loadGraphModule({ path: join(PROJECTS, "ticket.ts") });
      expect((await client.getTimeline({ threadId: "ticket", namespace: "" }))[0]).toMatchObject({ interrupted: ["review"] });
      const decision = { approved: true, comment: "from the debugger" };
      const { runId } = await client.startRun({ threadId: "ticket", namespace: "", mode: "resume", resumeValue: decision });
      expect((await runs.until(runId)).at(-1)).toMatchObject({ type: "finished", status: "done" });
      const state = await graph.getState(config);
      expect(state.values).toMatchObject({ decision, published: 'SENT: Dear customer, regarding "wrong colour": we will refund you.' });
      expect(state.next).toEqual([]);
    },
    60_000,
  );
});
