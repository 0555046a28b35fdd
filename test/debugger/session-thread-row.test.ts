/**
 * The backend reads one thread's row (getGraph's graph name, a LangGraph run's final status) without
 * listing every thread, also over readers with no threadRow of their own (LangGraph's, which page
 * themselves): the page its id as the text filter gives holds it. On a LangGraph.js file of 603 threads
 * (linear-retry's three, one copied 600 times), each row equals the listed one and nothing is listed;
 * an id matched by more threads than a page holds still gets its row (from every row), and an unknown
 * thread has none.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ThreadRow } from "../../core/api/types.ts";
import { DatabaseSession } from "../../core/debugger/session.ts";
import { copyFixture, copyThread, tempDir } from "../interop/helpers.ts";

const ORIGINALS = ["pipeline-clean", "pipeline-failed-then-resumed", "pipeline-failed-unresumed"];
const COPIES = 600;

let temp: ReturnType<typeof tempDir>;
let session: DatabaseSession;

beforeAll(async () => {
  temp = tempDir("chronograph-thread-row-");
  const file = copyFixture("linear-retry.sqlite", temp.dir);
  copyThread(file, "pipeline-clean", COPIES);
  session = await DatabaseSession.open(file, { busyTimeoutMs: 200, onThreadsChanged: () => undefined });
}, 60_000);

afterAll(async () => {
  await session?.close();
  temp?.cleanup();
});

/** The row as the backend found it before: out of every listed row. */
async function listedRow(threadId: string): Promise<ThreadRow | undefined> {
  return (await session.source.listThreads()).find((row) => row.threadId === threadId && row.namespace === "");
}

describe("one thread's row over a reader that pages itself", () => {
  it("equals the listed row, read without listing every thread", async () => {
    // LangGraph's reader now reads one row itself (test/interop/langgraph-thread-row.test.ts): hide it, so the backend's own path is what runs.
    Object.defineProperty(session.source, "threadRow", { value: undefined, configurable: true });
    expect(session.source.threadRow).toBeUndefined();
    const listThreads = vi.spyOn(session.source, "listThreads");
    const ids = ["pipeline-failed-then-resumed", "pipeline-failed-unresumed", "pipeline-clean-7", "pipeline-clean-599", "no-such-thread"];
    const rows = [];
    for (const threadId of ids) rows.push(await session.threadRow({ threadId, namespace: "" }));
    expect(listThreads).not.toHaveBeenCalled();
    listThreads.mockRestore();
    for (const [i, threadId] of ids.entries()) expect(rows[i]).toEqual(await listedRow(threadId));
    expect(rows.map((row) => row?.status)).toEqual(["done", "error", "done", "done", undefined]);
  });

  it("finds a thread whose id more threads match than a page holds", async () => {
    const row = await session.threadRow({ threadId: ORIGINALS[0]!, namespace: "" });
    expect(row).toEqual(await listedRow(ORIGINALS[0]!));
    expect(row?.threadId).toBe(ORIGINALS[0]);
  });
});
