import { describe, expect, it } from "vitest";
import { type GateClock, QuietGate } from "./quiet-gate.ts";

/** A clock moved by hand: waits resolve when the time passes their end. */
function manualClock(): GateClock & { advance(ms: number): Promise<void> } {
  let now = 0;
  const waits: Array<{ until: number; done: () => void }> = [];
  return {
    now: () => now,
    wait: (ms) => new Promise((done) => void waits.push({ until: now + ms, done })),
    async advance(ms) {
      now += ms;
      for (const wait of waits.splice(0)) if (wait.until <= now) wait.done();
      else waits.push(wait);
      // Let what the waits resumed run (the gate checks the time again, then sleeps or resolves).
      await settle();
    },
  };
}

/** Let pending promise callbacks run. */
const settle = () => new Promise((done) => setImmediate(done));

function watch(promise: Promise<void>): { readonly resolved: boolean } {
  const state = { resolved: false };
  void promise.then(() => (state.resolved = true));
  return state;
}

/** A gate on a manual clock, a page just asked, and background work waiting on it. */
function afterAPage() {
  const clock = manualClock();
  const gate = new QuietGate(300, clock);
  gate.touch();
  return { clock, gate, quiet: watch(gate.quiet()) };
}

describe("QuietGate", () => {
  it("lets background work go at once when no page was asked", async () => {
    const gate = new QuietGate(300, manualClock());
    const quiet = watch(gate.quiet());
    await settle();
    expect(quiet.resolved).toBe(true);
  });

  it("holds it until no page was asked for the grace period, each page starting it again", async () => {
    const { clock, gate, quiet } = afterAPage();
    await clock.advance(200);
    expect(quiet.resolved).toBe(false);
    // Another keystroke: the grace starts again from it.
    gate.touch();
    await clock.advance(200);
    expect(quiet.resolved).toBe(false);
    await clock.advance(100);
    expect(quiet.resolved).toBe(true);
  });

  it("lets it go at once, and from then on, when released (a status filter needs the statuses)", async () => {
    const { clock, gate, quiet } = afterAPage();
    await clock.advance(10);
    gate.release();
    // Not on this turn: the answer of the request that released it is sent first.
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
    expect(quiet.resolved).toBe(false);
    await settle();
    expect(quiet.resolved).toBe(true);
    gate.touch();
    const again = watch(gate.quiet());
    await settle();
    expect(again.resolved).toBe(true);
  });
});
