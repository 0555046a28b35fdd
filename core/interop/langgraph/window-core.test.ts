import { describe, expect, it } from "vitest";
import type { CheckpointEntry } from "../../api/types.ts";
import { chunks, CHUNK, newestFirst, skeletonRows, windowIds, type QuietRow } from "./window-core.ts";

// a <- b <- c, b <- d (a fork), e's parent is not in the namespace.
const rows = new Map<string, { parentId: string | null }>([
  ["a", { parentId: null }],
  ["b", { parentId: "a" }],
  ["c", { parentId: "b" }],
  ["d", { parentId: "b" }],
  ["e", { parentId: "gone" }],
]);
const children = new Map([
  ["a", ["b"]],
  ["b", ["c", "d"]],
]);

describe("windowIds", () => {
  it("decodes each checkpoint with its parent, and its children only for views", () => {
    expect([...windowIds(rows, children, ["b"], false)].sort()).toEqual(["a", "b"]);
    expect([...windowIds(rows, children, ["b"], true)].sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("leaves out ids and parents the namespace does not have, and keeps what the caller added (the head)", () => {
    expect([...windowIds(rows, children, ["e", "missing"], true, new Set(["c"]))].sort()).toEqual(["c", "e"]);
  });
});

describe("newestFirst and chunks", () => {
  it("orders known ids newest first without repeats", () => {
    expect(newestFirst(["b", "zz", "d", "b", "a"], (id) => rows.has(id))).toEqual(["d", "b", "a"]);
  });

  it("splits ids into reads of at most CHUNK", () => {
    const ids = Array.from({ length: CHUNK * 2 + 1 }, (_, i) => String(i));
    expect(chunks(ids).map((chunk) => chunk.length)).toEqual([CHUNK, CHUNK, 1]);
    expect(chunks(ids).flat()).toEqual(ids);
  });
});

describe("skeletonRows", () => {
  const quiet = (next: string[], facts: Partial<QuietRow> = {}): QuietRow => ({ parentId: null, step: 1, source: "loop", createdAt: 5, next, ...facts });
  const counts = { children: (id: string) => (id === "a" ? 1 : 0), writes: () => 0 };

  it("takes a decided checkpoint's entry without writers and duration, and builds the others newest first with their stop", () => {
    const entry: CheckpointEntry = { checkpointId: "b", parentId: "a", step: 1, source: "loop", writers: ["agent"], next: ["tools"], createdAt: 7, durationMs: 3, errors: ["tools"], interrupted: [], breakpoint: null };
    const facts: Record<string, QuietRow> = {
      a: quiet(["agent"], { runId: "run-1" }),
      c: quiet(["tools"], { parentId: "b", step: 2 }),
    };
    const out = skeletonRows([{ id: "a" }, { id: "b" }, { id: "c" }], new Map([["b", entry]]), (row) => facts[row.id]!, counts);
    expect(out.map((row) => row.checkpointId)).toEqual(["c", "b", "a"]);
    // c: a loop checkpoint nothing continued from and nothing wrote against: stopped before its next node.
    expect(out[0]).toEqual({ checkpointId: "c", parentId: "b", step: 2, source: "loop", createdAt: 5, next: ["tools"], errors: [], interrupted: [], breakpoint: { when: "before", nodes: ["tools"] } });
    expect(out[1]).toEqual({ checkpointId: "b", parentId: "a", step: 1, source: "loop", next: ["tools"], createdAt: 7, errors: ["tools"], interrupted: [], breakpoint: null });
    // a has a child: no stop; its run id is kept.
    expect(out[2]).toMatchObject({ checkpointId: "a", breakpoint: null, runId: "run-1" });
    expect("runId" in out[0]!).toBe(false);
  });
});
