/**
 * The debugger backend: every method of the contract's DebuggerApi over the open database, plus its
 * event streams. Transport-free: hosts (Electron IPC, the web server, the in-memory transport of the
 * tests) validate arguments with dispatch() and call these methods; nothing here knows who is calling.
 */
import { join, resolve } from "node:path";
import type { DebuggerApi, EventName, MethodArgs } from "../api/contract.ts";
import { ChronographError } from "../api/errors.ts";
import { threadKeyOf } from "../api/thread-key.ts";
import type { DatabaseInfo, RunEvent } from "../api/types.ts";
import { throwIfCancelled } from "./cancel.ts";
import { alignBranches, comparePage } from "./compare.ts";
import { diffValues } from "../api/diff.ts";
import { bundleFileName, exportBundle } from "./bundle.ts";
import { sweepBundleCopies } from "./bundle-cache.ts";
import { bundleCopyDir, isBundleCopy } from "./bundle-open.ts";
import { editRequestOf } from "./edit-request.ts";
import { previewEdit, writeEdit } from "./edits.ts";
import type { GraphProcessLauncher } from "./graph-host/launcher.ts";
import { EventHub, type Listener } from "./event-hub.ts";
import { toGraphView } from "./graph-view.ts";
import { defaultConfigDir, RecentFiles, requirePassword } from "./recent-files.ts";
import { TRUST_FILE_NAME, TrustStore } from "./trust.ts";
import { ConfiguredGraphs } from "./trust-gate.ts";
import { RunManager } from "./runs.ts";
import { withRuns } from "./run-boundaries.ts";
import { pythonResumeSnippet } from "./python-snippet.ts";
import { DatabaseSession } from "./session.ts";
import { prunePreview, storageReport } from "./storage.ts";
import { StorageThread } from "./storage-thread.ts";
import { watch, type Watcher } from "./watcher.ts";
import { TimelineCache } from "./timeline-cache.ts";
import { ancestry, enoughHistory, explainTask, previewRun } from "./why-ran.ts";

export interface DebuggerServiceOptions {
  /** Where settings such as the recent-files list and the trusted folders live. Default: the platform's per-user config folder. */
  configDir?: string;
  /** Folders whose config's graph code loads without asking, for this launch only (never saved). */
  launchTrust?: string[];
  /** How often to look for commits by other processes, in ms. Default 300. */
  pollIntervalMs?: number;
  /** How long reads and writes wait for another connection's lock before DATABASE_LOCKED, in ms. Default 2000. */
  busyTimeoutMs?: number;
  /** How graph hosts (the processes that run users' graph code) are started. Default: child_process.fork. */
  launcher?: GraphProcessLauncher;
  /**
   * Load a trusted config's graph code after openDatabase resolves instead of before it (the CLI's web
   * host: its URL prints at once). Meanwhile runs wait for the code and the database says why they do;
   * onDatabaseChanged carries the database once the code is in. Default false.
   */
  graphsInBackground?: boolean;
  /** The clock the bundle cache's age rule reads (bundle-cache.ts). Default Date.now. */
  clock?: () => number;
}

export interface DebuggerService extends DebuggerApi {
  /** Subscribe to one of the contract's event streams; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: Listener<E>): () => void;
  /** Resolves once the run has ended (at once when it is unknown or over). */
  runSettled(runId: string): Promise<void>;
  /** Stop runs and polling and close the database. The service is unusable afterwards. */
  close(): Promise<void>;
}


/** Create the backend. It holds at most one open database at a time. */
export function createDebuggerService(options: DebuggerServiceOptions = {}): DebuggerService {
  const hub = new EventHub();
  const recent = new RecentFiles(join(options.configDir ?? defaultConfigDir(), "recent-files.json"));
  const trust = new TrustStore(join(options.configDir ?? defaultConfigDir(), TRUST_FILE_NAME), options.launchTrust);
  const cacheDir = join(options.configDir ?? defaultConfigDir(), "cache");
  /** Remove the imported bundle copies no session uses beyond the few kept (bundle-cache.ts): at start-up and after a bundle closes. */
  const sweepBundles = (inUse: DatabaseSession | null) => sweepBundleCopies(bundleCopyDir(cacheDir), inUse ? [inUse.path] : [], (options.clock ?? Date.now)());
  sweepBundles(null);
  /** What the open database's config names, and whether workspace trust let it load. */
  let configured: ConfiguredGraphs | null = null;
  const busyTimeoutMs = options.busyTimeoutMs ?? 2000;
  let session: DatabaseSession | null = null;
  /** How many databases were opened; stamped on every DatabaseInfo so the app can drop stale notices. */
  let generation = 0;
  let watcher: Watcher | null = null;
  /** The open database's timelines held between calls (timeline-cache.ts). */
  let timelines: TimelineCache | null = null;
  /** Prune and VACUUM run on a worker thread, one at a time, so other calls answer meanwhile. */
  const storageThread = new StorageThread();
  /** Threads our runs are writing (their timelines only grow until the run ends), with the checkpoint each run started from. */
  const writing = new Map<string, string | null>();
  /** Run events leave in order; a checkpoint's carries its timeline row, read first (so the app appends it). */
  let emitted: Promise<void> = Promise.resolve();
  const emitRunEvent = async (event: RunEvent) => {
    if (event.type === "started") writing.set(event.threadId, event.fromCheckpointId);
    if (event.type === "finished" || event.type === "failed") {
      const from = writing.get(event.threadId) ?? null;
      // The run's last writes are noticed now, while they still count as the run's own (append-only).
      await session?.refresh().catch(() => undefined);
      // Unreadable now (the file locked, say): read the thread whole on its next request instead.
      await timelines?.settle({ threadId: event.threadId, namespace: "" }, from).catch(() => timelines?.forget(event.threadId));
      writing.delete(event.threadId);
    }
    if (event.type === "checkpoint" && timelines) {
      const entry = await timelines.entryOf({ threadId: event.threadId, namespace: "" }, event.checkpointId).catch(() => undefined);
      if (entry) event = { ...event, entry };
    }
    hub.emit("onRunEvent", event);
  };
  const runs = new RunManager(
    (event) => {
      emitted = emitted.then(() => emitRunEvent(event));
    },
    () => void session?.refresh().catch(() => undefined),
    options.launcher,
  );

  const current = (): DatabaseSession => {
    if (!session) throw new ChronographError("INVALID_ARGUMENT", "No database is open; open a checkpoint database first.");
    return session;
  };

  /** The bundle file each session opened from a bundle shows (its path is the imported copy). */
  const bundles = new WeakMap<DatabaseSession, string>();

  const describe = async (open: DatabaseSession): Promise<DatabaseInfo> => {
    const bundle = bundles.get(open);
    const info = { ...(await open.info()), generation, ...(bundle === undefined ? {} : { bundle }) };
    return configured ? configured.annotate(info) : info;
  };

  const announce = async (open: DatabaseSession): Promise<DatabaseInfo> => {
    const info = await describe(open);
    hub.emit("onDatabaseChanged", { threadIds: [], database: info });
    return info;
  };

  /** Close the open database; `next`, already open, is the one taking its place. */
  const closeCurrent = async (next: DatabaseSession | null = null) => {
    const closing = session;
    watcher?.stop();
    watcher = null;
    await runs.stopAll();
    await session?.close();
    session = null;
    configured = null;
    timelines = null;
    if (closing && bundles.has(closing)) sweepBundles(next);
  };

  return {
    on: (event, listener) => hub.on(event, listener),
    runSettled: async (runId) => {
      await runs.settled(runId);
      await emitted;
    },

    async openDatabase({ path }) {
      requirePassword(path);
      let opened: DatabaseSession | null = null;
      const next = await DatabaseSession.open(path, {
        busyTimeoutMs,
        launcher: options.launcher,
        cacheDir,
        // Only the session on screen reports changes.
        onThreadsChanged: (threadIds) => {
          if (session === opened) timelines?.touched(threadIds);
          if (session === opened) hub.emit("onDatabaseChanged", { threadIds });
        },
      });
      opened = next;
      if (isBundleCopy(next.path, cacheDir)) bundles.set(next, resolve(path));
      await closeCurrent(next);
      session = next;
      timelines = new TimelineCache(next.source);
      generation += 1;
      // Opening never imports code: the config's modules load only in a trusted folder (trust-gate.ts).
      configured = ConfiguredGraphs.read(next, (folder) => trust.isTrusted(folder));
      if (configured.loaded && options.graphsInBackground) {
        // A graph host takes seconds to start: the caller does not wait for it, runs do (startRun).
        const config = configured;
        void next.loadInBackground(() => config.load(next)).then(() => (session === next ? announce(next) : undefined)).catch(() => undefined);
      } else if (configured.loaded) {
        await configured.load(next);
      }
      watcher = watch(() => next.refresh(), options.pollIntervalMs ?? 300);
      recent.add(bundles.get(next) ?? next.path);
      return announce(next);
    },

    async getDatabase() {
      return session ? describe(session) : null;
    },

    async recentFiles() {
      return recent.list();
    },

    async listThreads(args, { signal } = {}) {
      throwIfCancelled(signal, "listThreads");
      const page = await current().page(args);
      throwIfCancelled(signal, "listThreads");
      return page;
    },

    async getGraph(args) {
      const open = current();
      if (open.traits.graphCode !== "engine") return open.langGraphView(threadKeyOf(args));
      const row = await open.threadRow(threadKeyOf(args));
      const loaded = open.graphFor(row?.graphName);
      return loaded ? toGraphView(loaded.description, "code") : open.source.getGraph(threadKeyOf(args));
    },

    async getTimeline(args, { signal } = {}) {
      const what = `getTimeline of thread "${args.threadId}"`;
      throwIfCancelled(signal, what);
      const entries = await current().source.listCheckpoints(threadKeyOf(args));
      throwIfCancelled(signal, what);
      return withRuns(entries);
    },

    async getTimelineWindow(args, { signal } = {}) {
      const what = `getTimelineWindow of thread "${args.threadId}"`;
      throwIfCancelled(signal, what);
      // Which threads changed since the last look (the held timelines of the others stay).
      await current().refresh().catch(() => undefined);
      const window = await timelines!.window(threadKeyOf(args), args, writing.has(args.threadId));
      throwIfCancelled(signal, what);
      return window;
    },

    async getCheckpoint(args) {
      return current().source.getCheckpoint(threadKeyOf(args), args.checkpointId);
    },

    async diff(args, { signal } = {}) {
      const { source } = current();
      const what = `diff of thread "${args.threadId}"`;
      const from = await source.getCheckpoint(threadKeyOf(args), args.from);
      throwIfCancelled(signal, what);
      const to = await source.getCheckpoint(threadKeyOf(args), args.to);
      throwIfCancelled(signal, what);
      return { from: args.from, to: args.to, changes: diffValues(from.values, to.values) };
    },

    async previewUpdate(args) {
      return previewEdit(current(), editRequestOf(args));
    },

    async updateState(args) {
      const open = current();
      const result = await writeEdit(open, editRequestOf(args));
      await open.refresh();
      return result;
    },

    async startRun(args: MethodArgs<"startRun">) {
      const open = current();
      await open.graphsLoaded();
      const request = { ...threadKeyOf(args), mode: args.mode, resumeValue: args.resumeValue, breakpoints: args.breakpoints ?? [], ...(args.input ? { input: args.input } : {}) };
      return runs.start(open, args.checkpointId === undefined ? request : { ...request, checkpointId: args.checkpointId });
    },

    async stopRun({ runId }) {
      return { stopped: runs.stop(runId) };
    },

    async loadGraphModule({ path, exportName }) {
      const open = current();
      await open.loadGraphModule(path, exportName);
      return announce(open);
    },

    async trustFolder({ folder }) {
      trust.trust(folder);
      if (!session || !configured) return null;
      if (configured.waiting && trust.isTrusted(configured.folder)) {
        await configured.load(session);
        return announce(session);
      }
      return describe(session);
    },

    async revokeTrust({ folder }) {
      trust.revoke(folder);
      if (!session || !configured) return null;
      // Loaded code cannot be unloaded from a process: reopen the file, which loads nothing untrusted.
      if (configured.loaded && !trust.isTrusted(configured.folder)) return this.openDatabase({ path: session.path });
      return describe(session);
    },

    async listTrustedFolders() {
      return trust.list();
    },

    async explainTask(args) {
      const { source } = current();
      const thread = threadKeyOf(args);
      if (!source.getVersions) throw new ChronographError("INVALID_ARGUMENT", `explainTask: "${source.path}" keeps no channel versions to explain node "${args.node}" with.`, { file: source.path });
      const view = await source.getCheckpoint(thread, args.checkpointId);
      const chain = await ancestry(source, thread, args.checkpointId, (read) => enoughHistory(args.node, read));
      // The edges only name how the node was reached; without a graph the channels still explain it.
      const edges = await this.getGraph(args).then((graph) => graph.edges, () => []);
      return explainTask(args.node, chain, view.next.includes(args.node), edges);
    },

    async previewRun(args) {
      return previewRun(await current().source.getCheckpoint(threadKeyOf(args), args.checkpointId), args.mode);
    },

    async compareBranches(args, { signal } = {}) {
      const { source } = current();
      const thread = threadKeyOf(args);
      const what = `compareBranches of thread "${args.threadId}"`;
      const alignment = alignBranches(await source.listCheckpoints(thread), args.left, args.right, args.threadId);
      return comparePage(alignment, { left: args.left, right: args.right }, args, async (id) => {
        throwIfCancelled(signal, what);
        return (await source.getCheckpoint(thread, id)).values;
      });
    },

    async exportThread(args) {
      const open = current();
      const bundle = await exportBundle(open.path, { thread: threadKeyOf(args), checkpointId: args.checkpointId, redact: args.redact });
      return { fileName: bundleFileName(bundle), text: JSON.stringify(bundle, null, 2) + "\n", checkpoints: bundle.checkpoints.length, redacted: bundle.redacted };
    },

    async pythonSnippet(args) {
      const open = current();
      if (open.traits.resumesElsewhere !== "python") throw new ChronographError("INVALID_ARGUMENT", `pythonSnippet: "${open.path}" was not written by Python LangGraph; run its graph from here instead.`, { file: open.path });
      await open.source.getCheckpoint(threadKeyOf(args), args.checkpointId);
      const snippet = pythonResumeSnippet({
        threadId: args.threadId,
        checkpointId: args.checkpointId,
        ...(args.resumeValue === undefined ? {} : { resume: args.resumeValue }),
        ...(args.values ? { update: args.values } : {}),
        ...(args.asNode ? { asNode: args.asNode } : {}),
      });
      return { snippet };
    },

    async storageReport(args) {
      return storageReport(current(), args);
    },

    async prunePreview(args) {
      return prunePreview(current(), args);
    },

    async prune(args) {
      const open = current();
      const result = await storageThread.prune(open, args);
      // Timelines held between calls may name removed checkpoints: read them afresh (unless another file was opened meanwhile).
      if (session !== open) return result;
      timelines = new TimelineCache(open.source);
      await open.refresh();
      return result;
    },

    async vacuum() {
      return storageThread.vacuum(current());
    },

    async close() {
      await closeCurrent();
      hub.clear();
    },
  };
}
