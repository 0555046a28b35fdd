import { describe, expect, it } from "vitest";
import { orderTimeline, type OrderInput } from "./timeline-order.ts";

let clock = 0;
const cp = (id: string, parentId: string | null, at = ++clock): OrderInput => ({ checkpointId: id, parentId, createdAt: at });

describe("the timeline's display order", () => {
  it("puts each branch in one block below its fork point, oldest branch first, whatever the input order", () => {
    const entries = [cp("a", null), cp("b", "a"), cp("c", "b"), cp("b2", "a"), cp("d", "c"), cp("c2", "b2"), cp("x", "b")];
    const shape = orderTimeline([...entries].reverse());
    expect(shape.ids).toEqual(["a", "b", "c", "d", "b2", "c2", "x"]);
    // b continues a's branch; b2 forks from a (row 0); x forks from b (row 1).
    expect(shape.parents).toEqual([-1, 0, 1, 2, 0, 4, 1]);
  });

  it("shows a checkpoint whose parent is missing, or caught in a cycle, as a root", () => {
    const shape = orderTimeline([cp("orphan", "gone"), cp("p", "q"), cp("q", "p")]);
    expect([...shape.ids].sort()).toEqual(["orphan", "p", "q"]);
    const roots = shape.ids.filter((_, row) => shape.parents[row] === -1);
    expect(roots).toContain("orphan");
    expect(roots.length).toBe(2);
  });
});
