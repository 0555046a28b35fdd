/**
 * While a status filter's answer waits for the background warm-up (ThreadPage.statusCounting), the backend
 * tells the app to ask again every few seconds (an empty change notice), so the "counting N%" it shows moves
 * instead of standing still until every status is decided; once they are, one more notice and the complete
 * answer. On a LangGraph.js file of 603 threads (linear-retry's three, one copied 600 times), the warm-up held
 * after its first slice by CHRONOGRAPH_STATUS_WARMUP_GATE, so only the periodic notice can arrive meanwhile.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseSession } from "../../core/debugger/session.ts";
import { copyFixture, copyThread, tempDir } from "../interop/helpers.ts";

const COPIES = 600;
let temp: ReturnType<typeof tempDir>;
let file: string;
const gateBefore = process.env.CHRONOGRAPH_STATUS_WARMUP_GATE;

beforeAll(() => {
  temp = tempDir("chronograph-status-notices-");
  file = copyFixture("linear-retry.sqlite", temp.dir);
  copyThread(file, "pipeline-clean", COPIES);
}, 60_000);

afterAll(() => {
  if (gateBefore === undefined) delete process.env.CHRONOGRAPH_STATUS_WARMUP_GATE;
  else process.env.CHRONOGRAPH_STATUS_WARMUP_GATE = gateBefore;
  temp?.cleanup();
});

describe("status filter notices while the statuses are decided", () => {
  it("tells the app to ask again while the warm-up is held, then gives the complete answer once it is done", async () => {
    const gate = join(temp.dir, "warmup-gate");
    writeFileSync(gate, "");
    process.env.CHRONOGRAPH_STATUS_WARMUP_GATE = gate;
    let notices = 0;
    const session = await DatabaseSession.open(file, { busyTimeoutMs: 200, statusNoticeMs: 10, onThreadsChanged: (ids) => void (ids.length === 0 && (notices += 1)) });
    try {
      expect((await session.page({ limit: 50 })).rows.length).toBeGreaterThan(0);
      // The index is read and the warm-up stands at its first yield: the answer covers its first slice (400 threads).
      await expect.poll(async () => (await session.page({ status: ["done"], limit: 50 })).statusCounting, { timeout: 30_000 }).toEqual({ decided: 400, threads: 603 });
      const asked = notices;
      // Nothing progresses while the gate is shut: these notices are the periodic ones.
      await expect.poll(() => notices, { timeout: 30_000 }).toBeGreaterThanOrEqual(asked + 2);
      const held = await session.page({ status: ["done"], limit: 50 });
      expect(held.statusCounting).toEqual({ decided: 400, threads: 603 });

      rmSync(gate);
      await expect.poll(async () => (await session.page({ status: ["done"], limit: 50 })).statusCounting, { timeout: 30_000 }).toBeUndefined();
      const complete = await session.page({ status: ["done", "error", "interrupted", "pending"], limit: 50 });
      expect(complete.total).toBe(603);
      expect(Object.values(complete.counts ?? {}).reduce((a, b) => a + b, 0)).toBe(603);
    } finally {
      await session.close();
    }
  }, 60_000);
});
