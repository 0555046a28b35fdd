/**
 * Loading graph code on a Chronograph SQLite file checks the code against the file's graphs without
 * listing every thread (core/debugger/stored-graphs.ts over ChronographSource's threadGraphNames and
 * newestThreadOfGraph). On 3,004 threads (the debugger fixture's four, copied), the names, the newest
 * thread's topology hash and the known hashes equal what the old path (every thread row listed) gives;
 * no thread row is decoded and listThreads is never called. Through the session: the module's graphs
 * load, and an edited topology is refused naming the hash of the newest thread of that graph.
 */
import Database from "better-sqlite3";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { HistorySource } from "../../core/api/history-source.ts";
import { ChronographSource } from "../../core/debugger/chronograph-source.ts";
import { DatabaseSession } from "../../core/debugger/session.ts";
import { storedGraphsOf } from "../../core/debugger/stored-graphs.ts";
import type { EngineReader } from "../../core/debugger/sources.ts";
import { createFixture, type Fixture } from "./fixtures.ts";

const COPIES = 3_000;
/** The hash the newest "ticker" thread's head claims: a topology the module does not have. */
const OLD_TICKER = "ticker-topology-of-last-year";

let fixture: Fixture;
let source: ChronographSource;
const decoded: string[] = [];

beforeAll(async () => {
  fixture = await createFixture();
  const db = new Database(fixture.db);
  try {
    db.transaction(() => {
      const templates = ["quick", "waiting", "approved", "count"];
      // Copies interleave with the originals in update time; copy 2,999 (a ticker) is the newest thread of all.
      const copyThread = db.prepare(`INSERT INTO threads SELECT @id, graph_name, status, last_node, step, checkpoint_count, branch_count, head_checkpoint_id, created_at, @updated FROM threads WHERE thread_id = @tpl`);
      const copyCheckpoints = db.prepare(`INSERT INTO checkpoints (thread_id, checkpoint_id, parent_id, step, source, created_at, versions, tasks, writes, interrupt, graph_name, graph_hash, durations, channels, child_count)
        SELECT @id, checkpoint_id, parent_id, step, source, created_at, versions, tasks, writes, interrupt, graph_name, graph_hash, durations, channels, child_count FROM checkpoints WHERE thread_id = @tpl ORDER BY seq`);
      const copyWrites = db.prepare("INSERT INTO writes SELECT @id, checkpoint_id, seq, task_id, node, kind, value FROM writes WHERE thread_id = @tpl");
      const updated = (db.prepare("SELECT max(updated_at) FROM threads").pluck().get() as number) - COPIES;
      for (let n = 0; n < COPIES; n++) {
        const copy = { id: `copy-${String(n).padStart(4, "0")}`, tpl: templates[n % 4], updated: updated + n * 2 };
        for (const statement of [copyThread, copyCheckpoints, copyWrites]) statement.run(copy);
      }
      db.prepare("INSERT INTO graphs (hash, name, description) SELECT ?, name, description FROM graphs WHERE name = 'ticker'").run(OLD_TICKER);
      db.prepare("UPDATE checkpoints SET graph_hash = ? WHERE thread_id = 'copy-2999'").run(OLD_TICKER);
    })();
  } finally {
    db.close();
  }
  source = await ChronographSource.open(fixture.db, { onDecodeThread: (id) => decoded.push(id) });
}, 60_000);

afterAll(async () => {
  await source?.close();
  await fixture?.cleanup();
});

/** The old path: the source as a reader that cannot name its graphs, so every thread is listed. */
function listing(reader: ChronographSource): HistorySource {
  return { ...reader, kind: reader.kind, path: reader.path, listThreads: () => reader.listThreads(), threadGraphNames: undefined, newestThreadOfGraph: undefined } as unknown as HistorySource;
}

describe("stored graphs of a Chronograph file", () => {
  it("equal the listed threads' names and newest hashes, with no thread decoded or listed", async () => {
    const engine = source as unknown as EngineReader;
    const old = await storedGraphsOf(fixture.db, listing(source), engine, async () => source.listThreads());
    const listThreads = vi.spyOn(source, "listThreads");
    decoded.length = 0;
    const cheap = await storedGraphsOf(fixture.db, source, engine, () => Promise.reject(new Error("listed every thread")));
    expect([...cheap.names].sort()).toEqual([...old.names].sort());
    expect([...cheap.names].sort()).toEqual(["review", "ticker"]);
    for (const name of [...old.names, "unrelated"]) expect(await cheap.newestHash(name)).toBe(await old.newestHash(name));
    expect(await cheap.newestHash("ticker")).toBe(OLD_TICKER);
    for (const hash of [OLD_TICKER, "no-such-topology"]) expect(await cheap.knows(hash)).toBe(await old.knows(hash));
    expect(listThreads).not.toHaveBeenCalled();
    expect(decoded).toEqual([]);
    listThreads.mockRestore();
  });

  it("lets the session load matching code and refuse an edited topology naming the newest thread's hash, without listing threads", async () => {
    const session = await DatabaseSession.open(fixture.db, { busyTimeoutMs: 200, onThreadsChanged: () => undefined });
    try {
      const listThreads = vi.spyOn(session.source, "listThreads");
      await session.loadGraphModule(fixture.module, "reviewGraph");
      expect([...session.graphs.keys()]).toEqual(["review"]);
      const edited = join(fixture.dir, "edited.mts");
      writeFileSync(
        edited,
        `import { StateGraph, lastValue, START, END } from ${JSON.stringify(join(import.meta.dirname, "../../core/index.ts"))};\n` +
          `export const graph = new StateGraph({ name: "ticker", channels: { count: lastValue(0), extra: lastValue(0) } })\n` +
          `  .addNode("tick", (s) => ({ count: s.count + 1 })).addEdge(START, "tick").addEdge("tick", END).compile();\n`,
      );
      await expect(session.loadGraphModule(edited, "graph")).rejects.toMatchObject({ code: "GRAPH_MISMATCH", message: expect.stringContaining(`(topology ${OLD_TICKER})`) });
      expect(listThreads).not.toHaveBeenCalled();
    } finally {
      await session.close();
    }
  }, 60_000);
});
