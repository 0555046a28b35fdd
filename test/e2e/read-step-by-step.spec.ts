/**
 * Story 2: read a run step by step. Selecting a thread draws its graph and its timeline (forks as
 * branches of one tree); each checkpoint lights the graph (ran, next, failed, interrupted) and fills the
 * inspector: state, writes, the diff against the parent or any picked checkpoint, tasks with errors.
 */
import { expect, test } from "./support/test.ts";
import { join } from "node:path";
import { graphNode, hostPerFile, inspector, openApp, openThread, rowAt, screenshots, selectedRow, tab, timeline, timelineRows } from "./support/app.ts";
import { buildSupportDatabase, HTML_TICKET, THREADS } from "./support/databases.ts";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "support.db");
  await buildSupportDatabase(file);
  return { file };
});

test("shows every checkpoint of a forked thread as two branches of one tree", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.forked);
  await expect(page.getByTestId("timeline-count")).toHaveText("7 checkpoints · 2 branches");
  await expect(timelineRows(page)).toHaveCount(7);
  await expect(rowAt(page, -1, "input")).toBeVisible();
  await expect(rowAt(page, 0, "loop")).toContainText("classify");
  await expect(rowAt(page, 0, "loop")).toContainText("research, lookup");
  // The edit made at step 0 starts the second branch, and the run continued on it.
  await expect(rowAt(page, 1, "update", 1)).toContainText("classify");
  await expect(rowAt(page, 3, "loop", 1)).toContainText("respond");
  // The newest checkpoint (the end of the fork) is selected when the thread opens.
  await expect(selectedRow(page)).toHaveAttribute("data-branch", "1");
  await expect(page.getByTestId("graph-panel")).toContainText("support-triage");
  await screenshots(page, "overview");
});

test("lights the graph for the selected checkpoint: what ran, what runs next", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.forked);
  await rowAt(page, 0, "loop").click();
  await expect(graphNode(page, "classify")).toHaveAttribute("data-tone", "ran");
  await expect(graphNode(page, "research")).toHaveAttribute("data-tone", "next");
  await expect(graphNode(page, "lookup")).toHaveAttribute("data-tone", "next");
  await expect(graphNode(page, "respond")).toHaveAttribute("data-tone", "idle");
  await rowAt(page, 2, "loop").click();
  await expect(graphNode(page, "respond")).toHaveAttribute("data-tone", "ran");
  await expect(graphNode(page, "END")).toHaveAttribute("data-tone", "next");
  await expect(graphNode(page, "classify")).toHaveAttribute("data-tone", "idle");
  await rowAt(page, -1, "input").click();
  await expect(graphNode(page, "START")).toHaveAttribute("data-tone", "ran");
  await expect(graphNode(page, "classify")).toHaveAttribute("data-tone", "next");
});

test("moves along the timeline with the arrow keys; Enter opens the inspector, Escape drops the comparison", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.forked);
  await rowAt(page, 0, "loop").click();
  await page.keyboard.press("ArrowDown");
  await expect(selectedRow(page)).toHaveAttribute("data-step", "1");
  await expect(graphNode(page, "respond")).toHaveAttribute("data-tone", "next");
  await page.keyboard.press("ArrowDown");
  await expect(selectedRow(page)).toHaveAttribute("data-step", "2");
  await page.keyboard.press("ArrowUp");
  await expect(selectedRow(page)).toHaveAttribute("data-step", "1");
  await page.keyboard.press("ArrowLeft");
  await expect(selectedRow(page)).toHaveAttribute("data-step", "0");
  await page.keyboard.press("Home");
  await expect(selectedRow(page)).toHaveAttribute("data-source", "input");
  await page.keyboard.press("End");
  await expect(selectedRow(page)).toHaveAttribute("data-branch", "1");
  await expect(page.getByTestId("checkpoint-header")).toContainText("step 3");
  await page.keyboard.press("Enter");
  await expect(inspector(page).getByRole("tabpanel")).toBeFocused();
});

test("shows the state, what the step wrote, and the diff against the parent", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.done);
  await rowAt(page, 1, "loop").click();
  const state = page.getByTestId("state-tree");
  await expect(state).toContainText('"Where is my invoice?"');
  await expect(state).toContainText("notes:");
  await expect(state).toContainText('"looked up the customer"');

  await tab(page, "Writes").click();
  await expect(page.getByTestId("writes").locator("[data-writer]")).toHaveCount(2);
  await expect(page.getByTestId("writes").locator('[data-writer="lookup"]')).toContainText("looked up the customer");

  await tab(page, "Diff").click();
  const diff = page.getByTestId("diff");
  await expect(diff).toContainText("from parent");
  await expect(diff.locator('[data-path="notes[1]"]')).toHaveAttribute("data-kind", "added");
  await expect(diff.locator('[data-path="notes[2]"]')).toHaveAttribute("data-kind", "added");
  await expect(page.getByTestId("diff-summary")).toContainText("+2");
  await screenshots(page, "diff");
});

test("diffs against any checkpoint picked with shift-click, and back to the parent", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.done);
  await rowAt(page, 2, "loop").click();
  await tab(page, "Diff").click();
  await rowAt(page, -1, "input").click({ modifiers: ["Shift"] });
  await expect(rowAt(page, -1, "input")).toContainText("compare");
  const diff = page.getByTestId("diff");
  await expect(diff).toContainText("from step -1");
  await expect(diff.locator('[data-path="answer"]')).toBeVisible();
  await expect(diff.locator('[data-path^="notes"]').first()).toHaveAttribute("data-kind", "added");
  await timeline(page).press("Escape");
  await expect(diff).toContainText("from parent");
  await expect(diff.locator('[data-path="answer"]')).toBeVisible();
  await expect(diff.locator('[data-path^="notes"]')).toHaveCount(0);
});

test("marks a failed step: the node in red, the checkpoint marked, the error with its stack", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.failed);
  await expect(graphNode(page, "lookup")).toHaveAttribute("data-tone", "failed");
  await expect(selectedRow(page).locator('[data-mark="error"]')).toContainText("lookup");
  await expect(page.getByTestId("checkpoint-error-notice")).toContainText("lookup service unavailable (HTTP 503)");
  await tab(page, "Tasks").click();
  const failed = page.getByTestId("tasks").locator('[data-task="lookup"]');
  await expect(failed).toContainText("Error: lookup service unavailable (HTTP 503)");
  await expect(failed.locator(".task__stack")).toContainText("support-graph.ts");
  await screenshots(page, "failed-step");
});

test("shows a thread waiting on an interrupt in amber, with the question it asks", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.urgent);
  await expect(graphNode(page, "escalate")).toHaveAttribute("data-tone", "interrupted");
  await expect(selectedRow(page).locator('[data-mark="interrupt"]')).toContainText("escalate");
  await expect(page.getByTestId("interrupt-notice")).toContainText("escalate");
  await tab(page, "Tasks").click();
  await expect(page.getByTestId("interrupt-payload")).toContainText("Approve a refund for this ticket?");
});

test("shows HTML and script in the state as text, never running it", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.html);
  const state = page.getByTestId("state-tree");
  await expect(state).toContainText(JSON.stringify(HTML_TICKET));
  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(state.locator("script, img, b")).toHaveCount(0);
  await tab(page, "Diff").click();
  await rowAt(page, 0, "loop").click();
  await rowAt(page, -1, "input").click();
  await tab(page, "Writes").click();
  await expect(page.getByTestId("writes").or(inspector(page).getByText("No writes"))).toBeVisible();
  await expect(inspector(page).locator("script, img, b")).toHaveCount(0);
  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
