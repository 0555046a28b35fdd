/**
 * A database written by LangGraph.js, opened in the app: the same panels as for Chronograph's own files
 * (threads, timeline, state, the interrupt a thread waits on), the graph marked as inferred from the
 * history, runs unavailable with the reason, and "edit state as node" writing a new checkpoint in
 * LangGraph.js's format. The host works on a copy of the fixture, never on the fixture itself.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test.ts";
import Database from "better-sqlite3";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { graphNode, hostPerFile, inspector, openApp, openThread, rowAt, screenshots, selectedRow, tab, threadList, timelineRows } from "./support/app.ts";
import { REPO } from "./support/host.ts";

const FIXTURES = join(REPO, "test", "fixtures", "langgraph-js");
const FIXTURE = join(FIXTURES, "hitl-interrupt.sqlite");

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "hitl-interrupt.sqlite");
  copyFileSync(FIXTURE, file);
  damagedCopy(join(dir, "damaged.sqlite"));
  return { file };
});

/** fork-update with its first checkpoint deleted: the oldest remaining one names its missing parent. */
function damagedCopy(file: string): void {
  copyFileSync(join(FIXTURES, "fork-update.sqlite"), file);
  const db = new Database(file);
  db.prepare("DELETE FROM checkpoints WHERE parent_checkpoint_id IS NULL").run();
  db.close();
}

async function replaceEditorText(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(text);
}

test("shows a LangGraph.js file's threads, timeline, inferred graph and state", async ({ page }) => {
  await openApp(page, app.url);
  await expect(page.getByTestId("thread-count")).toHaveText("3 threads");
  await expect(threadList(page).getByRole("option")).toHaveCount(3);
  const badge = page.getByTestId("database-badge");
  await expect(badge).toContainText("hitl-interrupt.sqlite");
  await expect(badge).toContainText("LangGraph.js");
  await expect(badge).toContainText("read-only");

  await openThread(page, "ticket-rejected-then-approved");
  await expect(timelineRows(page)).toHaveCount(7);
  // One graph per graph: inferred from the 15 checkpoints of all three threads, not this thread's 7.
  await expect(page.getByTestId("graph-origin")).toHaveText("inferred from 15 checkpoints");
  for (const node of ["draft", "review", "revise", "publish"]) await expect(graphNode(page, node)).toBeVisible();

  await expect(selectedRow(page)).toHaveAttribute("data-step", "5");
  await expect(page.getByTestId("checkpoint-header")).toContainText("publish");
  await expect(page.getByTestId("state-tree")).toContainText("late delivery");
  await expect(page.getByTestId("state-tree")).toContainText("apologise for the delay");
  await expect(page.getByTestId("run-unavailable")).toContainText("written by LangGraph.js");
  await expect(inspector(page).getByRole("button", { name: "Replay from here" })).toBeDisabled();

  await rowAt(page, 2, "loop").click();
  await expect(page.getByTestId("checkpoint-header")).toContainText("revise");
  await screenshots(page, "langgraph");
});

test("shows the interrupt a LangGraph.js thread waits on, and that resuming belongs to LangGraph.js", async ({ page }) => {
  await openApp(page, app.url);
  await expect(threadList(page).locator('[data-thread-id="ticket-waiting"]')).toHaveAttribute("data-status", "interrupted");
  await openThread(page, "ticket-waiting");
  await expect(timelineRows(page)).toHaveCount(3);
  await expect(page.getByTestId("interrupt-notice")).toContainText("review");
  await tab(page, "Resume").click();
  await expect(page.getByTestId("resume-payload")).toContainText("Approve this reply?");
  await expect(page.getByRole("button", { name: "Resume" })).toBeDisabled();
});

test("writes an edit as a new LangGraph.js checkpoint and shows it on the timeline", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, "ticket-waiting");
  await tab(page, "Edit").click();
  const editor = page.getByTestId("state-editor").locator(".cm-content");
  await expect(editor).toContainText('"wrong colour"');
  const state = JSON.parse(await editor.innerText()) as Record<string, unknown>;
  await expect(page.getByLabel("Write as node")).toHaveValue("draft");
  await replaceEditorText(page, "state-editor", JSON.stringify({ ...state, reply: "We will send the right colour today." }, null, 2));
  await expect(page.getByTestId("edit-preview")).toContainText("review");
  await page.getByRole("button", { name: "Save as new checkpoint" }).click();
  await expect(page.getByTestId("edit-saved")).toBeVisible();
  await expect(timelineRows(page)).toHaveCount(4);
  await expect(selectedRow(page)).toHaveAttribute("data-source", "update");
  await expect(page.getByTestId("database-badge")).not.toContainText("read-only");
  await tab(page, "State").click();
  await expect(page.getByTestId("state-tree")).toContainText("right colour today");
});

test("shows what could not be read in a damaged LangGraph.js file, beside the checkpoint it belongs to", async ({ page }) => {
  await openApp(page, app.url);
  await page.getByRole("button", { name: "File" }).click();
  await page.getByRole("menuitem", { name: /Open database/ }).click();
  const dialog = page.getByTestId("open-dialog");
  await dialog.getByLabel("Database path").fill(join(app.dir, "damaged.sqlite"));
  await dialog.getByRole("button", { name: "Open" }).click();
  await expect(page.getByTestId("database-badge")).toContainText("damaged.sqlite");
  await expect(page.getByTestId("thread-count")).toHaveText("1 thread");
  await openThread(page, "essay");
  await expect(timelineRows(page)).toHaveCount(9);
  await rowAt(page, 0, "loop").click();
  const warnings = page.getByTestId("checkpoint-warnings");
  await expect(warnings.getByRole("listitem")).toHaveCount(2);
  await expect(warnings).toContainText("is missing");
  await expect(page.getByTestId("state-tree")).toContainText("tea");
});
