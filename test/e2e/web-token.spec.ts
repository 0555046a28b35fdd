/**
 * Web mode's token: the page takes it from the URL the command printed, then removes it from the
 * address bar and history, and a reload of the tab still works (the token stays in session storage,
 * never in a cookie).
 */
import { join } from "node:path";
import { expect, test } from "./support/test.ts";
import { hostPerFile, openApp, threadList } from "./support/app.ts";
import { buildSupportDatabase } from "./support/databases.ts";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "support.db");
  await buildSupportDatabase(file);
  return { file };
});

test("removes the token from the address bar and still works after a reload, without a cookie", async ({ page, context }) => {
  await openApp(page, app.url);
  expect(page.url()).not.toContain("token");
  expect(await context.cookies()).toEqual([]);
  // No history entry keeps the token: back leads to the blank page the test started on, forward returns without it.
  // First the app's own replaceState (the selected thread written to the hash) must be done: one that lands
  // while Back is pending cancels that navigation in Chromium.
  await expect(page).toHaveURL(/#thread=/);
  await page.goBack();
  expect(page.url()).toBe("about:blank");
  await page.goForward();
  expect(page.url()).not.toContain("token");
  await expect(threadList(page).getByRole("option").first()).toBeVisible();

  await page.reload();
  await expect(threadList(page).getByRole("option").first()).toBeVisible();
  expect(page.url()).not.toContain("token");
  await expect(page.getByTestId("host-status")).toHaveAttribute("data-status", "connected");
});
