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

/** A page of its own to start from: a tab's initial about:blank may be replaced by the first navigation, leaving Back nowhere to go. */
const START = "data:text/html,<title>start</title>";

test("removes the token from the address bar and still works after a reload, without a cookie", async ({ page, context }) => {
  await page.goto(START);
  await openApp(page, app.url);
  expect(page.url()).not.toContain("token");
  expect(await context.cookies()).toEqual([]);
  // No history entry keeps the token: back leads to the page the test started on, forward returns without it.
  // First the app's own replaceState (the selection written to the hash) must be done, so none lands while Back is pending.
  await expect(page).toHaveURL(/#thread=.*&checkpoint=/);
  await page.goBack();
  expect(page.url()).toBe(START);
  await page.goForward();
  expect(page.url()).not.toContain("token");
  await expect(threadList(page).getByRole("option").first()).toBeVisible();

  await page.reload();
  await expect(threadList(page).getByRole("option").first()).toBeVisible();
  expect(page.url()).not.toContain("token");
  await expect(page.getByTestId("host-status")).toHaveAttribute("data-status", "connected");
});
