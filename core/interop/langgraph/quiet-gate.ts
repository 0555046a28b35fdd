/**
 * Holds background work back while the user is asking for pages. The status warm-up's first slice opens
 * the sidecar cache (a count of the writes table and a parse of the sidecar: 120-180 ms on a 100,000-thread
 * file, three times that on a busy machine) in one go that nothing can interrupt, so a text filter typed
 * right after a scroll waited behind it. The warm-up waits here until no page was asked for `graceMs`, or
 * until someone needs the statuses now (a status filter, statusesDecided) and releases it. A release lets it go
 * on the event loop's next turn, after the answer of the request that released it is sent: the warm-up's first
 * slice (the sidecar's open, 400 heads: seconds when the file is not in the page cache) does not run before it.
 */

/** When the gate reads the time and how it waits (tests pass a clock they move by hand). */
export interface GateClock {
  now(): number;
  /** Resolve after `ms`; the wait must not keep a process alive on its own. */
  wait(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: GateClock = {
  now: () => performance.now(),
  wait: (ms) =>
    new Promise((done) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
    }),
};

export class QuietGate {
  private lastAsked = -Infinity;
  private released = false;
  private releasing = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly graceMs: number,
    private readonly clock: GateClock = SYSTEM_CLOCK,
  ) {}

  /** A page or a text filter was asked: background work waits `graceMs` from now (unless released). */
  touch(): void {
    this.lastAsked = this.clock.now();
  }

  /** Someone needs the background work now: quiet() resolves on the event loop's next turn (once this turn's answer is sent), and at once from then on. */
  release(): void {
    if (this.releasing) return;
    this.releasing = true;
    setImmediate(() => {
      this.released = true;
      this.wake?.();
    });
  }

  /** Resolves once no page was asked for `graceMs`, or once the gate is released. */
  async quiet(): Promise<void> {
    for (;;) {
      if (this.released) return;
      const left = this.lastAsked + this.graceMs - this.clock.now();
      if (left <= 0) return;
      await new Promise<void>((done) => {
        this.wake = done;
        void this.clock.wait(left).then(done);
      });
      this.wake = undefined;
    }
  }
}
