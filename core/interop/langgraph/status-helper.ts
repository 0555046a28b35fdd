/**
 * The status warm-up (status-index.ts) on two cores: on a big LangGraph.js file never seen before, deciding
 * 100,000 heads is SQLite's JSON work on one core, a second or two. Once the warm-up finds a slice of heads
 * it has to read (nothing cached them), a worker thread (status-worker.ts) decides the same list from the
 * end backwards on a connection of its own while the warm-up walks it from the front; HeadStatuses.statuses()
 * takes the worker's answers (lendStatuses) and the two stop where they meet. The answers are the decoder's
 * (the worker runs the same HeadStatuses). Any commit to the file after the worker started drops them all
 * (a worker's answer may predate a write) and ends it: the warm-up then decides the rest itself, as it would
 * have without a helper. A worker that cannot start or fails only leaves the work to the main thread.
 */
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ThreadStatus } from "../../api/types.ts";
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import { workerEntryPath } from "../../storage/sqlite/worker-path.ts";
import { type LentStatuses, lendStatuses, type NamespaceHead } from "./status-sql.ts";
// A value import, so builds that follow imports emit the worker's entry beside this file.
import { HeadList, packHeads, STATUS_WORKER_ENTRY, type StatusWorkerData, type StatusWorkerSlice } from "./status-worker.ts";
import type { IndexedThread } from "./thread-index.ts";

export interface StatusHelperOptions {
  /**
   * Fewer heads to decide than this are left to the main thread (a worker's start costs more than it saves).
   * Default 10,000.
   */
  minThreads?: number;
  /** Whether a core is free for the worker when it would start (default: spareCore()). */
  spareCore?: () => boolean;
  /** Whether the thread's status is already known from its root head (the sidecar cache): the worker leaves those out. */
  known?: (thread: IndexedThread) => boolean;
  /**
   * Whether nothing is known of this file yet (no sidecar): the worker then starts as soon as the thread list
   * is offered, before the warm-up's first slice (which waits while pages are asked), and `known` is not asked.
   */
  unseen?: () => boolean;
  /** Heads the worker decides per slice (default 400, as the warm-up). */
  slice?: number;
  /** Starts the worker (tests and benches pass one that loads the sources); default: status-worker's built entry beside this file. */
  start?: (data: StatusWorkerData) => Worker | undefined;
}

/**
 * Whether the worker would run beside the main thread rather than take turns with it (on a busy machine it
 * only adds its start and a second connection's reads): two or more cores and a one-minute load average
 * below their number (this process's own busy thread counts one: the others leave a core free on average).
 * CHRONOGRAPH_STATUS_WORKER=on or off decides instead (to compare).
 */
export function spareCore(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CHRONOGRAPH_STATUS_WORKER === "on") return true;
  if (env.CHRONOGRAPH_STATUS_WORKER === "off") return false;
  const cores = availableParallelism();
  return cores >= 2 && loadavg()[0]! < cores;
}

/** The worker's garbage is a slice's rows at a time: a small young generation keeps its memory small. */
export const STATUS_WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

/**
 * The worker beside this file in the build (out/). Run from the TypeScript sources there is none (core/interop
 * loads no TypeScript loader): the main thread decides alone unless a starter is given (tests and benches:
 * test/support/status-worker.ts). In a packaged app it loads from app.asar.unpacked (worker-path.ts,
 * electron-builder.yml's asarUnpack); a worker that fails to load leaves the main thread to decide alone.
 */
function startWorker(data: StatusWorkerData): Worker | undefined {
  if (import.meta.url.endsWith(".ts")) return undefined;
  const entry = workerEntryPath(fileURLToPath(new URL(`./${STATUS_WORKER_ENTRY}.js`, import.meta.url)), existsSync);
  return new Worker(entry, { workerData: data, resourceLimits: STATUS_WORKER_LIMITS });
}

/** One file's helper: lends its worker's answers to the file's HeadStatuses. */
export class StatusHelper implements LentStatuses {
  private threads: readonly IndexedThread[] = [];
  private worker: Worker | undefined;
  private started = false;
  private ended = false;
  /** The main connection's data_version when the worker started: any other value means a commit since. */
  private version = 0;
  /** The thread list's root heads when the worker started (shared with the worker), and the worker's answers by place in it (undefined: none yet). */
  private heads: HeadList | undefined;
  private answers: Array<ThreadStatus | null | undefined> = [];
  private answered = 0;
  /** Each head's place in that list, by its IndexedNamespace (the warm-up asks with the same objects: no key to build per head). */
  private readonly place = new Map<NamespaceHead, number>();
  private readonly reach = new Int32Array(new SharedArrayBuffer(4));
  private readonly minThreads: number;
  private readonly spareCore: () => boolean;
  private readonly slice: number;
  private readonly start: (data: StatusWorkerData) => Worker | undefined;
  private readonly known: (thread: IndexedThread) => boolean;
  private readonly unseen: () => boolean;

  constructor(
    private readonly db: RawDatabase,
    options: StatusHelperOptions = {},
  ) {
    this.minThreads = options.minThreads ?? 10_000;
    this.spareCore = options.spareCore ?? spareCore;
    this.slice = Math.max(1, options.slice ?? 400);
    this.start = options.start ?? startWorker;
    this.known = options.known ?? (() => false);
    this.unseen = options.unseen ?? (() => false);
    lendStatuses(db, this);
  }

  /** The warm-up's current thread list (the worker, once started, works the list as it was then). */
  offer(threads: readonly IndexedThread[]): void {
    this.threads = threads;
    // A file never seen before: every head is to be decided, and the worker can start on a spare core now.
    if (!this.started && threads.length >= this.minThreads && this.unseen()) this.begin([], false);
  }

  /**
   * Answers the worker has posted for heads HeadStatuses is about to read (undefined when it has none to
   * give); the first call with heads to read starts the worker, when the list is long enough to be worth it.
   */
  lend(heads: ReadonlyArray<{ threadId: string; entry: NamespaceHead }>): Array<ThreadStatus | null | undefined> | undefined {
    if (!this.started && heads.length > 0) this.begin(heads);
    if (this.ended || (this.worker === undefined && this.answered === 0)) return undefined;
    if (this.db.dataVersion() !== this.version) {
      this.end();
      return undefined;
    }
    let reach = Atomics.load(this.reach, 0);
    const lent = heads.map(({ threadId, entry }) => {
      const at = this.place.get(entry);
      if (at === undefined) return undefined;
      const status = this.answers[at];
      const [id, namespace, headId] = status === undefined ? [] : this.heads!.at(at);
      if (status !== undefined && id === threadId && namespace === entry.namespace && headId === entry.headId) return status;
      reach = Math.max(reach, at + 1);
      return undefined;
    });
    Atomics.store(this.reach, 0, reach);
    return lent;
  }

  /** How many answers the worker has posted, and whether it still runs (benches and tests read it). */
  get progress(): { answers: number; running: boolean } {
    return { answers: this.answered, running: this.worker !== undefined };
  }

  /** End the worker and forget its answers (the file is being closed). */
  end(): void {
    this.ended = true;
    Atomics.store(this.reach, 0, (this.heads?.length ?? 0) + 1);
    this.answers = [];
    this.answered = 0;
    this.heads = undefined;
    this.place.clear();
    this.threads = [];
    lendStatuses(this.db, undefined);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** Start the worker on the list offered, below the heads the warm-up is about to read itself (`own`), leaving out the known ones when `withKnown`. */
  private begin(own: ReadonlyArray<{ threadId: string; entry: NamespaceHead }>, withKnown = true): void {
    this.started = true;
    if (this.threads.length < this.minThreads || !this.spareCore()) return;
    const threads = this.threads;
    threads.forEach((thread, at) => this.place.set(thread.namespaces[0]!, at));
    const reach = Math.max(0, ...own.map(({ entry }) => (this.place.get(entry) ?? -1) + 1));
    const chosen: number[] = [];
    for (let at = reach; at < threads.length; at += 1) if (!withKnown || !this.known(threads[at]!)) chosen.push(at);
    if (chosen.length < this.minThreads) return;
    const places = new Int32Array(new SharedArrayBuffer(4 * chosen.length));
    places.set(chosen);
    const packed = packHeads(threads.length, (at) => [threads[at]!.threadId, threads[at]!.namespaces[0]!.namespace, threads[at]!.namespaces[0]!.headId]);
    this.heads = new HeadList(packed);
    this.answers = new Array<ThreadStatus | null | undefined>(threads.length).fill(undefined);
    Atomics.store(this.reach, 0, reach);
    this.version = this.db.dataVersion();
    let worker: Worker | undefined;
    try {
      worker = this.start({ chronographStatusWorker: true, file: this.db.file, heads: packed, places: places.buffer as SharedArrayBuffer, reach: this.reach.buffer as SharedArrayBuffer, slice: this.slice });
    } catch {
      return;
    }
    if (!worker) return;
    this.worker = worker;
    worker.unref();
    worker.on("message", (answer: StatusWorkerSlice) => {
      if (this.ended) return;
      answer.statuses.forEach((status, at) => (this.answers[places[answer.from + at]!] = status));
      this.answered += answer.statuses.length;
    });
    // A failure (the file locked or gone) or the end of its walk: the main thread decides what is left.
    const gone = () => {
      if (this.worker === worker) this.worker = undefined;
    };
    worker.once("error", gone);
    worker.once("exit", gone);
  }
}
