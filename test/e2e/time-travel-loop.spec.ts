/**
 * The time-travel loop as a new user meets it (issue 11, "what confused"): Replay re-runs a checkpoint as
 * it is while Fork first opens the state for editing, each saying so under its button; Replay is off at a
 * final checkpoint with the reason; a run stopped at a breakpoint says so and continues; the resume form
 * starts empty and says "Invalid JSON" once; the thread list counts steps. Outcomes are read back from the
 * database with the engine, not only from the screen.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";
import { join } from "node:path";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { graphNode, hostPerFile, inspector, openApp, openThread, rowAt, selectedRow, tab, threadRow } from "./support/app.ts";
import { REPO } from "./support/host.ts";
import { buildSupportDatabase, THREADS } from "./support/databases.ts";
import { supportGraph } from "./fixtures/support-graph.ts";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "support.db");
  await buildSupportDatabase(file);
  return { file, graph: join(REPO, "test/e2e/fixtures/support-module.ts") };
});

/** The thread's history as the engine reads it from the file, newest first. */
async function history(threadId: string) {
  const saver = SqliteSaver.open(join(app.dir, "support.db"));
  try {
    return await supportGraph(saver, 0).getStateHistory({ threadId });
  } finally {
    await saver.close();
  }
}

async function replaceEditorText(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(text);
}

const replay = (page: Page) => page.getByRole("button", { name: "Replay from here" });
const fork = (page: Page) => page.getByRole("button", { name: "Fork from here" });

test("Replay and Fork say what each does; Replay is off at a final checkpoint, with the reason", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.done);
  // The newest checkpoint is selected: the run ended there.
  await expect(replay(page)).toBeDisabled();
  await expect(page.getByTestId("replay-hint")).toHaveText("Nothing runs after this checkpoint: the run ended here.");
  await expect(fork(page)).toBeEnabled();
  await expect(page.getByTestId("fork-hint")).toHaveText("Edit the state first, then run the new branch.");
  await rowAt(page, 0, "loop").click();
  await expect(replay(page)).toBeEnabled();
  await expect(page.getByTestId("replay-hint")).toHaveText("Runs again from this checkpoint as it is.");
  await sizedScreenshots(page, "replay-fork-hints");
});

test("Fork opens the state for editing, then runs the new branch from the edited checkpoint", async ({ page }) => {
  const before = await history(THREADS.done);
  await openApp(page, app.url);
  await openThread(page, THREADS.done);
  await rowAt(page, 0, "loop").click();
  await fork(page).click();
  await expect(tab(page, "Edit")).toHaveAttribute("aria-selected", "true");
  const editor = page.getByTestId("state-editor").locator(".cm-content");
  await expect(editor).toContainText('"ticket"');
  const state = JSON.parse(await editor.innerText()) as Record<string, unknown>;
  await replaceEditorText(page, "state-editor", JSON.stringify({ ...state, category: "billing" }, null, 2));
  await expect(page.getByTestId("edit-preview")).toContainText("research, lookup");
  await sizedScreenshots(page, "fork-edit");
  await page.getByRole("button", { name: "Save and run fork" }).click();
  await expect(page.getByTestId("run-bar")).toHaveAttribute("data-run-status", "finished", { timeout: 15_000 });
  await expect(selectedRow(page)).toHaveAttribute("data-branch", "1");
  await expect(selectedRow(page)).toContainText("respond");

  const after = await history(THREADS.done);
  const added = after.slice(0, after.length - before.length);
  // The edit (as classify) and the run from it: research + lookup, then respond, all with the edited value.
  expect(added.map((snapshot) => snapshot.metadata.source)).toEqual(["loop", "loop", "update"]);
  expect(added[2]!.values.category).toBe("billing");
  expect(added[0]!.values.answer).toMatch(/^Answered \(billing\)/);
  expect(added[0]!.next).toEqual([]);
  // Nothing that was there before changed.
  expect(after.slice(after.length - before.length).map((snapshot) => snapshot.config.checkpointId)).toEqual(before.map((snapshot) => snapshot.config.checkpointId));
});

test("a run stopped at a breakpoint says so, and Continue runs on past it to the end", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.html);
  await graphNode(page, "respond").click();
  await expect(graphNode(page, "respond")).toHaveAttribute("data-breakpoint", "true");
  await rowAt(page, 0, "loop").click();
  await replay(page).click();
  await expect(page.getByTestId("run-bar")).toHaveAttribute("data-run-status", "finished", { timeout: 15_000 });
  const banner = page.getByTestId("stopped-banner");
  await expect(banner).toHaveText(/Stopped before respond/);
  const stopped = (await history(THREADS.html))[0]!;
  expect(stopped.breakpoint).toEqual({ when: "before", nodes: ["respond"] });
  await sizedScreenshots(page, "breakpoint-continue");

  // The first run's "finished" bar is still up: wait for the Continue run's own bar to finish.
  const firstRun = await page.getByTestId("run-bar").getAttribute("data-run-id");
  await banner.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("run-bar")).not.toHaveAttribute("data-run-id", firstRun!, { timeout: 15_000 });
  await expect(page.getByTestId("run-bar")).toHaveAttribute("data-run-status", "finished", { timeout: 15_000 });
  await expect(page.getByTestId("stopped-banner")).toHaveCount(0);
  const [done] = await history(THREADS.html);
  expect(done!.next).toEqual([]);
  expect(done!.metadata.writes && "respond" in done!.metadata.writes).toBe(true);
  expect(done!.parentConfig?.checkpointId).toBe(stopped.config.checkpointId);
  // The breakpoint stays set for later runs; only this Continue skipped it.
  await expect(graphNode(page, "respond")).toHaveAttribute("data-breakpoint", "true");
});

test("an interrupt says who waits and Continue opens the resume form, which starts empty, shows the question, and says Invalid JSON once", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.urgent);
  const notice = page.getByTestId("interrupt-notice");
  await expect(notice).toHaveText(/Waiting for an answer in escalate/);
  await notice.getByRole("button", { name: "Continue" }).click();
  await expect(tab(page, "Resume")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("resume-payload")).toContainText("Approve a refund for this ticket?");
  await expect(page.getByTestId("resume-editor").locator(".cm-content")).toHaveText("");
  const resume = page.getByRole("button", { name: "Resume", exact: true });
  await expect(resume).toBeDisabled();
  await replaceEditorText(page, "resume-editor", "{ oops");
  await expect(page.getByTestId("resume-invalid")).toContainText("Invalid JSON");
  await expect(inspector(page).getByText(/Invalid JSON/)).toHaveCount(1);
  await expect(resume).toBeDisabled();
  await sizedScreenshots(page, "resume-empty");
  const before = (await history(THREADS.urgent)).length;
  await replaceEditorText(page, "resume-editor", "false");
  await resume.click();
  await expect(page.getByTestId("run-bar")).toHaveAttribute("data-run-status", "finished", { timeout: 15_000 });
  const [done] = await history(THREADS.urgent);
  expect((await history(THREADS.urgent)).length).toBeGreaterThan(before);
  expect(done!.values.approved).toBe(false);
  expect(done!.values.notes).toContain("refund refused");
});

test("on a large state the edit's actions stay in view, with the diff it writes and what runs next", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.done);
  await rowAt(page, 0, "loop").click();
  await tab(page, "Edit").click();
  const editor = page.getByTestId("state-editor").locator(".cm-content");
  await expect(editor).toContainText('"ticket"');
  const state = JSON.parse(await editor.innerText()) as { notes: string[] } & Record<string, unknown>;
  const notes = [...state.notes, ...Array.from({ length: 400 }, (_, i) => `note ${i}`)];
  await replaceEditorText(page, "state-editor", JSON.stringify({ ...state, category: "billing", notes }, null, 2));
  await expect(page.getByTestId("edit-preview")).toContainText("research, lookup");
  // Scrolled to the top of a state thousands of pixels long, the actions are still on screen.
  await inspector(page).locator(".inspector__body").evaluate((body) => body.scrollTo({ top: 0 }));
  await expect(inspector(page).locator(".inspector__body")).toHaveJSProperty("scrollTop", 0);
  expect(await inspector(page).locator(".inspector__body").evaluate((body) => body.scrollHeight)).toBeGreaterThan(3000);
  await expect(page.getByRole("button", { name: "Save as new checkpoint" })).toBeInViewport();
  await expect(page.getByRole("button", { name: "Save and run fork" })).toBeInViewport();
  await expect(page.getByTestId("edit-preview")).toBeInViewport();
  const writes = page.getByTestId("edit-writes");
  await expect(writes.locator('[data-path="category"]')).toHaveText(/"question"\s*→\s*"billing"/);
  await expect(writes.locator('[data-path="notes[1]"]')).toHaveAttribute("data-kind", "added");
  await expect(writes.locator('[data-kind="added"]')).toHaveCount(400);
  await sizedScreenshots(page, "edit-sticky");
});

test("the thread list counts the steps that ran", async ({ page }) => {
  await openApp(page, app.url);
  // classify ran, then lookup failed: one step finished (step 0), not "0 steps".
  await expect(threadRow(page, THREADS.failed).locator('[data-field="steps"]')).toHaveText("1 step");
  // classify, the edit, research + lookup, respond: steps 0-3 of its newest branch.
  await expect(threadRow(page, THREADS.forked).locator('[data-field="steps"]')).toHaveText("4 steps");
});
