/**
 * The app's store on a LangGraph.js file whose statuses the backend is still deciding when a status filter is
 * asked (the warm-up held by CHRONOGRAPH_STATUS_WARMUP_GATE): the store keeps the page's statusCounting and
 * partial counts, with one slot per partial hit, and once the backend's notice comes (no other request asks)
 * it shows the full answer, with the rows it showed first still first. Real service, in-memory transport.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { connectEvents } from "../../renderer/store/connect-events.ts";
import { createAppStore } from "../../renderer/store/create-app-store.ts";
import { writeMixedStatusFile } from "../interop/status-mixed-file.ts";
import { tempDir } from "./support/databases.ts";

const folder = tempDir("chronograph-status-counting-store-");
const gate = join(folder.dir, "warmup-gate");
const before = process.env.CHRONOGRAPH_STATUS_WARMUP_GATE;
afterAll(() => {
  if (before === undefined) delete process.env.CHRONOGRAPH_STATUS_WARMUP_GATE;
  else process.env.CHRONOGRAPH_STATUS_WARMUP_GATE = before;
  folder.remove();
});

describe("a status filter in the app's store while statuses are decided", () => {
  it("shows the partial answer flagged, then the full one when the backend says so", async () => {
    const file = join(folder.dir, "mixed.sqlite");
    await writeMixedStatusFile(file, { generated: 3_000, tickets: 20 });
    writeFileSync(gate, "held\n");
    process.env.CHRONOGRAPH_STATUS_WARMUP_GATE = gate;
    const service = createDebuggerService({ configDir: folder.dir, pollIntervalMs: 60_000 });
    const transport = { ...createInMemoryTransport(service), onStatus: (listener: (status: "connected") => void) => (listener("connected"), () => {}), close() {} };
    const client = createClient(transport);
    try {
      await client.openDatabase({ path: file });
      const store = createAppStore(client);
      const disconnect = connectEvents(store, client, transport);
      try {
        await store.getState().start();
        await vi.waitFor(() => expect(store.getState().threadTotal).toBe(3_020), { timeout: 30_000 });
        store.getState().toggleThreadStatus("done");
        await vi.waitFor(() => expect(store.getState().threadStatusCounting).not.toBeNull(), { timeout: 30_000 });
        const partial = store.getState();
        const { decided, threads } = partial.threadStatusCounting!;
        expect(threads).toBe(3_020);
        expect(decided).toBeLessThan(3_020);
        expect(partial.threadCounts!.done + partial.threadCounts!.interrupted).toBe(decided);
        expect(partial.visibleThreadKeys).toHaveLength(partial.threadCounts!.done);
        const shown = partial.threadOrder.map((row) => row.threadId);
        expect(shown.length).toBeGreaterThan(0);

        rmSync(gate);
        await vi.waitFor(() => {
          const state = store.getState();
          expect(state.threadStatusCounting).toBeNull();
          expect(state.threadCounts).toEqual({ done: 3_000, interrupted: 20, error: 0, pending: 0 });
          expect(state.visibleThreadKeys).toHaveLength(3_000);
        }, { timeout: 60_000 });
        expect(store.getState().threadOrder.map((row) => row.threadId).slice(0, shown.length)).toEqual(shown);
      } finally {
        disconnect();
      }
    } finally {
      rmSync(gate, { force: true });
      await service.close();
    }
  }, 120_000);
});
