/**
 * The app's store on a big LangGraph.js file whose threads the backend is still counting when the first page
 * is asked (it starts counting 500 ms after the open; no assertion rests on that race): the store keeps the
 * page's `counting` (the header says "counting threads…") and, once the backend's notice comes, asks again
 * and ends showing the whole count, never a page's worth. Real service, in-memory transport,
 * a file written by bench/generate-big.ts from a template LangGraph.js ran.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { langGraphTemplate, writeLangGraphFile } from "../../bench/generate-big.ts";
import { createClient } from "../../core/api/client.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { connectEvents } from "../../renderer/store/connect-events.ts";
import { createAppStore } from "../../renderer/store/create-app-store.ts";
import { tempDir } from "./support/databases.ts";

const folder = tempDir("chronograph-first-screen-store-");
afterAll(() => folder.remove());

describe("the thread list of a big LangGraph.js file in the app's store", () => {
  it("says the threads are being counted, then shows the count once the backend has it", async () => {
    const file = join(folder.dir, "big.sqlite");
    // Over 100,000 checkpoints: the backend starts counting 500 ms after the open, so the store's first page comes first.
    const template = await langGraphTemplate(1);
    const threads = Math.ceil(110_000 / template.checkpoints.length);
    const written = writeLangGraphFile(file, template, { threads, long: 0 });
    const service = createDebuggerService({ configDir: folder.dir, pollIntervalMs: 60_000 });
    const transport = { ...createInMemoryTransport(service), onStatus: (listener: (status: "connected") => void) => (listener("connected"), () => {}), close() {} };
    const client = createClient(transport);
    try {
      const info = await client.openDatabase({ path: file });
      // The open's own one-row page came before the count: the backend owes the app a notice.
      expect(info.threadCount).toBeLessThan(written.threads);
      const store = createAppStore(client);
      const disconnect = connectEvents(store, client, transport);
      try {
        await store.getState().start();
        await vi.waitFor(() => {
          const state = store.getState();
          expect([state.threadTotal, state.threadCounting]).toEqual([threads, false]);
          expect(state.threadOrder[0]?.threadId).toBe(`thread-${threads - 1}`);
        }, { timeout: 60_000 });
      } finally {
        disconnect();
      }
    } finally {
      await service.close();
    }
  }, 120_000);
});
