/**
 * The storage view (issue 11, "Take it with you"), on a fresh copy of the demo database: Storage in the
 * title bar shows bytes per thread (as the backend measures them) and per channel of the clicked thread;
 * "keep the last 2" previews exactly the checkpoints the backend's rule picks, deleting nothing; Delete
 * (confirmed) leaves in the file exactly what the preview said stays; VACUUM keeps or shrinks the file.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import type { PrunePreview, StorageReport } from "../../core/api/types.ts";
import { expect, test } from "./support/test.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";
import { hostPerFile, openApp } from "./support/app.ts";
import { backendOn, demoCopy } from "./support/demo-copy.ts";
import { writeScenario } from "../interop/python-scenario.ts";

const THREAD = "research-fork";
let app: ReturnType<typeof hostPerFile>;
const view = (page: Page) => page.getByTestId("storage-view");
const file = () => join(app.dir, "demo.db");

/** Every (thread, checkpoint id) in the file, read straight from SQLite. */
function storedIds(): Map<string, string[]> {
  const db = new Database(file(), { readonly: true });
  try {
    const rows = db.prepare("SELECT thread_id, checkpoint_id FROM checkpoints ORDER BY thread_id, checkpoint_id").raw().all() as Array<[string, string]>;
    const byThread = new Map<string, string[]>();
    for (const [thread, id] of rows) byThread.set(thread, [...(byThread.get(thread) ?? []), id]);
    return byThread;
  } finally {
    db.close();
  }
}

/** What the backend says, on its own connection: the report and, per thread, the doomed ids of "keep the last 2". */
async function expected(): Promise<{ report: StorageReport; doomed: Map<string, string[]>; preview: PrunePreview }> {
  const backend = await backendOn(file(), app.dir);
  try {
    const report = await backend.storageReport({ fileChannels: true });
    const preview = await backend.prunePreview({ keepLast: 2, listThreadId: THREAD });
    const doomed = new Map<string, string[]>();
    for (const { threadId } of preview.threads) doomed.set(threadId, (await backend.prunePreview({ keepLast: 2, listThreadId: threadId })).listed!.ids);
    return { report, doomed, preview };
  } finally {
    await backend.close();
  }
}

const fileSize = () => statSync(file()).size + (() => {
  try {
    return statSync(`${file()}-wal`).size;
  } catch {
    return 0;
  }
})();

test.describe("on a Chronograph file", () => {
app = hostPerFile(test, demoCopy);

test("storage view: bytes per thread, a keep-the-last-2 preview that lists what goes, delete exactly that, VACUUM", async ({ page }) => {
  test.setTimeout(120_000);
  const before = storedIds();
  const { report, doomed, preview } = await expected();
  const fileChannels = report.channels!.length;
  expect(doomed.get(THREAD)!.length).toBeGreaterThan(0);
  await openApp(page, app.url);
  await page.getByTestId("trust-dialog").getByRole("button", { name: "Stay read-only" }).click();

  await page.getByTestId("open-storage").click();
  await expect(view(page)).toBeVisible();
  // Bytes per thread, largest first, with thousands separators, as the backend measured them.
  const threadRows = view(page).getByTestId("storage-threads").locator("tbody tr");
  await expect(threadRows).toHaveCount(report.threadCount);
  await expect(threadRows.first()).toHaveAttribute("data-thread", report.threads[0]!.threadId);
  const largest = report.threads[0]!.bytes;
  expect(largest).toBeGreaterThan(999);
  await expect(threadRows.first().locator("[data-bytes]")).toHaveText(`${largest.toLocaleString("en-US")} B`);

  // Click a thread: its channels.
  await view(page).locator(`tr[data-thread="${THREAD}"]`).click();
  await expect(view(page).getByRole("heading", { name: `Bytes per channel of ${THREAD}` })).toBeVisible();
  await expect(view(page).getByTestId("storage-channels").locator("tbody tr").first()).toBeVisible();
  // The whole file's channels, on request.
  await view(page).getByTestId("storage-file-channels").click();
  await expect(view(page).getByRole("heading", { name: "Bytes per channel in the whole file" })).toBeVisible();
  await expect(view(page).getByTestId("storage-channels").locator("tbody tr")).toHaveCount(fileChannels);
  await view(page).getByTestId("storage-file-channels").click();
  await expect(view(page).getByRole("heading", { name: `Bytes per channel of ${THREAD}` })).toBeVisible();

  // Preview "keep the last 2": exactly the checkpoints the rule picks, and nothing deleted yet.
  await view(page).getByTestId("prune-keep-last").fill("2");
  await view(page).getByTestId("prune-preview").click();
  const listed = view(page).getByTestId("prune-listed").locator("li");
  await expect(listed).toHaveCount(doomed.get(THREAD)!.length);
  expect(await listed.evaluateAll((items) => items.map((item) => item.getAttribute("data-checkpoint")))).toEqual(doomed.get(THREAD));
  await expect(view(page).getByTestId("prune-removed")).toHaveText(`${preview.removed} checkpoints`);
  expect(storedIds()).toEqual(before);
  await sizedScreenshots(page, "storage");

  // Delete, confirmed: what stays is exactly what the preview did not list.
  await view(page).getByTestId("prune-delete").click();
  await view(page).getByTestId("prune-confirm").click();
  await expect(view(page).getByTestId("storage-result")).toContainText(`Deleted ${preview.removed} checkpoints`);
  const after = storedIds();
  for (const [thread, ids] of before) {
    const gone = new Set(doomed.get(thread) ?? []);
    expect(after.get(thread), thread).toEqual(ids.filter((id) => !gone.has(id)));
  }

  // VACUUM keeps or shrinks the file, and says the size it left.
  const sizeBefore = fileSize();
  await view(page).getByTestId("storage-vacuum").click();
  await expect(view(page).getByTestId("storage-result")).toContainText("VACUUM done");
  const afterText = (await view(page).getByTestId("storage-after").textContent())!;
  const vacuumed = Number(afterText.replace(/[^0-9]/g, ""));
  expect(vacuumed).toBeLessThanOrEqual(sizeBefore);
  expect(fileSize()).toBe(vacuumed);
  await expect(view(page).getByTestId("storage-free-pages")).toHaveText("0");
  await sizedScreenshots(page, "storage-after-vacuum");
});
});

test.describe("on a Python LangGraph file", () => {
  const python = hostPerFile(test, async (dir) => {
    const file = join(dir, "python.sqlite");
    writeScenario(file);
    return { file };
  });

  test("storage view says why it cannot prune instead of showing the form", async ({ page }) => {
    await openApp(page, python.url);
    await page.getByTestId("open-storage").click();
    await expect(view(page).getByTestId("storage-refusal")).toContainText("LangGraph's files stay as LangGraph wrote them");
    await expect(view(page).getByTestId("prune-form")).toHaveCount(0);
    await expect(view(page).getByTestId("storage-threads")).toHaveCount(0);
    await sizedScreenshots(page, "storage-langgraph");
  });
});
