/**
 * Every thread's status decided in the background once a LangGraph file is open, so the first status
 * filter finds them decided instead of reading 100,000 heads while the user waits. It works a slice of
 * threads at a time and yields between slices, so requests (the first screen, a scroll, a timeline) are
 * answered meanwhile; the statuses land where the filter reads them (ThreadSummaries, by stamp) and, when
 * it is done, in the sidecar cache (status-cache.ts) for later sessions. A thread that changes while it
 * runs gets a new stamp, and the filter decides it again: the warm-up only ever saves work, and the filter
 * stays right whatever it did or did not reach. A filter asked before it is done answers from the threads it
 * has decided (statusHits, ThreadPage.statusCounting), and the app asks again when it is.
 */
import { existsSync } from "node:fs";
import { emptyCounts } from "../../api/thread-filter.ts";
import type { ThreadStatus } from "../../api/types.ts";
import type { IndexedThread } from "./thread-index.ts";

/** What the warm-up fills: ThreadSummaries. */
export interface StatusSink {
  /** Decide (and keep) the status of each of these threads: one slice of the warm-up (awaited when the reads are async, as PostgreSQL's). */
  statusesOf(threads: readonly IndexedThread[]): void | Promise<void>;
  save(): void;
}

export interface StatusWarmupOptions {
  /** Threads decided between two yields (default 400: some 10-20 ms of head reads). */
  slice?: number;
  /** How it yields to waiting requests (default: the event loop's next turn). */
  pause?: () => Promise<void>;
  /** Awaited before the first slice, which opens the sidecar cache in one go (LangGraphSource: until pages stop being asked, quiet-gate.ts). */
  quiet?: () => Promise<void>;
}

/**
 * The warm-up's options from the environment: CHRONOGRAPH_STATUS_WARMUP_GATE names a file the warm-up waits
 * at each yield while it exists (how the e2e specs hold it to look at the answers given meanwhile).
 */
export function warmupFromEnv(env: NodeJS.ProcessEnv = process.env): StatusWarmupOptions | undefined {
  const gate = env.CHRONOGRAPH_STATUS_WARMUP_GATE;
  if (!gate) return undefined;
  const pause = async (): Promise<void> => {
    await new Promise((done) => setImmediate(done));
    while (existsSync(gate)) await new Promise((done) => setTimeout(done, 50));
  };
  return { pause };
}

export class StatusWarmup {
  private running: Promise<void> | undefined;
  private stopped = false;
  private finished = false;
  private decided = 0;
  private readonly slice: number;
  private readonly pause: () => Promise<void>;
  private readonly quiet: (() => Promise<void>) | undefined;

  constructor(
    private readonly sink: StatusSink,
    /** The current thread list (the file's index, brought up to date). */
    private readonly threads: () => Promise<readonly IndexedThread[]>,
    options: StatusWarmupOptions = {},
  ) {
    this.slice = Math.max(1, options.slice ?? 400);
    this.pause = options.pause ?? (() => new Promise((done) => setImmediate(done)));
    this.quiet = options.quiet;
  }

  /**
   * Start (once) and resolve when every thread has been decided, the warm-up was stopped, or it failed (never
   * rejects). After a failure (a lock held by a writer, the file closed meanwhile) the next start() runs it
   * again; the filter meanwhile decides what the warm-up did not.
   */
  start(): Promise<void> {
    this.running ??= this.run().catch(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stop at the next yield (the file is being closed); nothing is saved. */
  stop(): void {
    this.stopped = true;
  }

  /** Threads decided so far, and whether every thread is (benches and tests read it). */
  get progress(): { decided: number; done: boolean } {
    return { decided: this.decided, done: this.finished };
  }

  private async run(): Promise<void> {
    let threads = await this.threads();
    // The index is read by now (a big file's first read takes a second): requests that waited for it too, a
    // page deep in the list asked meanwhile, are answered before the first slice (and the sidecar it opens).
    await new Promise((done) => setImmediate(done));
    if (this.quiet) {
      await this.quiet();
      if (this.stopped) return;
      threads = await this.threads();
    }
    let next = 0;
    while (!this.stopped) {
      const end = Math.min(threads.length, next + this.slice);
      await this.sink.statusesOf(threads.slice(next, end));
      next = end;
      this.decided = Math.max(this.decided, next);
      if (next >= threads.length) break;
      await this.pause();
      if (this.stopped) return;
      // After a commit the list is re-read and the walk goes on at the same place: a live run commits every
      // superstep, and starting over would never finish. Threads that moved above it (the changed ones,
      // listed first) are left to the filter, which decides what the warm-up did not.
      threads = await this.threads();
    }
    if (this.stopped) return;
    this.finished = true;
    this.sink.save();
  }
}

/** What a status filter found: the threads it keeps, in the list's order, and the counts per status of those it decided. */
export interface StatusHits {
  hits: IndexedThread[];
  counts: Record<ThreadStatus, number>;
  /** How far down the list it decided (the list's length once the warm-up is done). */
  reach: number;
}

/**
 * A status filter over the thread list (newest first). Once the warm-up is done (`decided` undefined) every
 * thread counts. While it runs, only the threads it has decided (the first `decided`: it walks the list in
 * order) count, so the answer comes at once and its hits are the first ones the full answer has, in the same
 * order; when those fill fewer than `want` hits, up to `extra` more threads are decided here (a page soon
 * after the file opened). `matches` is the text query, `statusOf` decides (and keeps) a thread's status.
 */
export function statusHits(
  threads: readonly IndexedThread[],
  matches: (thread: IndexedThread) => boolean,
  statusOf: (thread: IndexedThread) => ThreadStatus,
  wanted: ReadonlySet<ThreadStatus>,
  partial?: { decided: number; want: number; extra: number },
): StatusHits {
  const hits: IndexedThread[] = [];
  const counts = emptyCounts();
  let reach = 0;
  for (; reach < threads.length; reach += 1) {
    if (partial && reach >= partial.decided && (hits.length >= partial.want || reach >= partial.decided + partial.extra)) break;
    const thread = threads[reach]!;
    if (!matches(thread)) continue;
    const status = statusOf(thread);
    counts[status] += 1;
    if (wanted.has(status)) hits.push(thread);
  }
  return { hits, counts, reach };
}
