import { describe, expect, it } from "vitest";
import type { CheckpointRecord } from "../../checkpoint/types.ts";
import { recordFromRow, recordJson, type CheckpointRow } from "./rows.ts";

const record: CheckpointRecord = {
  threadId: "t",
  checkpointId: "c1",
  parentId: "c0",
  step: 1,
  source: "loop",
  createdAt: 10,
  versions: { n: "c1" },
  tasks: [{ id: "b", node: "b" }],
  writes: { a: { n: 1 } },
  breakpoint: { when: "before", nodes: ["b"] },
  graph: { name: "g", hash: "h" },
};

const rowOf = (meta: string, writes: string | null): CheckpointRow => ["c1", "c0", 1, "loop", 10, meta, writes, "{}", []];

describe("Postgres checkpoint rows", () => {
  it("round-trips a record with its breakpoint", () => {
    const { meta, writes } = recordJson(record);
    expect(recordFromRow("t", rowOf(meta, writes))).toEqual(record);
  });

  it("reads the breakpoint of a row written when it was stored as `interrupt`", () => {
    const { meta, writes } = recordJson(record);
    const legacy = JSON.parse(meta) as Record<string, unknown>;
    legacy.interrupt = legacy.breakpoint;
    delete legacy.breakpoint;
    const read = recordFromRow("t", rowOf(JSON.stringify(legacy), writes));
    expect(read.breakpoint).toEqual({ when: "before", nodes: ["b"] });
    expect(read).not.toHaveProperty("interrupt");
  });
});
