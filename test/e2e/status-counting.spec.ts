/**
 * A status filter asked while the backend still decides the threads' statuses (issue 12), in the browser,
 * on a generated LangGraph.js file (3,000 finished threads, 20 LangGraph.js left waiting at an interrupt).
 * The host's warm-up is held after its first slices (CHRONOGRAPH_STATUS_WARMUP_GATE, a file that exists
 * while it waits): the "done" chip answers at once with a partial count ("380+") and the header says how far
 * the count got; once the gate goes, the app asks again by itself and shows the full answer, the one the
 * backend gives with every status decided, with the rows already shown left where they were, once each.
 */
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { expect, test } from "./support/test.ts";
import { openApp, threadList, threadRow } from "./support/app.ts";
import { heldWarmupHost } from "./support/held-warmup.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";

/** Generous, so a loaded machine cannot fail the test: a deadline for "never", not a latency target. */
const EVENTUALLY = 30_000;
const PARTIAL = /^(\d[\d,]*) so far · counting (\d+)%$/;
const number = (text: string) => Number(text.replace(/[^\d]/g, ""));

const { app, file, release } = heldWarmupHost(test, "status-counting.spec.ts");

/** The backend's answer with every status decided (no gate in this process). */
async function fullAnswer(file: string) {
  const source = await LangGraphSource.open(file);
  try {
    await source.pageThreads({ limit: 1 });
    await source.statusesDecided();
    return await source.pageThreads({ status: ["done"], limit: 50 });
  } finally {
    await source.close();
  }
}

test("a status chip shows a partial count while statuses are decided, then the full one, rows in place", async ({ page }) => {
  test.setTimeout(120_000);
  const full = await fullAnswer(file());
  expect(full.statusCounting).toBeUndefined();
  expect(full.counts).toEqual({ done: 3_000, interrupted: 20, error: 0, pending: 0 });

  await openApp(page, app.url);
  await expect(page.getByTestId("thread-count")).toHaveText("3,020 threads", { timeout: EVENTUALLY });
  const chip = page.locator('.chip[data-status="done"]');
  await chip.click();
  await expect(chip).toHaveAttribute("aria-pressed", "true");

  // Partial: the header and the chip agree on a count short of the full one, flagged as such.
  const header = page.getByTestId("thread-count");
  await expect(header).toHaveText(PARTIAL, { timeout: EVENTUALLY });
  const [, soFar, percent] = PARTIAL.exec((await header.textContent())!)!;
  expect(number(soFar!)).toBeLessThan(full.total);
  expect(Number(percent)).toBeLessThan(100);
  const count = chip.locator(".chip__count");
  await expect(count).toHaveAttribute("data-partial", "true");
  await expect(count).toHaveText(`${soFar}+`);
  await expect(page.locator('.chip[data-status="interrupted"] .chip__count')).toHaveText("20+");
  // The rows shown are the full answer's first rows.
  const first = full.rows[0]!.threadId;
  await expect(threadRow(page, first)).toBeVisible();
  const topBefore = (await threadRow(page, first).boundingBox())!.y;
  await sizedScreenshots(page, "status-counting");
  await expect(header).toHaveText(PARTIAL);

  release();
  await expect(header).toHaveText(`${full.total.toLocaleString("en-US")} of 3,020`, { timeout: EVENTUALLY });
  await expect(count).toHaveText(full.counts!.done.toLocaleString("en-US"));
  await expect(count).not.toHaveAttribute("data-partial");
  await expect(page.locator('.chip[data-status="interrupted"] .chip__count')).toHaveText("20");
  await expect(threadList(page).locator(`[data-thread-id="${first}"]`)).toHaveCount(1);
  expect((await threadRow(page, first).boundingBox())!.y).toBe(topBefore);
  for (const row of full.rows.slice(0, 5)) await expect(threadList(page).locator(`[data-thread-id="${row.threadId}"]`)).toHaveCount(1);
});
