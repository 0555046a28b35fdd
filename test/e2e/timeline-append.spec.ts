/**
 * A run's new checkpoints reach the timeline with the run's events: the app appends each row instead of
 * asking for the timeline again at every step. Observed on the wire: the page's calls to the host
 * (/api/call) are counted by method while a replay writes a new branch.
 */
import { expect, test } from "./support/test.ts";
import { join } from "node:path";
import type { Request } from "@playwright/test";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { hostPerFile, openApp, openThread, rowAt, selectedRow, timelineRows } from "./support/app.ts";
import { REPO } from "./support/host.ts";
import { buildSupportDatabase, THREADS } from "./support/databases.ts";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "support.db");
  await buildSupportDatabase(file);
  // Slow nodes, so the run's rows arrive one by one while it goes.
  return { file, graph: join(REPO, "test/e2e/fixtures/support-module.ts"), env: { E2E_NODE_DELAY_MS: "400" } };
});

/** The checkpoints the database holds for a thread. */
async function checkpointsInFile(threadId: string): Promise<number> {
  const saver = SqliteSaver.open(join(app.dir, "support.db"), { readonly: true });
  try {
    return (await saver.list(threadId, { withValues: false })).length;
  } finally {
    await saver.close();
  }
}

test("a replay's rows appear as it writes them, without the timeline being asked for again at each step", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.done);
  const before = await timelineRows(page).count();
  expect(before).toBe(await checkpointsInFile(THREADS.done));

  const calls: Array<{ method: string; shape: boolean }> = [];
  const onRequest = (request: Request) => {
    if (!request.url().endsWith("/api/call")) return;
    const body = request.postDataJSON() as { method: string; args?: { shape?: boolean } };
    calls.push({ method: body.method, shape: body.args?.shape === true });
  };
  page.on("request", onRequest);
  await rowAt(page, 0, "loop").click();
  await page.getByRole("button", { name: "Replay from here" }).click();
  const bar = page.getByTestId("run-bar");
  await expect(bar).toHaveAttribute("data-run-status", "finished", { timeout: 30_000 });
  const inFile = await checkpointsInFile(THREADS.done);
  expect(inFile).toBeGreaterThanOrEqual(before + 3);
  // Every row the run wrote is on screen, the newest selected, and the count is the database's.
  await expect(timelineRows(page)).toHaveCount(inFile);
  await expect(page.getByTestId("timeline-count")).toContainText(`${inFile} checkpoints · 2 branches`);
  await expect(selectedRow(page)).toHaveAttribute("data-branch", "1");
  page.off("request", onRequest);

  // The whole timeline was never fetched; its layout was asked for once, for the run's first row (a new
  // branch); every later row came with its run event.
  expect(calls.filter((call) => call.method === "getTimeline")).toEqual([]);
  expect(calls.filter((call) => call.method === "getTimelineWindow" && call.shape)).toHaveLength(1);
});
