/**
 * What a LangGraph file's reader holds in memory besides what it decodes: its connection keeps SQLite's own
 * default page cache (2 MB), not better-sqlite3's 16 MB.
 */
import { afterAll, describe, expect, it } from "vitest";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { copyFixture, fixtureNames, tempDir } from "./helpers.ts";

const temp = tempDir("chronograph-read-memory-");
afterAll(() => temp.cleanup());

describe("LangGraph reader memory", () => {
  it("reads through a 2 MB page cache", async () => {
    const file = copyFixture(fixtureNames()[0]!, temp.dir);
    const source = await LangGraphSource.open(file);
    try {
      expect(source.database.get<{ cache_size: number }>("PRAGMA cache_size")?.cache_size).toBe(-2000);
      await source.pageThreads({ limit: 10 });
    } finally {
      await source.close();
    }
  });
});
