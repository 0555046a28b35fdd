/**
 * Opening a bundle directly: `chronograph BUNDLE.json` and File > Open show the bundle's thread read-only
 * (the badge names the bundle file and says it is one), with the original's checkpoint ids and redacted
 * paths showing "[redacted]"; nothing is written beside the bundle; a malformed bundle is one coded line
 * naming the file, and the open database stays.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { exportBundleFile } from "../../core/debugger/bundle.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { chatGraph } from "./fixtures/llm-chat-graph.ts";
import { hostPerFile, openApp, openFromDialog, openThread, timelineRows } from "./support/app.ts";
import { expect, test } from "./support/test.ts";

const THREAD = "refund-chat-1";
const SECRET = "sk-live-DO-NOT-SHARE";
const BUNDLE = "refund.bundle.json";
const inspector = (page: Page) => page.getByRole("region", { name: "Inspector panel" });
let ids: string[] = [];

const app = hostPerFile(test, async (dir) => {
  const db = join(dir, "chat.db");
  const saver = SqliteSaver.open(db);
  try {
    await chatGraph(saver).invoke({ api_key: SECRET, question: "Refund my kettle?" }, { threadId: THREAD });
    ids = (await saver.list(THREAD)).map((tuple) => tuple.record.checkpointId);
  } finally {
    await saver.close();
  }
  // The bundle sits in a folder of its own, to see that nothing is written beside it.
  mkdirSync(join(dir, "received"));
  await exportBundleFile(db, { thread: { threadId: THREAD, namespace: "" }, redact: ["$.values.api_key"] }, join(dir, "received", BUNDLE));
  // The host starts as `chronograph refund.bundle.json --web` does.
  return { file: join(dir, "received", BUNDLE) };
});

async function expectBundleThread(page: Page): Promise<void> {
  const badge = page.getByTestId("database-badge");
  await expect(badge).toHaveAttribute("data-bundle", join(app.dir, "received", BUNDLE));
  await expect(badge).toContainText(BUNDLE);
  await expect(badge.getByTestId("bundle-badge")).toHaveText("bundle");
  await expect(badge).toContainText("read-only");
  await openThread(page, THREAD);
  // The original's checkpoints, oldest first as the timeline lists them, by id.
  await expect(timelineRows(page)).toHaveCount(ids.length);
  expect(await timelineRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute("data-checkpoint-id")))).toEqual([...ids].reverse());
  await expect(inspector(page)).toContainText("[redacted]");
  await expect(inspector(page)).not.toContainText(SECRET);
  await expect(inspector(page)).toContainText("declined");
}

test("the CLI opens a bundle read-only, its thread as exported, nothing written beside it", async ({ page }) => {
  await openApp(page, app.url);
  await expectBundleThread(page);
  expect(readdirSync(join(app.dir, "received"))).toEqual([BUNDLE]);
});

test("File > Open takes a bundle; a malformed one is a coded line naming it and the open file stays", async ({ page }) => {
  await openApp(page, app.url);
  const broken = join(app.dir, "broken.json");
  writeFileSync(broken, '{"format": "chronograph-bundle", "version": 1, "thre');
  await openFromDialog(page, broken);
  const error = page.getByTestId("open-dialog").getByTestId("open-error");
  await expect(error).toContainText("INVALID_ARGUMENT");
  await expect(error).toContainText(`Bundle "${broken}" is not valid JSON`);
  await page.keyboard.press("Escape");

  await openFromDialog(page, join(app.dir, "chat.db"));
  await expect(page.getByTestId("database-badge")).not.toHaveAttribute("data-bundle", /./);
  await expect(page.getByTestId("database-badge")).toContainText("chat.db");
  await openFromDialog(page, join(app.dir, "received", BUNDLE));
  await expect(page.getByTestId("open-dialog")).toBeHidden();
  await expectBundleThread(page);
});
