import { describe, expect, it } from "vitest";
import { threadKeyString } from "../../../core/api/thread-key.ts";
import type { ThreadRow } from "../../../core/api/types.ts";
import { listItems } from "./list-items.ts";

const row = (threadId: string, namespaces: string[] = []): ThreadRow => ({
  threadId, namespace: "", graphName: null, status: "done", writers: [], step: 1, checkpointCount: 2, branchCount: 1, headCheckpointId: "h", createdAt: 1, updatedAt: 1,
  namespaces: namespaces.map((namespace) => ({ namespace, status: "done", checkpointCount: 1, headCheckpointId: "n", updatedAt: 1 })),
});

describe("listItems", () => {
  it("lists threads by slot, loading slots as null, and an expanded thread's namespaces under it", () => {
    const a = row("a", ["sub:1|deep:2", "sub:1"]);
    const b = row("b");
    const keyA = threadKeyString(a);
    const keyB = threadKeyString(b);
    const rows = new Map([[keyA, a], [keyB, b]]);
    expect(listItems([keyA, null, keyB], rows, new Set(), threadKeyString).map((item) => [item.kind, item.slot])).toEqual([["thread", 0], ["thread", 1], ["thread", 2]]);
    const open = listItems([keyA, null, keyB], rows, new Set([keyA]), threadKeyString);
    expect(open.map((item) => [item.kind, item.slot, item.key])).toEqual([
      ["thread", 0, keyA],
      ["namespace", 0, threadKeyString({ threadId: "a", namespace: "sub:1" })],
      ["namespace", 0, threadKeyString({ threadId: "a", namespace: "sub:1|deep:2" })],
      ["thread", 1, null],
      ["thread", 2, keyB],
    ]);
  });
});
