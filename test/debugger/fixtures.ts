/**
 * Fixtures for the debugger tests: a graph module written to a temp folder (the same file the test runs
 * to fill the database and the service loads at run time), a real SQLite file written by the real
 * engine, and a service reached through the in-memory transport. Each test builds its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { createClient, type DebuggerClient } from "../../core/api/client.ts";
import type { RunEvent } from "../../core/api/types.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import type { Checkpointer, CompiledGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

// An absolute path, which both vitest and Node's own loader (used by the service through tsx) resolve.
const CORE = join(import.meta.dirname, "../../core/index.ts");

/**
 * Two graphs. "review": research, then a router picks approve (which asks a human) or publish.
 * "ticker": one node that waits (until stopped) and loops while count < limit.
 */
export const GRAPHS_MODULE = `
import { StateGraph, lastValue, append, reducer, START, END } from ${JSON.stringify(CORE)};

export function review(checkpointer) {
  return new StateGraph({ name: "review", channels: { topic: lastValue(""), notes: append(), approved: lastValue(false), score: reducer((a, b) => a + b, 0) } })
    .addNode("research", (s) => ({ notes: ["research " + s.topic], score: 1 }))
    .addNode("approve", (s, ctx) => {
      const answer = ctx.interrupt({ question: "publish " + s.topic + "?" });
      return { approved: answer === "yes", notes: ["approval: " + answer] };
    })
    .addNode("publish", (s) => {
      if (s.topic === "explode") throw new Error("CMS unavailable");
      return { notes: ["published " + s.topic] };
    })
    .addEdge(START, "research")
    .addConditionalEdges("research", (s) => (s.topic.startsWith("quick") ? "publish" : "approve"), ["approve", "publish"])
    .addEdge("approve", "publish")
    .addEdge("publish", END)
    .compile({ checkpointer });
}

export function ticker(checkpointer) {
  return new StateGraph({ name: "ticker", channels: { count: lastValue(0), limit: lastValue(1) } })
    .addNode("tick", async (s, ctx) => {
      if (s.limit > 100) await new Promise((resolve) => { const timer = setTimeout(resolve, 60000); ctx.signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }); });
      return { count: s.count + 1 };
    })
    .addEdge(START, "tick")
    .addConditionalEdges("tick", (s) => (s.count >= s.limit ? END : "tick"), ["tick", END])
    .compile({ checkpointer });
}

export const reviewGraph = review();
export const tickerGraph = ticker();
`;

type GraphFactory = (checkpointer?: Checkpointer) => CompiledGraph;

export interface Fixture {
  dir: string;
  db: string;
  module: string;
  graphs: { review: GraphFactory; ticker: GraphFactory };
  /** A service on a fresh config folder, with a typed client over the in-memory transport. */
  open(): { service: DebuggerService; client: DebuggerClient };
  cleanup(): Promise<void>;
}

/**
 * A temp folder with the graph module and a database holding: "quick" (done, research then publish),
 * "waiting" (interrupted at approve), "approved" (resumed with "yes", done), "count" (ticker, done).
 */
export async function createFixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-debugger-"));
  const module = join(dir, "graphs.mts");
  writeFileSync(module, GRAPHS_MODULE);
  const graphs = (await import(pathToFileURL(module).href)) as Fixture["graphs"];
  const db = join(dir, "runs.db");
  const saver = SqliteSaver.open(db);
  const review = graphs.review(saver);
  await review.invoke({ topic: "quick note" }, { threadId: "quick" });
  await review.invoke({ topic: "launch plan" }, { threadId: "waiting" });
  await review.invoke({ topic: "budget" }, { threadId: "approved" });
  const { Command } = await import(CORE);
  await review.invoke(new Command({ resume: "yes" }), { threadId: "approved" });
  await graphs.ticker(saver).invoke({ limit: 2 }, { threadId: "count" });
  await saver.close();

  const services: DebuggerService[] = [];
  return {
    dir,
    db,
    module,
    graphs,
    open() {
      const service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 50, busyTimeoutMs: 200 });
      services.push(service);
      return { service, client: createClient(createInMemoryTransport(service)) };
    },
    async cleanup() {
      for (const service of services) await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Counters the store keeps beside the history (a summary, like the threads table), not history itself.
const SUMMARY_COLUMNS = new Set(["child_count"]);

/** The fixture's database opened on a fresh backend (with the graph module loaded when `withCode`), and the "waiting" thread's head. */
export async function openWaiting(fixture: Fixture, withCode: boolean) {
  const { client } = fixture.open();
  await client.openDatabase({ path: fixture.db });
  if (withCode) await client.loadGraphModule({ path: fixture.module });
  const [head] = await client.getTimeline({ threadId: "waiting" });
  return { client, head: head! };
}

/**
 * Every row of every table, as sorted JSON strings per table (independent of the store's layout). The
 * per-thread summary table and summary columns are left out unless asked for: they change with every write.
 */
export function tableRows(db: string, options: { withSummary?: boolean } = {}): Record<string, string[]> {
  const connection = new Database(db, { readonly: true });
  try {
    const tables = connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const rows: Record<string, string[]> = {};
    for (const table of tables) {
      if (table === "threads" && !options.withSummary) continue;
      const all = connection.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>;
      const kept = options.withSummary ? all : all.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !SUMMARY_COLUMNS.has(column))));
      rows[table] = kept.map((row) => JSON.stringify(row)).sort();
    }
    return rows;
  } finally {
    connection.close();
  }
}

/** The rows of `before` that are missing or different in `after` (empty when history was only added to). */
export function rowsLost(before: Record<string, string[]>, after: Record<string, string[]>): string[] {
  const lost: string[] = [];
  for (const [table, rows] of Object.entries(before)) {
    const now = new Set(after[table] ?? []);
    for (const row of rows) if (!now.has(row)) lost.push(`${table}: ${row}`);
  }
  return lost;
}

/** Collect run events; `until` resolves with a run's events once it finished or failed. */
export function recordRuns(client: DebuggerClient) {
  const events: RunEvent[] = [];
  const waiters: Array<() => void> = [];
  client.on("onRunEvent", (event) => {
    events.push(event);
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    events,
    async until(runId: string, predicate: (event: RunEvent) => boolean = (event) => event.type === "finished" || event.type === "failed"): Promise<RunEvent[]> {
      while (!events.some((event) => event.runId === runId && predicate(event))) await new Promise<void>((resolve) => waiters.push(resolve));
      return events.filter((event) => event.runId === runId);
    },
  };
}

/** Resolves with the first onDatabaseChanged payload that `predicate` accepts. */
export function nextChange(client: DebuggerClient, predicate: (threadIds: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve) => {
    const stop = client.on("onDatabaseChanged", (change) => {
      if (predicate(change.threadIds)) {
        stop();
        resolve(change.threadIds);
      }
    });
  });
}
