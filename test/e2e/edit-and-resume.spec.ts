/**
 * Story 4: human in the loop. Edit the state at a checkpoint as a node (a new checkpoint on a new branch,
 * never a change to the old one), with JSON checked as you type and a preview of what runs next; answer
 * a waiting interrupt; toggle "stop before" breakpoints on the graph for the next run.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test.ts";
import { join } from "node:path";
import { graphNode, hostPerFile, openApp, openThread, rowAt, screenshots, selectedRow, tab, timelineRows } from "./support/app.ts";
import { REPO } from "./support/host.ts";
import { buildSupportDatabase, THREADS } from "./support/databases.ts";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "support.db");
  await buildSupportDatabase(file);
  return { file, graph: join(REPO, "test/e2e/fixtures/support-module.ts") };
});

async function editorText(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).locator(".cm-content").innerText();
}

async function replaceEditorText(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(text);
}

async function openEditAt(page: Page, threadId: string, step: number): Promise<Record<string, unknown>> {
  await openApp(page, app.url);
  await openThread(page, threadId);
  await rowAt(page, step, "loop").click();
  await tab(page, "Edit").click();
  await expect(page.getByTestId("state-editor").locator(".cm-content")).toContainText('"ticket"');
  return JSON.parse(await editorText(page, "state-editor")) as Record<string, unknown>;
}

test("saves an edit written as a node as a new checkpoint on a new branch, and selects it", async ({ page }) => {
  const state = await openEditAt(page, THREADS.done, 0);
  const before = await timelineRows(page).count();
  // The node that wrote the checkpoint is the default.
  await expect(page.getByLabel("Write as node")).toHaveValue("classify");
  await replaceEditorText(page, "state-editor", JSON.stringify({ ...state, category: "billing" }, null, 2));
  await expect(page.getByTestId("edit-changes")).toContainText("category");
  await expect(page.getByTestId("edit-preview")).toContainText("research, lookup");
  await screenshots(page, "edit");
  await page.getByRole("button", { name: "Save as new checkpoint" }).click();
  await expect(page.getByTestId("edit-saved")).toBeVisible();
  await expect(timelineRows(page)).toHaveCount(before + 1);
  await expect(page.getByTestId("timeline-count")).toContainText("2 branches");
  await expect(selectedRow(page)).toHaveAttribute("data-source", "update");
  await expect(selectedRow(page)).toHaveAttribute("data-branch", "1");
  await expect(selectedRow(page)).toContainText("classify");
  await tab(page, "State").click();
  await expect(page.getByTestId("state-tree")).toContainText('"billing"');
  // The checkpoint that was edited is unchanged.
  await rowAt(page, 0, "loop").click();
  await expect(page.getByTestId("state-tree")).toContainText('"question"');
});

test("shows invalid JSON inline, blocks saving, and writes nothing", async ({ page }) => {
  await openEditAt(page, THREADS.done, 1);
  const before = await timelineRows(page).count();
  await replaceEditorText(page, "state-editor", '{\n  "ticket": "x",\n  "category": "billing",\n}');
  await expect(page.getByTestId("edit-invalid")).toContainText("Invalid JSON");
  await expect(page.getByTestId("edit-invalid")).toContainText("line 4");
  await expect(page.getByTestId("state-editor").locator(".cm-lintRange-error")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Save as new checkpoint" })).toBeDisabled();
  await screenshots(page, "edit-invalid");
  await expect(timelineRows(page)).toHaveCount(before);
});

test("refuses an edit to a channel that does not exist, says which, and writes nothing", async ({ page }) => {
  const state = await openEditAt(page, THREADS.done, 1);
  const before = await timelineRows(page).count();
  const counts = await page.getByTestId("timeline-count").innerText();
  await page.getByLabel("Write as node").selectOption("research");
  await replaceEditorText(page, "state-editor", JSON.stringify({ ...state, priority: "high" }, null, 2));
  await expect(page.getByTestId("edit-preview-error")).toContainText("UNKNOWN_CHANNEL");
  await expect(page.getByTestId("edit-preview-error")).toContainText("priority");
  await page.getByRole("button", { name: "Save as new checkpoint" }).click();
  await expect(page.getByTestId("edit-error")).toContainText("UNKNOWN_CHANNEL");
  await expect(timelineRows(page)).toHaveCount(before);
  await expect(page.getByTestId("timeline-count")).toHaveText(counts);
});

test("answers a waiting interrupt with a JSON value and runs the thread to the end", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.urgent);
  await expect(tab(page, "Resume")).toBeVisible();
  await tab(page, "Resume").click();
  await expect(page.getByTestId("resume-payload")).toContainText("Approve a refund for this ticket?");
  await replaceEditorText(page, "resume-editor", "{ oops");
  await expect(page.getByTestId("resume-invalid")).toContainText("Invalid JSON");
  await expect(page.getByRole("button", { name: "Resume", exact: true })).toBeDisabled();
  await replaceEditorText(page, "resume-editor", "true");
  await screenshots(page, "resume");
  await page.getByRole("button", { name: "Resume", exact: true }).click();
  await expect(page.getByTestId("run-bar")).toHaveAttribute("data-run-status", "finished", { timeout: 15_000 });
  await expect(page.getByTestId("timeline-panel").locator(".badge")).toHaveText("done");
  await expect(graphNode(page, "respond")).toHaveAttribute("data-tone", "ran");
  await tab(page, "State").click();
  await expect(page.getByTestId("state-tree")).toContainText('"refund approved"');
  await expect(page.getByTestId("state-tree")).toContainText(/approved:\s*true/);
});

test("toggles a stop-before breakpoint by clicking a node, and the next run stops there", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.html);
  await graphNode(page, "respond").click();
  await expect(graphNode(page, "respond")).toHaveAttribute("data-breakpoint", "true");
  await expect(page.getByTestId("breakpoint-count")).toContainText("stop before respond");
  await graphNode(page, "lookup").click();
  await graphNode(page, "lookup").click();
  await expect(graphNode(page, "lookup")).toHaveAttribute("data-breakpoint", "false");
  await screenshots(page, "breakpoint");

  await rowAt(page, 0, "loop").click();
  await page.getByRole("button", { name: "Replay from here" }).click();
  await expect(page.getByTestId("run-bar")).toHaveAttribute("data-run-status", "finished", { timeout: 15_000 });
  await expect(page.getByTestId("run-bar")).toContainText("interrupted");
  await expect(selectedRow(page)).toContainText("→ respond");
  await expect(graphNode(page, "respond")).toHaveAttribute("data-tone", /interrupted|next/);
  // Clicking again removes it.
  await graphNode(page, "respond").click();
  await expect(graphNode(page, "respond")).toHaveAttribute("data-breakpoint", "false");
});
