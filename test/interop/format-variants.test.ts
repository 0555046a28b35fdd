/**
 * Older LangGraph.js layouts, written by hand from the format document (docs/langgraph-format.md, sections 3.3 and 4): metadata
 * that still carries `writes`, the pre-2025 channel names (`start:<node>`, `branch:<src>:<cond>:<node>`),
 * and format v1 checkpoints whose waiting Send packets are `__pregel_tasks` writes against the parent.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { uuid5 } from "../../core/interop/ids.ts";
import { tempDir } from "./helpers.ts";

interface Row {
  id: string;
  parent: string | null;
  checkpoint: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

function writeJsDatabase(file: string, rows: Row[], writes: Array<[string, string, number, string, unknown]>): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE checkpoints (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, parent_checkpoint_id TEXT, type TEXT, checkpoint BLOB, metadata BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id));
    CREATE TABLE writes (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, task_id TEXT NOT NULL, idx INTEGER NOT NULL, channel TEXT NOT NULL, type TEXT, value BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx));`);
  for (const row of rows) {
    db.prepare("INSERT INTO checkpoints VALUES ('old', '', ?, ?, 'json', ?, ?)").run(row.id, row.parent, Buffer.from(JSON.stringify({ v: 1, id: row.id, ts: "2025-01-02T03:04:05.000Z", ...row.checkpoint })), Buffer.from(JSON.stringify(row.metadata)));
  }
  for (const [checkpoint, task, idx, channel, value] of writes) {
    db.prepare("INSERT INTO writes VALUES ('old', '', ?, ?, ?, ?, 'json', ?)").run(checkpoint, task, idx, channel, Buffer.from(JSON.stringify(value)));
  }
  db.close();
}

const A = "1ef00000-0000-6000-ffff-000000000001";
const B = "1ef00000-0001-6000-8000-000000000002";
const C = "1ef00000-0002-6000-8001-000000000003";
const D = "1ef00000-0003-6000-8002-000000000004";

describe("older LangGraph.js layouts", () => {
  let temp: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(() => {
    temp = tempDir();
    file = join(temp.dir, "old.sqlite");
  });
  afterEach(() => temp.cleanup());

  it("metadata.writes names the writers; start: and branch:src:cond: channels schedule nodes; v1 Sends come from the parent's writes", async () => {
    writeJsDatabase(
      file,
      [
        { id: A, parent: null, checkpoint: { channel_values: { __start__: { topic: "t" } }, channel_versions: { __start__: 1 }, versions_seen: {} }, metadata: { source: "input", step: -1, writes: { __start__: { topic: "t" } }, parents: {} } },
        {
          id: B, parent: A,
          checkpoint: { channel_values: { topic: "t", "start:gather": "__start__" }, channel_versions: { __start__: 2, topic: 2, "start:gather": 2 }, versions_seen: { __start__: { __start__: 1 } } },
          metadata: { source: "loop", step: 0, writes: null, parents: {} },
        },
        {
          id: C, parent: B,
          checkpoint: {
            channel_values: { topic: "t", facts: ["f"], "branch:gather:route:fetch": "gather" },
            channel_versions: { __start__: 2, topic: 2, "start:gather": 3, facts: 3, "branch:gather:route:fetch": 3 },
            versions_seen: { __start__: { __start__: 1 }, gather: { "start:gather": 2 } },
          },
          metadata: { source: "loop", step: 1, writes: { gather: { facts: ["f"] } }, parents: {} },
        },
        {
          id: D, parent: C,
          checkpoint: { channel_values: { topic: "t", facts: ["f"] }, channel_versions: { __start__: 2, topic: 2, "start:gather": 3, facts: 3, "branch:gather:route:fetch": 4 }, versions_seen: { __start__: { __start__: 1 }, gather: { "start:gather": 2 }, fetch: { "branch:gather:route:fetch": 3 } } },
          metadata: { source: "loop", step: 2, writes: { fetch: null }, parents: {} },
        },
      ],
      [[C, uuid5("pusher", C), 0, "__pregel_tasks", { node: "worker", args: { n: 1 } }], [C, uuid5("pusher", C), 1, "__pregel_tasks", { node: "worker", args: { n: 2 } }]],
    );
    const source = await LangGraphSource.open(file);
    const entries = await source.listCheckpoints({ threadId: "old", namespace: "" });
    expect(entries.map((entry) => [entry.checkpointId, entry.writers, entry.next])).toEqual([
      [D, ["fetch"], ["worker", "worker"]],
      [C, ["gather"], ["fetch"]],
      [B, [], ["gather"]],
      [A, ["__input__"], ["__start__"]],
    ]);
    const c = await source.getCheckpoint({ threadId: "old", namespace: "" }, C);
    expect(c.writes).toEqual({ gather: { facts: ["f"] } });
    expect(c.values).toEqual({ topic: "t", facts: ["f"] });
    const graph = await source.getGraph({ threadId: "old", namespace: "" });
    expect(graph.edges).toEqual(expect.arrayContaining([{ from: "__start__", to: "gather", kind: "fixed" }, { from: "gather", to: "fetch", kind: "conditional" }]));
    await source.close();
  });
});
