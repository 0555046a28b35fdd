import { describe, expect, it } from "vitest";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";

describe("the chronograph/langgraph entry point", () => {
  it("resolves through package.json exports to ChronographSaver", async () => {
    const entry = (await import("chronograph/langgraph")) as { ChronographSaver: unknown };
    expect(entry.ChronographSaver).toBe(ChronographSaver);
  });
});
