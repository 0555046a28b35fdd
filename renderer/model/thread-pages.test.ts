import { describe, expect, it } from "vitest";
import type { ThreadRow } from "../../core/api/types.ts";
import { childNamespace, namespaceLabel, pagesFor, placePage, rowsByKey } from "./thread-pages.ts";

const row = (threadId: string, extra: Partial<ThreadRow> = {}): ThreadRow => ({
  threadId, namespace: "", graphName: null, status: "interrupted", writers: ["research"], step: 2, checkpointCount: 5, branchCount: 2,
  headCheckpointId: `${threadId}-head`, createdAt: 1, updatedAt: 9, ...extra,
});

describe("thread pages", () => {
  it("names the pages a visible range needs, within the total", () => {
    expect(pagesFor(0, 20, 1000, 100)).toEqual([0]);
    expect(pagesFor(95, 130, 1000, 100)).toEqual([0, 1]);
    expect(pagesFor(990, 1030, 1000, 100)).toEqual([9]);
    expect(pagesFor(0, 20, 0, 100)).toEqual([]);
  });

  it("places a page at its offset and resizes to the page's total", () => {
    const slots = placePage([], 250, 100, ["a", "b"]);
    expect(slots).toHaveLength(250);
    expect([slots[99], slots[100], slots[101], slots[102]]).toEqual([null, "a", "b", null]);
    const shrunk = placePage(slots, 101, 0, ["z"]);
    expect(shrunk).toHaveLength(101);
    expect([shrunk[0], shrunk[100]]).toEqual(["z", "a"]);
  });

  it("keys a thread's subgraph namespaces as rows that open on their own head", () => {
    const nested = row("t", { namespaces: [{ namespace: "research:1234|deep:5678", status: "interrupted", checkpointCount: 3, headCheckpointId: "deep-head", updatedAt: 8 }] });
    const byKey = new Map(rowsByKey([nested, row("u")]));
    expect(byKey.size).toBe(3);
    const deep = [...byKey.values()].find((r) => r.namespace !== "")!;
    expect(deep).toMatchObject({ threadId: "t", namespace: "research:1234|deep:5678", headCheckpointId: "deep-head", checkpointCount: 3 });
    expect(deep.namespaces).toBeUndefined();
    expect(namespaceLabel(deep.namespace)).toBe("research › deep");
  });

  it("finds the subgraph namespace a graph node ran as, one level under the namespace shown", () => {
    const ns = (namespace: string) => ({ namespace, status: "done" as const, checkpointCount: 1, headCheckpointId: "h", updatedAt: 1 });
    const namespaces = [ns("research:2|deep:9"), ns("research:2"), ns("research:1"), ns("research:1|deep:3")];
    expect(childNamespace(namespaces, "", "research")).toBe("research:2");
    expect(childNamespace(namespaces, "research:1", "deep")).toBe("research:1|deep:3");
    expect(childNamespace(namespaces, "", "deep")).toBeNull();
    expect(childNamespace(namespaces, "", "finish")).toBeNull();
  });
});
