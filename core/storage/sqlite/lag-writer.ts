/**
 * The writing side of thread-lag.ts for one saver: which threads it marked as lagging, the checkpoint
 * it last deferred on each (so that settling usually writes a known summary instead of computing one),
 * and when they are settled. A run's puts after its first, its last included, are deferred; the rows
 * are settled in batches, not one transaction per run: when this saver's marks reach MAX_LAGGING (inside
 * the transaction of the put that would mark one more, ended runs first), when no put has come for a
 * while (idle timer), on close, before any other write to the thread, and by the next writable open after
 * a crash. Every method that touches the file runs inside the caller's write transaction except
 * `appended` and `openedThread` (one autocommit statement each) and `settleAll`, which opens its own
 * through `write`.
 */
import { headSummary } from "./rows.ts";
import type { CheckpointRecord } from "../../checkpoint/types.ts";
import { deferredRefused, type LagStatements, newThreadTaken } from "./thread-lag.ts";

/** How long a thread's row may lag after this saver's last put before it is brought current anyway. */
export const IDLE_SETTLE_MS = 2000;

/**
 * At most this many of this saver's threads lag at once (each costs every reader a computed row): the
 * batch that settles them is one transaction per this many runs instead of one per run.
 */
export const MAX_LAGGING = 64;

/**
 * Whether a run goes on from this checkpoint (it plans tasks and stops at no breakpoint). Only such a
 * put marks its thread (a full put that ends a run leaves its row current); once marked, every put
 * that extends the head defers, the one that ends the run too.
 */
export function continues(record: Pick<CheckpointRecord, "tasks" | "breakpoint">): boolean {
  return record.tasks.length > 0 && record.breakpoint === null;
}

interface Deferred {
  /** The row's head when the thread was marked. */
  base: string;
  /** The newest checkpoint this saver wrote on the thread, and how many it deferred after `base`. */
  record: CheckpointRecord;
  count: number;
  /** Whether the run that wrote it has ended (`ended`) with no put since: such rows are settled first. */
  ended: boolean;
}

export class LagWriter {
  private readonly deferred = new Map<string, Deferred>();
  /** The idle settle's timer (unref'd), and whether a put came since it was set. */
  private idle: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly lag: LagStatements,
    /** Runs its argument in one IMMEDIATE transaction, SQLite failures naming the file. */
    private readonly write: (work: () => void) => void,
    private readonly isOpen: () => boolean,
  ) {}

  /** Whether the thread's row lags (marked by any writer). */
  lagging(threadId: string): boolean {
    return this.lag.marked.get(threadId) !== undefined;
  }

  /**
   * Bring current the rows a writer that crashed (or could not settle) left lagging, in one transaction.
   * Not done when the file is busy: those rows read exactly anyway, and the next open or put tries again.
   */
  settleLeftovers(): void {
    try {
      if (this.lag.all.all().length === 0) return;
      this.write(() => {
        for (const threadId of this.lag.all.all()) this.lag.settle(threadId);
      });
    } catch {
      // Busy (another writer holds the lock): see above.
    }
  }

  /** Whether this saver marked the thread (its puts then try the one-statement path first). */
  has(threadId: string): boolean {
    return this.deferred.has(threadId);
  }

  /**
   * After a full put, in its transaction: mark the thread when the new checkpoint is its newest and a
   * run goes on from it (`continues`), so that the next puts extending it may defer the row.
   */
  afterPut(record: CheckpointRecord): void {
    const { threadId, checkpointId } = record;
    // The thread is unmarked here (the put settled it first), so marking changes a row exactly when it is the newest.
    if (!continues(record) || this.lag.markIfNewest.run(threadId, threadId, checkpointId).changes !== 1) return;
    if (this.deferred.size >= MAX_LAGGING) this.settleBatch();
    this.hold(record);
  }

  /** Note a thread this saver just marked, with `record` (its newest checkpoint) as the row's base: its next puts may defer. */
  private hold(record: CheckpointRecord): void {
    this.deferred.set(record.threadId, { base: record.checkpointId, record, count: 0, ended: false });
    this.touched();
  }

  /**
   * Where a run of the thread ends (Checkpointer.settle): its row is left lagging, to be settled with
   * others in the next batch (see the file's comment), ahead of threads whose runs go on.
   */
  ended(threadId: string): void {
    const deferred = this.deferred.get(threadId);
    if (deferred) deferred.ended = true;
  }

  /** Whether a put of `record` may open its thread in one statement (`openedThread`): a root on a thread this saver does not hold, with no batch due. */
  mayOpen(record: CheckpointRecord): boolean {
    return record.parentId === null && continues(record) && this.deferred.size < MAX_LAGGING && !this.deferred.has(record.threadId);
  }

  /**
   * A new thread's first checkpoint, summary row and mark in one statement (lag.newThread): `values` as it
   * binds them. False when the thread has a row already (nothing written): the put takes the usual path.
   */
  openedThread(record: CheckpointRecord, values: Array<string | number | null>): boolean {
    try {
      this.lag.newThread.run(...values);
    } catch (error) {
      if (newThreadTaken(error)) return false;
      throw error;
    }
    this.hold(record);
    return true;
  }

  /** The deferred put: `values` as lag.append binds them. False when it did not apply (nothing written). */
  appended(record: CheckpointRecord, values: Array<string | number | null>): boolean {
    try {
      this.lag.append.run(...values);
    } catch (error) {
      if (deferredRefused(error)) return false;
      throw error;
    }
    const deferred = this.deferred.get(record.threadId)!;
    deferred.record = record;
    deferred.count += 1;
    deferred.ended = false;
    this.touched();
    return true;
  }

  /** In a write transaction: bring the thread's row current if it lags (whoever marked it), and unmark it. */
  settleIn(threadId: string): void {
    const deferred = this.deferred.get(threadId);
    if (!deferred || !this.settledKnown(deferred.record, deferred)) this.lag.settle(threadId);
    else this.lag.unmark.run(threadId);
    this.deferred.delete(threadId);
  }

  /** Whether a full put extends the checkpoints this saver deferred on its thread (its parent is the last of them). */
  extendsChain(record: CheckpointRecord): boolean {
    return this.deferred.get(record.threadId)?.record.checkpointId === record.parentId;
  }

  /**
   * In the transaction of a put that extendsChain, after its checkpoint row is inserted: the thread's row
   * brought current with that checkpoint as head, in one update, and unmarked unless a run goes on from
   * it. False when the file is not as this saver left it (another writer came between): then nothing was
   * written and the caller rolls the put back and writes it the usual way.
   */
  closedChain(record: CheckpointRecord): boolean {
    const deferred = this.deferred.get(record.threadId)!;
    if (!this.settledKnown(record, { base: deferred.base, count: deferred.count + 1 })) return false;
    if (continues(record)) {
      this.deferred.set(record.threadId, { base: record.checkpointId, record, count: 0, ended: false });
    } else {
      this.lag.unmark.run(record.threadId);
      this.deferred.delete(record.threadId);
    }
    return true;
  }

  /** Forget what this saver deferred on the thread (its puts then take the usual path). */
  forget(threadId: string): void {
    this.deferred.delete(threadId);
  }

  /** settleKnown with `head` as the row's new head, `count` checkpoints after `base`. */
  private settledKnown(head: CheckpointRecord, { base, count }: { base: string; count: number }): boolean {
    const { graph, status, lastNode, step, time } = headSummary(head);
    return this.lag.settleKnown({ thread: head.threadId, base, head: head.checkpointId, count, graph, status, lastNode, step, time });
  }

  /**
   * In a write transaction, when this saver's marks reached MAX_LAGGING: settle the rows of runs that
   * ended (or whose last put ends a run), and every row if that freed none (a writer that never ends
   * its runs, putting straight through the Checkpointer).
   */
  private settleBatch(): void {
    for (const [threadId, deferred] of [...this.deferred]) if (deferred.ended || !continues(deferred.record)) this.settleIn(threadId);
    if (this.deferred.size >= MAX_LAGGING) for (const threadId of [...this.deferred.keys()]) this.settleIn(threadId);
  }

  /** Every row this saver left lagging brought current, in one transaction. */
  settleAll(): void {
    if (this.deferred.size === 0 || !this.isOpen()) return;
    this.write(() => {
      for (const threadId of [...this.deferred.keys()]) this.settleIn(threadId);
    });
  }

  /** Stop the timer and settle what this saver left lagging; a failure leaves rows that read exactly anyway. */
  close(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    try {
      this.settleAll();
    } catch {
      // A row left lagging (the file busy or gone) reads exactly all the same, and the next writable open settles it.
    }
  }

  /** Keep the idle timer set while puts come; when a whole period passes without one, settle. */
  private touched(): void {
    this.busy = true;
    if (this.idle) return;
    const tick = () => {
      this.idle = null;
      if (!this.isOpen()) return;
      if (this.busy) {
        this.busy = false;
        this.idle = setTimeout(tick, IDLE_SETTLE_MS).unref();
        return;
      }
      try {
        this.settleAll();
      } catch {
        // Busy now (another writer holds the lock): try again after the next period.
        this.idle = setTimeout(tick, IDLE_SETTLE_MS).unref();
      }
    };
    this.idle = setTimeout(tick, IDLE_SETTLE_MS).unref();
  }
}
