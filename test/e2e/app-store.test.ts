/**
 * The window's store over the real backend, without a browser: createAppStore(client) with the
 * in-memory transport onto a real DebuggerService and a real SQLite file (no mocks of ourselves).
 * The Playwright specs beside this file drive the same store through the UI.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { connectEvents } from "../../renderer/store/connect-events.ts";
import { createAppStore, type AppStore } from "../../renderer/store/create-app-store.ts";
import { selectRun, selectRunActive } from "../../renderer/store/selectors.ts";
import { supportGraph } from "./fixtures/support-graph.ts";
import { buildSupportDatabase, tempDir, THREADS } from "./support/databases.ts";

/** How long to wait for an outcome: generous, so a loaded machine cannot fail a test by being slow. */
const EVENTUALLY = { timeout: 15_000 };

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function openStore(): Promise<{ store: AppStore; service: DebuggerService; file: string; dir: string }> {
  const folder = tempDir("chronograph-store-");
  const file = join(folder.dir, "support.db");
  await buildSupportDatabase(file);
  const service = createDebuggerService({ configDir: folder.dir, pollIntervalMs: 50 });
  const transport = { ...createInMemoryTransport(service), onStatus: (listener: (status: "connected") => void) => (listener("connected"), () => {}), close() {} };
  const client = createClient(transport);
  await client.openDatabase({ path: file });
  const store = createAppStore(client);
  const disconnect = connectEvents(store, client, transport);
  cleanup.push(folder.remove, () => service.close(), disconnect);
  await store.getState().start();
  return { store, service, file, dir: folder.dir };
}

/** Select a thread and wait until its newest checkpoint is loaded in full. */
async function selectThread(store: AppStore, threadId: string): Promise<void> {
  store.getState().selectThread(threadId);
  await vi.waitFor(() => {
    const state = store.getState();
    expect(state.selectedCheckpointId).not.toBeNull();
    expect(state.checkpointViews.get(state.selectedCheckpointId!)?.threadId).toBe(threadId);
  }, EVENTUALLY);
}

describe("the app store over the real backend", () => {
  it("shows the database opened last even when the notice about the one before arrives late", async () => {
    const { store, dir } = await openStore();
    const first = store.getState().database!;
    const other = join(dir, "other.db");
    await buildSupportDatabase(other);
    expect(await store.getState().openDatabase(other)).toBe(true);
    const second = store.getState().database!;
    expect(second.generation).toBeGreaterThan(first.generation!);

    await store.getState().applyDatabase(first);
    expect(store.getState().database?.path).toBe(second.path);
    // A genuine switch made elsewhere (a menu, a second launch) carries a newer generation and is followed.
    await store.getState().applyDatabase({ ...first, generation: second.generation! + 1 });
    expect(store.getState().database?.path).toBe(first.path);
  });

  it("loads the open database's threads and filters them by status and text", async () => {
    const { store } = await openStore();
    expect(store.getState().database?.path).toMatch(/support\.db$/);
    // The newest thread is opened for a first look.
    expect(store.getState().selectedThreadKey).toBe(store.getState().threadOrder[0]!.threadId);
    expect(store.getState().visibleThreadKeys).toHaveLength(5);
    expect(store.getState().threadTotal).toBe(5);
    // The backend filters: each change asks for page 0 again.
    store.getState().toggleThreadStatus("error");
    await vi.waitFor(() => expect(store.getState().visibleThreadKeys).toEqual([THREADS.failed]), EVENTUALLY);
    expect(store.getState().threadCounts).toMatchObject({ error: 1 });
    store.getState().clearThreadStatuses();
    store.getState().setThreadQuery("FORKED");
    await vi.waitFor(() => expect(store.getState().visibleThreadKeys).toEqual([THREADS.forked]), EVENTUALLY);
    expect(store.getState().threadTotal).toBe(5);
  });

  it("opens a thread at its newest checkpoint, with its graph, branches, state and diff", async () => {
    const { store } = await openStore();
    await selectThread(store, THREADS.forked);
    const state = store.getState();
    expect(state.graphView?.name).toBe("support-triage");
    expect(state.timelineLayout?.branchCount).toBe(2);
    expect(state.selectedCheckpointId).toBe(state.timelineHeadId);
    expect(state.checkpointViews.get(state.selectedCheckpointId!)?.values.category).toBe("billing");

    state.moveSelection("parent");
    const parent = store.getState().selectedCheckpointId!;
    await vi.waitFor(() => expect(store.getState().checkpointViews.has(parent)).toBe(true), EVENTUALLY);
    const entry = store.getState().timelineEntries.get(parent)!;
    await store.getState().loadDiff(entry.parentId!, parent);
    expect(store.getState().diffState.result?.changes.map((change) => change.path.join("."))).toEqual(["notes.1", "notes.2"]);
  });

  it("saves an edit as a new checkpoint on a new branch and selects it", async () => {
    const { store } = await openStore();
    // classify routes in code (a conditional edge), so writing as classify needs the graph's module.
    expect(await store.getState().loadGraphModule(join(import.meta.dirname, "fixtures/support-module.ts"))).toBe(true);
    expect(store.getState().database?.canRun).toBe(true);
    await selectThread(store, THREADS.done);
    const step0 = [...store.getState().timelineEntries.values()].find((entry) => entry.step === 0)!;
    store.getState().selectCheckpoint(step0.checkpointId);
    await vi.waitFor(() => expect(store.getState().checkpointViews.has(step0.checkpointId)).toBe(true), EVENTUALLY);
    store.getState().beginEdit(store.getState().checkpointViews.get(step0.checkpointId)!, "classify");
    const draft = JSON.parse(store.getState().editText) as Record<string, unknown>;
    store.getState().setEditText(JSON.stringify({ ...draft, category: "billing" }));
    await store.getState().previewEdit();
    expect(store.getState().editPreview.error).toBeNull();
    expect(store.getState().editPreview.next).toEqual(["research", "lookup"]);
    expect(await store.getState().saveEdit()).toBe(true);
    const saved = store.getState().editSavedId!;
    expect(store.getState().selectedCheckpointId).toBe(saved);
    expect(store.getState().timelineEntries.get(saved)).toMatchObject({ source: "update", parentId: step0.checkpointId, writers: ["classify"] });
    expect(store.getState().timelineLayout?.branchCount).toBe(2);
  });

  it("runs quickly one after another on two threads: each thread shows its own finished run, never a stuck one", async () => {
    const { store } = await openStore();
    expect(await store.getState().loadGraphModule(join(import.meta.dirname, "fixtures/support-module.ts"))).toBe(true);
    const fromStep0 = async (threadId: string, mode: "replay" | "fork") => {
      await selectThread(store, threadId);
      const step0 = [...store.getState().timelineEntries.values()].find((entry) => entry.step === 0 && entry.source === "loop")!;
      store.getState().selectCheckpoint(step0.checkpointId);
      expect(await store.getState().startRun(mode)).toBe(true);
      await vi.waitFor(() => expect(selectRun(store.getState())?.status).toBe("finished"), EVENTUALLY);
      expect(selectRunActive(store.getState())).toBe(false);
      return selectRun(store.getState())!;
    };
    const first = await fromStep0(THREADS.done, "replay");
    // The first run's "finished" banner is still up: the second run must not be held behind it.
    const second = await fromStep0(THREADS.done, "replay");
    expect(second.runId).not.toBe(first.runId);
    expect(second.checkpoints.length).toBeGreaterThan(0);
    await selectThread(store, THREADS.forked);
    expect(selectRun(store.getState())).toBeNull();
    const third = await fromStep0(THREADS.forked, "fork");
    expect(third.threadId).toBe(THREADS.forked);
    await selectThread(store, THREADS.done);
    expect(selectRun(store.getState())?.runId).toBe(second.runId);
  });

  it("leaves a run's banner behind with its database: a same-named thread of the next file shows none", async () => {
    const { store, dir } = await openStore();
    expect(await store.getState().loadGraphModule(join(import.meta.dirname, "fixtures/support-module.ts"))).toBe(true);
    await selectThread(store, THREADS.done);
    const step0 = [...store.getState().timelineEntries.values()].find((entry) => entry.step === 0 && entry.source === "loop")!;
    store.getState().selectCheckpoint(step0.checkpointId);
    expect(await store.getState().startRun("replay")).toBe(true);
    await vi.waitFor(() => expect(selectRun(store.getState())?.status).toBe("finished"), EVENTUALLY);

    const other = join(dir, "same-threads.db");
    await buildSupportDatabase(other);
    expect(await store.getState().openDatabase(other)).toBe(true);
    await selectThread(store, THREADS.done);
    expect(selectRun(store.getState())).toBeNull();
  });

  it("refuses a file that is not a database, keeping the open one", async () => {
    const { store, dir } = await openStore();
    const bogus = join(dir, "notes.db");
    writeFileSync(bogus, "not a database");
    expect(await store.getState().openDatabase(bogus)).toBe(false);
    expect(store.getState().openError?.code).toBe("NOT_A_DATABASE");
    expect(store.getState().database?.path).toMatch(/support\.db$/);
    expect(store.getState().databaseStatus).toBe("ready");
    expect(store.getState().visibleThreadKeys).toHaveLength(5);
  });

  it("shows a thread another connection writes, without being asked", async () => {
    const { store, file } = await openStore();
    const saver = SqliteSaver.open(file);
    try {
      await supportGraph(saver, 0).invoke({ ticket: "live", mode: "normal" }, { threadId: "ticket-live" });
    } finally {
      await saver.close();
    }
    await vi.waitFor(() => expect(store.getState().threadRows.has("ticket-live")).toBe(true), EVENTUALLY);
  });
});
