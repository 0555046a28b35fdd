import { describe, expect, it } from "vitest";
import type { DebuggerClient } from "../../core/api/client.ts";
import { ChronographError } from "../../core/api/errors.ts";
import type { DatabaseInfo, PrunePreview, StorageReport } from "../../core/api/types.ts";
import { createAppStore } from "./create-app-store.ts";
import { MORE_THREADS } from "./storage-slice.ts";

const THREADS = Array.from({ length: 260 }, (_, index) => ({ threadId: `t${String(index).padStart(3, "0")}`, checkpoints: 3, bytes: 10_000 - index }));

/** A backend with 260 threads; records the calls the store makes. */
function client(calls: Array<{ method: string; args: Record<string, unknown> }>, stale = false): DebuggerClient {
  const storageReport = async (args: { threadId?: string; offset?: number; limit?: number }): Promise<StorageReport> => {
    calls.push({ method: "storageReport", args });
    const offset = args.offset ?? 0;
    const threads = THREADS.slice(offset, offset + (args.limit ?? 50));
    const shown = args.threadId ?? (offset === 0 ? threads[0]!.threadId : undefined);
    return {
      file: "/f.db", fileBytes: 1000, walBytes: 0, pageSize: 4096, pageCount: 1, freePages: 0, tables: [], totalBytes: 1, threadCount: THREADS.length, threads, offset,
      ...(shown ? { thread: { threadId: shown, channels: [{ channel: "x", versions: 1, bytes: 5 }] } } : {}),
    };
  };
  const prunePreview = async (args: Record<string, unknown>): Promise<PrunePreview> => {
    calls.push({ method: "prunePreview", args });
    return { token: "tok-1", removed: 1, bytes: 9, threads: [{ threadId: "t000", removed: 1, kept: 2 }], listed: { threadId: "t000", ids: ["c1"], offset: 0, total: 1 } };
  };
  const prune = async (args: Record<string, unknown>) => {
    calls.push({ method: "prune", args });
    if (stale) throw new ChronographError("STALE_PREVIEW", "The checkpoints of \"/f.db\" changed since the prune preview.");
    return { removed: 1, fileBytes: 900 };
  };
  const methods = { storageReport, prunePreview, prune };
  return new Proxy(methods as unknown as DebuggerClient, {
    get: (target, name) => (name in target ? target[name as keyof DebuggerClient] : () => Promise.reject(new Error(`unexpected call ${String(name)}`))),
  });
}

const chronograph = { canPrune: true } as DatabaseInfo;

describe("storage slice", () => {
  it("opens on the largest thread's channels, and Show more appends the next page of threads in order", async () => {
    const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
    const store = createAppStore(client(calls));
    store.setState({ database: chronograph });
    await store.getState().openStorage();
    expect(calls).toEqual([{ method: "storageReport", args: {} }]);
    expect(store.getState().storageThread).toBe("t000");
    await store.getState().loadMoreStorageThreads();
    const threads = store.getState().storageReport!.threads;
    expect(threads.length).toBe(50 + MORE_THREADS);
    expect(threads.map((thread) => thread.threadId)).toEqual(THREADS.slice(0, threads.length).map((thread) => thread.threadId));
    expect(calls[1]).toEqual({ method: "storageReport", args: { offset: 50, limit: MORE_THREADS } });
  });

  it("deletes with the token of the preview on screen, for the same request, and shows the file size before and after", async () => {
    const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
    const store = createAppStore(client(calls));
    store.setState({ database: chronograph });
    await store.getState().openStorage();
    await store.getState().previewPrune({ keepLast: 2 });
    expect(calls.at(-1)).toEqual({ method: "prunePreview", args: { keepLast: 2, listThreadId: "t000" } });
    await store.getState().confirmPrune();
    expect(calls.find((call) => call.method === "prune")!.args).toEqual({ keepLast: 2, token: "tok-1" });
    expect(store.getState().storageResult).toEqual({ action: "prune", removed: 1, beforeBytes: 1000, afterBytes: 900 });
    expect(store.getState().prunePreview).toBeNull();
  });

  it("keeps the preview and shows the refusal when the database changed since it", async () => {
    const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
    const store = createAppStore(client(calls, true));
    store.setState({ database: chronograph });
    await store.getState().openStorage();
    await store.getState().previewPrune({ olderThan: 5 });
    await store.getState().confirmPrune();
    expect(store.getState().storageError?.code).toBe("STALE_PREVIEW");
    expect(store.getState().prunePreview?.preview.token).toBe("tok-1");
    expect(store.getState().storageResult).toBeNull();
  });

  it("asks nothing of a database it cannot prune", async () => {
    const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
    const store = createAppStore(client(calls));
    store.setState({ database: { canPrune: false, pruneUnavailableReason: "LangGraph's files stay" } as DatabaseInfo });
    await store.getState().openStorage();
    expect(store.getState().storageOpen).toBe(true);
    expect(calls).toEqual([]);
  });
});
