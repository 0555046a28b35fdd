/**
 * Story 1: open a checkpoint database and inspect its runs. The thread list shows every thread with its
 * graph, status, steps, branches and last update, filters by text and status, and other files open from
 * File > Open, the recent-files list, or a dropped path. Files that cannot be opened say why, leave the
 * open database on screen, and are not written.
 */
import { expect, test } from "./support/test.ts";
import Database from "better-sqlite3";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { hostPerFile, openApp, openFromDialog, screenshots, threadList, threadRow } from "./support/app.ts";
import { buildManyThreads, buildSupportDatabase, THREADS } from "./support/databases.ts";
import { fingerprint } from "./support/files.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

/** When the forked thread was last written: the page's clock is set from it (relative times never read the real clock). */
let forkedUpdatedAt = 0;

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "support.db");
  await buildSupportDatabase(file);
  await buildManyThreads(join(dir, "many.db"), 60);
  const saver = SqliteSaver.open(file);
  try {
    forkedUpdatedAt = (await saver.listThreads()).find((thread) => thread.threadId === THREADS.forked)!.updatedAt;
  } finally {
    await saver.close();
  }
  return { file };
});

test("lists every thread with its graph, status, steps, branches and last update", async ({ page }) => {
  // The page's clock stands two seconds after the forked thread's last write, however long the setup took.
  await page.clock.setFixedTime(forkedUpdatedAt + 2_000);
  await openApp(page, app.url);
  await expect(page.getByTestId("thread-count")).toHaveText("5 threads");
  await expect(threadList(page).getByRole("option")).toHaveCount(5);
  const forked = threadRow(page, THREADS.forked);
  await expect(forked).toContainText("support-triage");
  await expect(forked.locator('[data-status="done"]')).toBeVisible();
  await expect(forked.locator('[data-field="branches"]')).toHaveText("2 branches");
  // classify, the edit, research, respond: steps 0-3 of its newest branch.
  await expect(forked.locator('[data-field="steps"]')).toHaveText("4 steps");
  await expect(threadRow(page, THREADS.done).locator('[data-field="steps"]')).toHaveText("3 steps");
  await expect(forked).toContainText("just now");
  await expect(threadRow(page, THREADS.urgent)).toHaveAttribute("data-status", "interrupted");
  await expect(threadRow(page, THREADS.failed)).toHaveAttribute("data-status", "error");
  await expect(page.getByTestId("database-badge")).toContainText("support.db");
  await expect(page.getByTestId("database-badge")).toContainText("read-only");
  await screenshots(page, "threads");
});

test("says how long ago a thread was updated by the page's clock, not the test's", async ({ page }) => {
  await page.clock.setFixedTime(forkedUpdatedAt + 3 * 3_600_000 + 120_000);
  await openApp(page, app.url);
  await expect(threadRow(page, THREADS.forked).locator(".thread-row__time")).toHaveText("3h ago");
});

test("filters by text and by status, with counts on the status chips", async ({ page }) => {
  await openApp(page, app.url);
  const chips = page.getByRole("group", { name: "Filter by status" });
  await expect(chips.getByRole("button", { name: /done/ })).toContainText("3");
  await expect(chips.getByRole("button", { name: /interrupted/ })).toContainText("1");
  await expect(chips.getByRole("button", { name: /error/ })).toContainText("1");

  await page.getByLabel("Filter threads").fill("forked");
  await expect(threadList(page).getByRole("option")).toHaveCount(1);
  await expect(page.getByTestId("thread-count")).toHaveText("1 of 5");
  await page.getByLabel("Filter threads").fill("");

  await chips.getByRole("button", { name: /error/ }).click();
  await chips.getByRole("button", { name: /interrupted/ }).click();
  await expect(threadList(page).getByRole("option")).toHaveCount(2);
  await expect(threadRow(page, THREADS.failed)).toBeVisible();
  await expect(threadRow(page, THREADS.urgent)).toBeVisible();

  await page.getByLabel("Filter threads").fill("no such thread");
  await expect(page.getByText("No thread matches")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(threadList(page).getByRole("option")).toHaveCount(5);
});

test("moves through the list with the arrow keys and opens a thread with Enter", async ({ page }) => {
  await openApp(page, app.url);
  await threadList(page).focus();
  // The newest thread is open at the start; each arrow selects the next one at once, Enter goes into its timeline.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const second = await threadList(page).getByRole("option").nth(2).getAttribute("data-thread-id");
  await page.keyboard.press("Enter");
  await expect(threadList(page).locator('[aria-selected="true"]')).toHaveAttribute("data-thread-id", second!);
  await expect(page.getByTestId("timeline-panel").locator(".timeline__thread")).toHaveText(second!);
});

test("opens another file from File > Open and lists it under Open recent", async ({ page }) => {
  await openApp(page, app.url);
  await openFromDialog(page, join(app.dir, "many.db"));
  await expect(page.getByTestId("open-dialog")).toBeHidden();
  await expect(page.getByTestId("thread-count")).toHaveText("60 threads");
  await expect(page.getByTestId("database-badge")).toContainText("many.db");

  await page.getByRole("button", { name: "File" }).click();
  const recent = page.getByRole("menuitem", { name: /support\.db/ });
  await expect(recent).toBeVisible();
  await recent.click();
  await expect(page.getByTestId("thread-count")).toHaveText("5 threads");
});

test("opens a file whose path is dropped on the window", async ({ page }) => {
  await openApp(page, app.url);
  const path = join(app.dir, "many.db");
  // Runs in the page; this file is typechecked without the DOM library, hence the cast.
  const drop = await page.evaluateHandle((text) => {
    const { DataTransfer } = globalThis as unknown as { DataTransfer: new () => { setData(type: string, value: string): void } };
    const data = new DataTransfer();
    data.setData("text/plain", text);
    return data;
  }, path);
  await page.locator(".app").dispatchEvent("drop", { dataTransfer: drop });
  await expect(page.getByTestId("thread-count")).toHaveText("60 threads");
  await openFromDialog(page, join(app.dir, "support.db"));
  await expect(page.getByTestId("thread-count")).toHaveText("5 threads");
});

const BAD_FILES: Array<{ name: string; make(dir: string): string; code: string; says: RegExp }> = [
  {
    name: "a file that is not SQLite",
    make: (dir) => {
      const file = join(dir, "notes.db");
      writeFileSync(file, "These are my notes, not a database.\n".repeat(50));
      return file;
    },
    code: "NOT_A_DATABASE",
    says: /notes\.db/,
  },
  {
    name: "a SQLite file that is not a checkpoint database",
    make: (dir) => {
      const file = join(dir, "shop.db");
      const db = new Database(file);
      db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL); INSERT INTO orders (total) VALUES (9.5);");
      db.close();
      return file;
    },
    code: "NOT_A_CHECKPOINT_DATABASE",
    says: /shop\.db/,
  },
  { name: "a missing file", make: (dir) => join(dir, "nowhere", "gone.db"), code: "FILE_NOT_FOUND", says: /gone\.db/ },
];

for (const bad of BAD_FILES) {
  test(`refuses ${bad.name} with a clear message, keeps the open database and writes nothing`, async ({ page }) => {
    await openApp(page, app.url);
    const file = bad.make(app.dir);
    const before = fingerprint(file);
    await openFromDialog(page, file);
    const error = page.getByTestId("open-dialog").getByTestId("open-error");
    await expect(error).toContainText(bad.code);
    await expect(error).toContainText(bad.says);
    expect(fingerprint(file)).toBe(before);
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("open-dialog")).toBeHidden();
    await expect(page.getByTestId("thread-count")).toHaveText("5 threads");
  });
}

test("says a database is locked by another process, and writes nothing", async ({ page }) => {
  test.setTimeout(60_000);
  await openApp(page, app.url);
  const file = join(app.dir, "locked.db");
  await buildSupportDatabase(file);
  // Fingerprint before locking: reading the file here would close a descriptor of this process, and
  // closing any descriptor drops all of its POSIX locks on the file, the holder's included.
  const before = fingerprint(file);
  const holder = new Database(file);
  // In WAL mode the exclusive lock is taken by the first read after BEGIN EXCLUSIVE.
  expect(holder.pragma("journal_mode", { simple: true })).toBe("wal");
  holder.pragma("locking_mode = EXCLUSIVE");
  holder.exec("BEGIN EXCLUSIVE");
  holder.prepare("SELECT count(*) FROM sqlite_master").get();
  try {
    await openFromDialog(page, file);
    const error = page.getByTestId("open-dialog").getByTestId("open-error");
    await expect(error).toContainText("DATABASE_LOCKED", { timeout: 20_000 });
    await expect(error).toContainText("locked.db");
    await screenshots(page, "open-error");
  } finally {
    holder.exec("ROLLBACK");
    holder.close();
  }
  expect(fingerprint(file)).toBe(before);
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("thread-count")).toHaveText("5 threads");
});
