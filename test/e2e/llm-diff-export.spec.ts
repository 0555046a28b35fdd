/**
 * Diffs made for LLM state, and taking a thread with you: a long answer whose one word changed shows the
 * word-level change (whole text, no cut); a tool message inserted in the middle of a chat is one added
 * message, not every later index changed; groups collapse and expand. A thread exported from the app with
 * redacted paths holds "[redacted]" there and the database's checkpoint ids; imported with the CLI into a
 * new file, the app shows it. The graph saves as SVG and PNG files that open with the graph's size and labels.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { chatGraph, longAnswer } from "./fixtures/llm-chat-graph.ts";
import { hostPerFile, openApp, openThread, rowAt, SCREENSHOTS, tab } from "./support/app.ts";
import { REPO, startHost } from "./support/host.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";
import { expect, test } from "./support/test.ts";

const THREAD = "refund-chat-1";
// The inspector panel itself (the layout's wrapper carries the same test id).
const inspector = (page: Page) => page.getByRole("region", { name: "Inspector panel" });
const SECRET = "sk-live-DO-NOT-SHARE";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "chat.db");
  const saver = SqliteSaver.open(file);
  try {
    await chatGraph(saver).invoke({ api_key: SECRET, question: "Refund my kettle?" }, { threadId: THREAD });
  } finally {
    await saver.close();
  }
  return { file };
});

async function openRevise(page: Page) {
  await openApp(page, app.url);
  await openThread(page, THREAD);
  await rowAt(page, 1, "loop").click();
  await tab(page, "Diff").click();
}

test("a long answer shows whole, with the one changed word marked", async ({ page }) => {
  await openRevise(page);
  const diff = inspector(page).getByTestId("diff");
  const answer = diff.locator('[data-testid="diff-leaf"][data-path="answer"]');
  await expect(answer).toHaveAttribute("data-kind", "changed");
  const words = answer.getByTestId("word-diff");
  await expect(words.locator("del")).toHaveText(["approved"]);
  await expect(words.locator("ins")).toHaveText(["declined"]);
  // Whole, not cut at 160 characters: the text reads back as the new answer, end included.
  const shown = await words.evaluate((element) => [...element.childNodes].filter((node) => node.nodeName !== "DEL").map((node) => node.textContent).join(""));
  expect(shown).toBe(longAnswer("declined"));
  expect(shown.length).toBeGreaterThan(500);
});

test("a message inserted mid-chat is one added message, and groups collapse and expand", async ({ page }) => {
  await openRevise(page);
  const diff = inspector(page).getByTestId("diff");
  // One added tool message; the AI message that moved from index 2 to 3 is not reported as changed.
  await expect(diff.getByTestId("diff-chat")).toContainText("order 7731: paid 49.90 EUR");
  await expect(diff.locator('[data-path^="messages"]')).toHaveCount(0);
  await expect(page.getByTestId("diff-summary")).toContainText("+1");
  await expect(page.getByTestId("diff-summary")).toContainText("~3");
  // scratch.plan and scratch.tries changed: a group that collapses and expands.
  const group = diff.locator('[data-group-path="scratch"]');
  await expect(group.locator('[data-path="scratch.plan"] ins')).toHaveText(["check", "policy"]);
  await sizedScreenshots(page, "diff-llm");
  await group.getByRole("button", { name: /scratch/ }).click();
  await expect(group.locator('[data-path="scratch.plan"]')).toHaveCount(0);
  await diff.getByRole("button", { name: "Expand all" }).click();
  await expect(group.locator('[data-path="scratch.tries"]')).toContainText("2");
  await diff.getByRole("button", { name: "Collapse all" }).click();
  await expect(group.locator('[data-path="scratch.tries"]')).toHaveCount(0);
});

test("exports a thread with redacted paths; the CLI imports it into a new file the app opens", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREAD);
  await page.getByRole("button", { name: "File" }).click();
  await page.getByRole("menuitem", { name: /Export thread/ }).click();
  const dialog = page.getByTestId("export-dialog");
  const paths = dialog.getByLabel("Redacted paths");
  await expect(paths).toHaveValue("$.values.api_key\n$.values.messages[*].content");
  await sizedScreenshots(page, "export-dialog");
  const downloading = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Export bundle" }).click();
  const download = await downloading;
  const bundlePath = join(app.dir, download.suggestedFilename());
  await download.saveAs(bundlePath);
  await expect(dialog.getByTestId("export-done")).toContainText("3 checkpoints");

  const bundle = JSON.parse(readFileSync(bundlePath, "utf8"));
  expect(bundle.format).toBe("chronograph-bundle");
  expect(bundle.thread.threadId).toBe(THREAD);
  const text = readFileSync(bundlePath, "utf8");
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain("card ends in 4242");
  const saver = SqliteSaver.open(join(app.dir, "chat.db"));
  const stored = await saver.list(THREAD).finally(() => saver.close());
  expect(bundle.checkpoints.map((c: { record: { checkpointId: string } }) => c.record.checkpointId)).toEqual(stored.map((t) => t.record.checkpointId).reverse());
  const last = bundle.checkpoints.at(-1);
  expect(last.values.api_key).toBe("[redacted]");
  expect(last.values.messages.map((m: { content: string }) => m.content)).toEqual(["[redacted]", "[redacted]", "[redacted]", "[redacted]"]);
  expect(last.values.messages.map((m: { id: string }) => m.id)).toEqual(["sys-1", "human-1", "tool-1", "ai-1"]);

  const imported = join(app.dir, "imported.db");
  execFileSync(process.execPath, [join(REPO, "bin/chronograph.js"), "import", bundlePath, imported], { cwd: REPO, encoding: "utf8" });
  const second = await startHost(imported);
  try {
    await openApp(page, second.url);
    await openThread(page, THREAD);
    await expect(page.getByTestId("timeline-count")).toContainText("3 checkpoints");
    await expect(inspector(page)).toContainText("[redacted]");
    await expect(inspector(page)).toContainText("declined");
    await sizedScreenshots(page, "export-imported");
  } finally {
    await second.stop();
  }
});

test("exports only the branch ending at the selected checkpoint when ticked, nothing redacted when the box is emptied", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREAD);
  const row = rowAt(page, 0, "loop");
  await row.click();
  const selected = await row.getAttribute("data-checkpoint-id");
  await page.getByRole("button", { name: "File" }).click();
  await page.getByRole("menuitem", { name: /Export thread/ }).click();
  const dialog = page.getByTestId("export-dialog");
  await dialog.getByLabel("Redacted paths").fill("");
  await dialog.getByRole("checkbox").check();
  const downloading = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Export bundle" }).click();
  const file = join(app.dir, `branch-${(await downloading).suggestedFilename()}`);
  await (await downloading).saveAs(file);
  await expect(dialog.getByTestId("export-done")).toContainText("2 checkpoints, nothing redacted");
  const bundle = JSON.parse(readFileSync(file, "utf8"));
  expect(bundle.branchOf).toBe(selected);
  expect(bundle.checkpoints.map((c: { record: { checkpointId: string } }) => c.record.checkpointId).at(-1)).toBe(selected);
  expect(bundle.checkpoints[0].values.api_key).toBe(SECRET);
});

test("saves the graph as SVG and PNG files that open with its size and node labels", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREAD);
  const panel = page.getByTestId("graph-panel");
  await expect(panel.getByTestId("graph-export-svg")).toBeVisible();
  await sizedScreenshots(page, "export-graph");
  const svgDownload = page.waitForEvent("download");
  await panel.getByTestId("graph-export-svg").click();
  const svgFile = join(app.dir, (await svgDownload).suggestedFilename());
  await (await svgDownload).saveAs(svgFile);
  expect(svgFile.endsWith("refund-chat.svg")).toBe(true);
  const svg = readFileSync(svgFile, "utf8");
  for (const label of ["draft", "revise", "START", "END"]) expect(svg).toContain(`>${label}</text>`);
  const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
  const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)![1]);
  expect(width).toBeGreaterThan(200);
  expect(height).toBeGreaterThan(20);

  const pngDownload = page.waitForEvent("download");
  await panel.getByTestId("graph-export-png").click();
  const pngFile = join(app.dir, (await pngDownload).suggestedFilename());
  await (await pngDownload).saveAs(pngFile);
  const png = readFileSync(pngFile);
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  // Kept beside the screenshots: what the saved file looks like.
  copyFileSync(pngFile, join(SCREENSHOTS, "export-graph-file.png"));

  // Both open as images: the SVG at its size, the PNG at twice it.
  const viewer = await page.context().newPage();
  await viewer.setContent(`<img id="svg" src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}"><img id="png" src="data:image/png;base64,${png.toString("base64")}">`);
  type Loaded = { complete: boolean; naturalWidth: number; naturalHeight: number };
  const size = (id: string) => viewer.locator(`#${id}`).evaluate((element) => {
    const image = element as unknown as Loaded;
    return image.complete && image.naturalWidth > 0 ? [image.naturalWidth, image.naturalHeight] : null;
  });
  await expect.poll(() => size("svg")).toEqual([width, height]);
  await expect.poll(() => size("png")).toEqual([width * 2, height * 2]);
  await viewer.close();
});
