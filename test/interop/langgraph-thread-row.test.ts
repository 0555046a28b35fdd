/**
 * The LangGraph reader's threadRow reads one (thread, namespace) row without building the thread index
 * (a run's final status asks it on big files): on every LangGraph.js fixture and on the Python imitation,
 * it equals the row listThreads gives (decoded from the whole history) and the row the paged list shows,
 * for subgraph namespaces too; an unknown thread or namespace has none.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { ThreadRow } from "../../core/api/types.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { ThreadIndex } from "../../core/interop/langgraph/thread-index.ts";
import { FIXTURES, fixtureNames, tempDir } from "./helpers.ts";
import { writeScenario } from "./python-scenario.ts";

const temp = tempDir();
afterAll(() => temp.cleanup());

const files = [...fixtureNames().map((name) => ({ name, file: join(FIXTURES, name) })), { name: "python.sqlite", file: "" }];

const withoutNamespaces = ({ namespaces: _, ...row }: ThreadRow): ThreadRow => row;

describe.each(files)("threadRow on $name", ({ name, file }) => {
  it("equals the listed row of every (thread, namespace) and the paged list's, without building the index", async () => {
    const path = file || join(temp.dir, name);
    if (!file) writeScenario(path);
    const built = vi.spyOn(ThreadIndex, "build");
    const source = await LangGraphSource.open(path);
    try {
      const listed = await source.listThreads();
      expect(listed.length).toBeGreaterThan(0);
      for (const row of listed) expect(await source.threadRow({ threadId: row.threadId, namespace: row.namespace })).toEqual(row);
      expect(built).not.toHaveBeenCalled();
      const page = await source.pageThreads({ limit: 500 });
      for (const row of page.rows) expect(await source.threadRow({ threadId: row.threadId, namespace: row.namespace })).toEqual(withoutNamespaces(row));
      expect(await source.threadRow({ threadId: "no such thread", namespace: "" })).toBeUndefined();
      expect(await source.threadRow({ threadId: listed[0]!.threadId, namespace: "no:such" })).toBeUndefined();
    } finally {
      built.mockRestore();
      await source.close();
    }
  });
});
