/**
 * The paged thread list while another connection writes (issue 12): the app's store over the real
 * backend (in-memory transport, a real SQLite file), a second saver writing as another process would.
 * A new thread must reach the top of page 0 with the total one higher; a new checkpoint on a thread far
 * down the list must move it to the top.
 */
import { SqliteSaver as LangGraphSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { END, lastValue, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import type { AppStore } from "../../renderer/store/create-app-store.ts";
import { essayGraph } from "../interop/langgraph-graphs.ts";
import { tempDir } from "./support/databases.ts";
import { storeOverService } from "./support/store-over-service.ts";

const EVENTUALLY = { timeout: 30_000, interval: 50 };

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function counter(saver: SqliteSaver) {
  return new StateGraph<{ n: number }>({ name: "live-counter", channels: { n: lastValue(0) } })
    .addNode("tick", (state) => ({ n: state.n + 1 }))
    .addConditionalEdges("tick", (state) => (state.n >= 2 ? END : "tick"), ["tick", END])
    .addEdge(START, "tick")
    .compile({ checkpointer: saver });
}

const threadName = (i: number) => `thread-${String(i).padStart(5, "0")}`;

/** Writes threads in one kind of file; `write` runs a thread once more (or for the first time). */
interface Writer {
  kind: string;
  write(file: string, threadIds: readonly string[]): Promise<void>;
}

const chronograph: Writer = {
  kind: "Chronograph",
  async write(file, threadIds) {
    const saver = SqliteSaver.open(file);
    try {
      const graph = counter(saver);
      for (const threadId of threadIds) await graph.invoke({ n: 0 }, { threadId });
    } finally {
      await saver.close();
    }
  },
};

const langGraphJs: Writer = {
  kind: "LangGraph.js",
  async write(file, threadIds) {
    const saver = LangGraphSaver.fromConnString(file);
    try {
      const graph = essayGraph(saver);
      for (const threadId of threadIds) await graph.invoke({ title: threadId }, { configurable: { thread_id: threadId } });
    } finally {
      saver.db.close();
    }
  },
};

async function openStore(writer: Writer, threads: number): Promise<{ store: AppStore; file: string }> {
  const folder = tempDir("chronograph-live-list-");
  const file = join(folder.dir, "many.db");
  await writer.write(file, Array.from({ length: threads }, (_, i) => threadName(i)));
  const opened = await storeOverService(file, folder.dir);
  cleanup.push(folder.remove, opened.close);
  return { store: opened.store, file };
}

describe.each([
  { writer: chronograph, threads: 60 },
  { writer: chronograph, threads: 3000 },
  { writer: langGraphJs, threads: 60 },
  { writer: langGraphJs, threads: 600 },
])("the thread list of a $writer.kind file with $threads threads while another connection writes", ({ writer, threads }) => {
  it("lists a new thread at the top of page 0 and counts it; a written old thread moves to the top", async () => {
    const { store, file } = await openStore(writer, threads);
    expect(store.getState().threadTotal).toBe(threads);

    await writer.write(file, ["live-thread"]);
    await vi.waitFor(() => {
      expect(store.getState().threadOrder[0]?.threadId).toBe("live-thread");
      expect(store.getState().threadTotal).toBe(threads + 1);
      expect(store.getState().visibleThreadKeys).toHaveLength(threads + 1);
    }, EVENTUALLY);

    // The list was scrolled to its end once (that page is loaded), and is back at the top now.
    store.getState().ensureThreadRange(threads - 10, threads + 1);
    await vi.waitFor(() => expect(store.getState().visibleThreadKeys.at(-1)).not.toBeNull(), EVENTUALLY);
    store.getState().ensureThreadRange(0, 20);

    await writer.write(file, [threadName(3)]);
    await vi.waitFor(() => expect(store.getState().threadOrder[0]?.threadId).toBe(threadName(3)), EVENTUALLY);
    expect(store.getState().threadOrder[1]?.threadId).toBe("live-thread");
    expect(store.getState().threadTotal).toBe(threads + 1);
    // The moved thread is listed once: the slot it left (on a page out of view) is not kept stale.
    const keys = store.getState().visibleThreadKeys.filter((key) => key !== null);
    expect(new Set(keys).size).toBe(keys.length);
    // Scrolling back to the end brings that page again, as the backend orders it now.
    store.getState().ensureThreadRange(threads - 10, threads + 1);
    await vi.waitFor(() => expect(store.getState().visibleThreadKeys.at(-1)).not.toBeNull(), EVENTUALLY);
    const end = store.getState().visibleThreadKeys.slice(-5);
    expect(end).not.toContain(threadName(3));
    expect(new Set(store.getState().visibleThreadKeys.filter((key) => key !== null)).size).toBe(store.getState().visibleThreadKeys.filter((key) => key !== null).length);
  }, 180_000);
});
