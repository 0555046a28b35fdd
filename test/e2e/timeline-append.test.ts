/**
 * The app's store over the real backend (in-memory transport, real SQLite file, graph code in a graph
 * host): a run's new checkpoints are appended to the timeline from its events, with no whole reload of
 * the timeline, and rows the run did not change keep their objects (memoized rows are not drawn again).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "../../core/api/client.ts";
import type { MethodName } from "../../core/api/contract.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { connectEvents } from "../../renderer/store/connect-events.ts";
import { createAppStore, type AppStore } from "../../renderer/store/create-app-store.ts";
import { isActive } from "../../renderer/model/run-progress.ts";
import { runOfThread } from "../../renderer/model/run-registry.ts";
import { createFixture, type Fixture } from "../debugger/fixtures.ts";

/** How long to wait for an outcome: generous, so a loaded machine cannot fail a test by being slow. */
const EVENTUALLY = { timeout: 20_000 };

let fixture: Fixture | null = null;
let disconnect: (() => void) | null = null;
afterEach(async () => {
  disconnect?.();
  await fixture?.cleanup();
  fixture = null;
});

interface Call {
  method: MethodName;
  args: Record<string, unknown>;
  /** Whether a run of the thread was in flight when the app made the call. */
  running: boolean;
}

async function openStore(runningOn: string): Promise<{ store: AppStore; calls: Call[] }> {
  fixture = await createFixture();
  const { service } = fixture.open();
  const inner = createInMemoryTransport(service);
  const calls: Call[] = [];
  let store: AppStore | null = null;
  const transport = {
    call: (method: MethodName, args: unknown, options?: Parameters<typeof inner.call>[2]) => {
      calls.push({ method, args: args as Record<string, unknown>, running: store !== null && isActive(runOfThread(store.getState().runs, runningOn)) });
      return inner.call(method, args, options);
    },
    listen: inner.listen,
    onStatus: (listener: (status: "connected") => void) => (listener("connected"), () => {}),
    close() {},
  };
  const client = createClient(transport);
  await client.openDatabase({ path: fixture.db });
  await client.loadGraphModule({ path: fixture.module });
  const created = createAppStore(client);
  store = created;
  disconnect = connectEvents(created, client, transport);
  await created.getState().start();
  return { store: created, calls };
}

describe("a run's rows in the timeline", () => {
  it("are appended from the run's events, without reloading the timeline, keeping unchanged rows as they were", async () => {
    const { store, calls } = await openStore("waiting");
    store.getState().selectThread("waiting");
    await vi.waitFor(() => {
      const state = store.getState();
      expect(state.timelineStatus).toBe("ready");
      expect(state.selectedCheckpointId).toBe(state.timelineHeadId);
    }, EVENTUALLY);
    const before = store.getState();
    const layoutBefore = before.timelineLayout!;
    const firstRow = layoutBefore.rows[0]!;
    const firstEntry = before.timelineEntries.get(firstRow.checkpointId)!;
    const rowsBefore = layoutBefore.rows.length;

    calls.length = 0;
    expect(await store.getState().startRun("resume", "yes")).toBe(true);
    const runId = [...store.getState().runs.runs.keys()].at(-1)!;
    await vi.waitFor(() => expect(store.getState().runs.runs.get(runId)!.status).toBe("finished"), EVENTUALLY);

    // Every row the run wrote is on screen, the newest selected, as many rows as the database holds.
    const written = store.getState().runs.runs.get(runId)!.checkpoints;
    expect(written.length).toBeGreaterThan(0);
    await vi.waitFor(async () => {
      const state = store.getState();
      expect(state.timelineLayout!.rows.length).toBe(rowsBefore + written.length);
      expect(state.selectedCheckpointId).toBe(written.at(-1));
      expect(state.timelineHeadId).toBe(written.at(-1));
      for (const id of written) expect(state.timelineEntries.get(id)?.checkpointId).toBe(id);
    }, EVENTUALLY);
    const { client: fresh } = fixture!.open();
    await fresh.openDatabase({ path: fixture!.db });
    expect(store.getState().timelineLayout!.rows.length).toBe((await fresh.getTimeline({ threadId: "waiting" })).length);

    // No timeline was asked for while the run wrote; its end re-reads the rows around the selection only.
    expect(calls.filter((call) => call.running && call.method === "getTimelineWindow")).toEqual([]);
    const windows = calls.filter((call) => call.method === "getTimelineWindow");
    expect(windows.length).toBeGreaterThan(0);
    expect(windows.filter((call) => call.args.shape === true)).toEqual([]);
    // Rows the run did not touch are the same objects as before it.
    expect(store.getState().timelineLayout!.rows[0]).toBe(firstRow);
    expect(store.getState().timelineEntries.get(firstRow.checkpointId)).toBe(firstEntry);
  });
});
