/**
 * What the specs do with the app, named the way a user would say it. Locators go through the roles,
 * labels and data attributes the components expose, never through CSS that styling may change.
 */
import { expect, type Locator, type Page, type TestType } from "@playwright/test";
import { join } from "node:path";
import { tempDir } from "./databases.ts";
import { REPO, startHost, type Host, type HostOptions } from "./host.ts";

export const SCREENSHOTS = join(REPO, "docs", "screenshots");

export const threadList = (page: Page) => page.getByTestId("thread-list");
export const threadRow = (page: Page, threadId: string) => threadList(page).locator(`[data-thread-id="${threadId}"]`);
export const timeline = (page: Page) => page.getByTestId("timeline-list");
export const timelineRows = (page: Page) => timeline(page).getByRole("option");
export const selectedRow = (page: Page) => timeline(page).locator('[role="option"][aria-selected="true"]');
export const graphNode = (page: Page, name: string) => page.getByTestId("graph-panel").locator(`[data-node="${name}"]`);
export const inspector = (page: Page) => page.getByTestId("inspector");
export const tab = (page: Page, name: string) => inspector(page).getByRole("tab", { name: new RegExp(`^${name}`) });

/** Load the app and wait until the thread list is on screen. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(threadList(page)).toBeVisible();
}

/** Click a thread and wait for its timeline and a selected checkpoint. */
export async function openThread(page: Page, threadId: string): Promise<void> {
  await threadRow(page, threadId).click();
  await expect(page.getByTestId("timeline-panel").locator(".timeline__thread")).toHaveText(threadId);
  await expect(selectedRow(page)).toHaveCount(1);
  await expect(page.getByTestId("checkpoint-header")).toBeVisible();
}

/** File > Open database…: type `path` into the dialog and press Open. */
export async function openFromDialog(page: Page, path: string): Promise<void> {
  await page.getByRole("button", { name: "File" }).click();
  await page.getByRole("menuitem", { name: /Open database/ }).click();
  const dialog = page.getByTestId("open-dialog");
  await dialog.getByLabel("Database path").fill(path);
  await dialog.getByRole("button", { name: "Open" }).click();
}

/** The timeline row of the checkpoint with this step and source on branch `branch` (0 = the oldest). */
export function rowAt(page: Page, step: number, source: string, branch = 0): Locator {
  return timeline(page).locator(`[data-step="${step}"][data-source="${source}"][data-branch="${branch}"]`);
}

/** Save the page in the light and the dark theme as docs/screenshots/NAME-light.png and NAME-dark.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** One host (and its temporary folder) for the tests of a file. */
export function hostPerFile(test: TestType<object, object>, setup: (dir: string) => Promise<{ file?: string } & HostOptions>): { readonly url: string; readonly dir: string; readonly host: Host } {
  let host: Host | null = null;
  let folder: ReturnType<typeof tempDir> | null = null;
  test.beforeAll(async () => {
    folder = tempDir();
    const options = await setup(folder.dir);
    host = await startHost(options.file, options);
  });
  test.afterAll(async () => {
    await host?.stop();
    folder?.remove();
  });
  return {
    get url() {
      return host!.url;
    },
    get dir() {
      return folder!.dir;
    },
    get host() {
      return host!;
    },
  };
}
