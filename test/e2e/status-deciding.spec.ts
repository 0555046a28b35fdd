/**
 * A status filter whose partial answer has no hit yet (issue 12: a big file's first status filter is answered
 * before any status is decided), in the browser, on a generated LangGraph.js file (3,000 finished threads, 20
 * left waiting at an interrupt, none failed). The host's warm-up is held after its first slice
 * (CHRONOGRAPH_STATUS_WARMUP_GATE): the "error" chip's answer is partial and empty, and the list says the
 * statuses are still being decided, not that no thread matches; once the gate goes, the app asks again by
 * itself and the complete answer, still empty, says "No thread matches".
 */
import { expect, test } from "./support/test.ts";
import { openApp } from "./support/app.ts";
import { heldWarmupHost } from "./support/held-warmup.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";

/** Generous, so a loaded machine cannot fail the test: a deadline for "never", not a latency target. */
const EVENTUALLY = 30_000;
const DECIDED = /^([\d,]+) of 3,020 decided so far; matching threads appear here as they are found\.$/;

const { app, release } = heldWarmupHost(test, "status-deciding.spec.ts");

test("a partial status answer with no hit says the statuses are being decided, then the full one says none match", async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, app.url);
  const header = page.getByTestId("thread-count");
  await expect(header).toHaveText("3,020 threads", { timeout: EVENTUALLY });
  const chip = page.locator('.chip[data-status="error"]');
  await chip.click();
  await expect(chip).toHaveAttribute("aria-pressed", "true");

  // Partial and empty: how far the statuses got, and no "No thread matches" (only the complete answer can say so).
  const deciding = page.getByTestId("threads-deciding");
  await expect(deciding).toHaveText(DECIDED, { timeout: EVENTUALLY });
  const decided = Number(DECIDED.exec((await deciding.textContent())!)![1]!.replace(/,/g, ""));
  expect(decided).toBeGreaterThan(0);
  expect(decided).toBeLessThan(3_020);
  await expect(page.getByText("Deciding thread statuses…")).toBeVisible();
  await expect(page.getByText("No thread matches")).toHaveCount(0);
  await expect(header).toHaveText(`0 so far · counting ${Math.floor((decided / 3_020) * 100)}%`);
  await expect(chip.locator(".chip__count")).toHaveText("0+");
  await sizedScreenshots(page, "status-deciding");

  release();
  await expect(page.getByText("No thread matches")).toBeVisible({ timeout: EVENTUALLY });
  await expect(deciding).toHaveCount(0);
  await expect(header).toHaveText("0 of 3,020");
  await expect(chip.locator(".chip__count")).toHaveText("0");
});
