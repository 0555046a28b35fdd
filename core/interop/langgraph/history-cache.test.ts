import { describe, expect, it } from "vitest";
import { keepRecent } from "./history-cache.ts";

describe("keepRecent", () => {
  it("keeps the most recently used entries up to the count, dropping the least recently used first", () => {
    const held = new Map<string, number>();
    for (const key of ["a", "b", "c"]) keepRecent(held, key, 1, 2);
    expect([...held.keys()]).toEqual(["b", "c"]);
    keepRecent(held, "b", 1, 2);
    keepRecent(held, "d", 1, 2);
    expect([...held.keys()]).toEqual(["b", "d"]);
  });

  it("with a budget, lets go of the oldest while the kept entries weigh more than it", () => {
    const held = new Map<string, number>();
    const bound = { weigh: (size: number) => size, budget: 100 };
    keepRecent(held, "short-1", 10, 16, bound);
    keepRecent(held, "short-2", 20, 16, bound);
    keepRecent(held, "long", 60, 16, bound);
    expect([...held.keys()]).toEqual(["short-1", "short-2", "long"]);
    keepRecent(held, "short-3", 15, 16, bound);
    expect([...held.keys()]).toEqual(["short-2", "long", "short-3"]);
  });

  it("keeps the entry just used even when it alone weighs more than the budget", () => {
    const held = new Map<string, number>();
    const bound = { weigh: (size: number) => size, budget: 100 };
    keepRecent(held, "short", 10, 16, bound);
    keepRecent(held, "huge", 20_000, 16, bound);
    expect([...held.keys()]).toEqual(["huge"]);
    keepRecent(held, "short", 10, 16, bound);
    expect([...held.keys()]).toEqual(["short"]);
  });
});
