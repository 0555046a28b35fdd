/**
 * Story 5: watch a live run. When another process writes to the open database, new threads and
 * checkpoints appear without reloading. (The test process is that other process: it writes through its
 * own SQLite connection while the host watches the file.) How soon is measured, not asserted: each test
 * logs its latency as an annotation; the target (under a second) is checked by bench/ui-bench.ts.
 */
import { expect, test } from "./support/test.ts";
import { join } from "node:path";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { supportGraph } from "./fixtures/support-graph.ts";
import { hostPerFile, openApp, openThread, threadRow, timelineRows } from "./support/app.ts";
import { answerInterrupt, buildSupportDatabase, THREADS } from "./support/databases.ts";

/** Generous, so a loaded machine cannot fail the test: this is a deadline for "never", not a latency target. */
const EVENTUALLY = 15_000;

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "support.db");
  await buildSupportDatabase(file);
  return { file };
});

test("a thread written by another process appears in the list without a reload", async ({ page }) => {
  await openApp(page, app.url);
  await expect(page.getByTestId("thread-count")).toHaveText("5 threads");
  const saver = SqliteSaver.open(join(app.dir, "support.db"));
  try {
    await supportGraph(saver, 0).invoke({ ticket: "Written elsewhere", mode: "normal" }, { threadId: "ticket-live-42" });
  } finally {
    await saver.close();
  }
  const written = Date.now();
  await expect(threadRow(page, "ticket-live-42")).toBeVisible({ timeout: EVENTUALLY });
  test.info().annotations.push({ type: "latency", description: `new thread shown ${Date.now() - written} ms after the write` });
  await expect(page.getByTestId("thread-count")).toHaveText("6 threads");
});

test("checkpoints another process adds to the open thread appear in its timeline without a reload", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.urgent);
  await expect(timelineRows(page)).toHaveCount(2);
  await expect(threadRow(page, THREADS.urgent)).toHaveAttribute("data-status", "interrupted");
  await answerInterrupt(join(app.dir, "support.db"), THREADS.urgent, true);
  const written = Date.now();
  await expect.poll(() => timelineRows(page).count(), { timeout: EVENTUALLY, intervals: [50] }).toBeGreaterThan(2);
  test.info().annotations.push({ type: "latency", description: `new checkpoints shown ${Date.now() - written} ms after the write` });
  await expect(threadRow(page, THREADS.urgent)).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("timeline-panel").locator(".badge")).toHaveText("done");
  await expect(page.getByTestId("interrupt-notice")).toHaveCount(0);
});
