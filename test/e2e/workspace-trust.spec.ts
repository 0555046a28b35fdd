/**
 * Workspace trust: a database whose folder holds a chronograph.config.json naming graph code opens
 * read-only without running that code. The app asks, listing the exact module; "Stay read-only" keeps
 * everything read-only working, "Trust this folder and load" runs the code and makes replay available,
 * and the File menu revokes it. The module leaves a marker file when imported, so "no code ran" is
 * checked on disk.
 */
import { existsSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "./support/test.ts";
import { hostPerFile, openApp, openThread, screenshots } from "./support/app.ts";
import { buildSupportDatabase, THREADS } from "./support/databases.ts";
import { REPO } from "./support/host.ts";

const SUPPORT_MODULE = join(REPO, "test/e2e/fixtures/support-module.ts");

/** A database beside a config naming ./marked.mts, which writes marker.txt when imported. */
async function untrustedFolder(dir: string): Promise<{ file: string }> {
  const file = join(dir, "support.db");
  await buildSupportDatabase(file);
  writeFileSync(
    join(dir, "marked.mts"),
    `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(join(dir, "marker.txt"))}, "imported");\nexport { graph } from ${JSON.stringify(SUPPORT_MODULE)};\n`,
  );
  writeFileSync(join(dir, "chronograph.config.json"), JSON.stringify({ graphs: { "support-triage": { module: "./marked.mts", export: "graph" } } }));
  return { file };
}

const trustDialog = (page: import("@playwright/test").Page) => page.getByTestId("trust-dialog");
// Fork: Replay is also off at a thread's final checkpoint (nothing would run), whatever the code.
const replay = (page: import("@playwright/test").Page) => page.getByRole("button", { name: "Fork from here" });

test.describe("staying read-only", () => {
  const app = hostPerFile(test, untrustedFolder);

  test("asks before running the folder's code, and 'Stay read-only' keeps it read-only", async ({ page }) => {
    await openApp(page, app.url);
    await expect(trustDialog(page)).toBeVisible();
    await expect(trustDialog(page).getByTestId("trust-module")).toHaveText([join(realpathSync(app.dir), "marked.mts")]);
    expect(existsSync(join(app.dir, "marker.txt"))).toBe(false);
    await screenshots(page, "workspace-trust");

    await trustDialog(page).getByRole("button", { name: "Stay read-only" }).click();
    await expect(trustDialog(page)).toHaveCount(0);
    await expect(page.getByTestId("database-badge")).toContainText("folder not trusted");
    await openThread(page, THREADS.forked);
    await expect(replay(page)).toBeDisabled();
    await expect(page.getByTestId("run-unavailable")).toContainText(/not trusted/);
    expect(existsSync(join(app.dir, "marker.txt"))).toBe(false);
  });
});

test.describe("trusting the folder", () => {
  const app = hostPerFile(test, untrustedFolder);

  test("runs the code only once trusted, makes replay available, and can revoke", async ({ page }) => {
    await openApp(page, app.url);
    await expect(trustDialog(page).getByTestId("trust-module")).toHaveText([join(realpathSync(app.dir), "marked.mts")]);
    expect(existsSync(join(app.dir, "marker.txt"))).toBe(false);

    await trustDialog(page).getByRole("button", { name: "Trust this folder and load" }).click();
    await expect(trustDialog(page)).toHaveCount(0);
    await openThread(page, THREADS.done);
    await expect(replay(page)).toBeEnabled({ timeout: 30_000 });
    expect(existsSync(join(app.dir, "marker.txt"))).toBe(true);

    await page.getByRole("button", { name: "File" }).click();
    await page.getByRole("menuitem", { name: "Revoke trust for this folder" }).click();
    await expect(page.getByTestId("database-badge")).toContainText("folder not trusted");
    await expect(trustDialog(page)).toHaveCount(0);
    await openThread(page, THREADS.done);
    await expect(replay(page)).toBeDisabled();
  });
});

test.describe("the built-in demo", () => {
  const app = hostPerFile(test, async () => ({}));

  test("opened by default, replays out of the box without asking", async ({ page }) => {
    await openApp(page, app.url);
    await expect(page.getByTestId("database-badge")).toContainText("demo.db");
    await expect(page.getByTestId("database-badge")).toContainText("graph code loaded");
    await expect(trustDialog(page)).toHaveCount(0);
    const first = (await page.getByTestId("thread-list").getByRole("option").first().getAttribute("data-thread-id"))!;
    await openThread(page, first);
    await expect(replay(page)).toBeEnabled();
  });
});
