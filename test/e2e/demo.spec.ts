/**
 * Story 6: start on the demo. With no file argument the app opens the demo database the examples write
 * (generated on first use), so a first look shows every feature: finished, failed and waiting runs, and
 * a fork with several branches.
 */
import { expect, test } from "./support/test.ts";
import { hostPerFile, openApp, openThread, screenshots, threadList, timelineRows } from "./support/app.ts";

const app = hostPerFile(test, async () => ({}));

test("opens the demo database when started without a file", async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, app.url);
  await expect(page.getByTestId("database-badge")).toContainText("demo.db");
  await expect(threadList(page).getByRole("option").first()).toBeVisible();
  const chips = page.getByRole("group", { name: "Filter by status" });
  for (const status of ["done", "interrupted", "error"]) {
    await expect(chips.locator(`[data-status="${status}"] .chip__count`)).not.toHaveText("0");
  }
  const forked = threadList(page).locator('[role="option"]').filter({ has: page.locator('[data-field="branches"]', { hasText: /^[2-9] branches$/ }) }).first();
  await expect(forked).toBeVisible();
  const threadId = (await forked.getAttribute("data-thread-id"))!;
  await openThread(page, threadId);
  expect(await timelineRows(page).count()).toBeGreaterThan(3);
  await expect(page.getByTestId("timeline-count")).toContainText(/[2-9] branches/);
  await screenshots(page, "demo");
});
