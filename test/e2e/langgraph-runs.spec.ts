/**
 * The time-travel loop on real LangGraph.js graphs, as their users meet it: a copy of a LangGraph.js
 * database in a LangGraph.js project whose langgraph.json names the graph, opened in the app, the
 * folder trusted in the dialog, then replay from a past step, fork (edit, then run), an edit that
 * chooses the next node (goto), an interrupt answered with a Command typed in the resume form, and a
 * breakpoint (interruptBefore) that stops the run and a Continue past it. Every outcome is read back with
 * LangGraph.js's own getStateHistory on the file: values, next, and the new branch's parent.
 */
import type { Page } from "@playwright/test";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { expect, test } from "./support/test.ts";
import { graphNode, inspector, openApp, openThread, screenshots, selectedRow, tab, timeline } from "./support/app.ts";
import { essayGraph, ticketGraph } from "../interop/langgraph-graphs.ts";
import { fitGraph, projectHost } from "./support/langgraph-projects.ts";

/** fork-update's checkpoint after outline ran (step 1): write runs next. */
const AFTER_OUTLINE = "1f1ec4a7-da53-64b0-8001-2a196f3ae8df";

type Snapshot = Awaited<ReturnType<ReturnType<typeof essayGraph>["getState"]>>;

/** The thread's history as LangGraph.js reads it from the file, newest first. */
async function history(graph: (saver: SqliteSaver) => { getStateHistory(config: object): AsyncIterable<Snapshot> }, file: string, threadId: string): Promise<Snapshot[]> {
  const saver = SqliteSaver.fromConnString(file);
  try {
    const states: Snapshot[] = [];
    for await (const state of graph(saver).getStateHistory({ configurable: { thread_id: threadId } })) states.push(state);
    return states;
  } finally {
    saver.db.close();
  }
}

const idOf = (snapshot: Snapshot) => String(snapshot.config.configurable?.checkpoint_id);
const parentOf = (snapshot: Snapshot) => snapshot.parentConfig?.configurable?.checkpoint_id;
/** The snapshots written since `before`, newest first. */
const addedSince = (after: Snapshot[], before: Snapshot[]) => after.filter((snapshot) => !before.some((old) => idOf(old) === idOf(snapshot)));

const row = (page: Page, checkpointId: string) => timeline(page).locator(`[data-checkpoint-id="${checkpointId}"]`);

/** The first time, the app asks to trust the project's folder (langgraph.json names its code): trust it. Later opens remember. */
async function trustFolder(page: Page): Promise<void> {
  const dialog = page.getByTestId("trust-dialog");
  const loaded = page.getByTestId("database-badge").filter({ hasText: "graph code loaded" });
  await expect(dialog.or(loaded)).toBeVisible({ timeout: 30_000 });
  if (await dialog.isVisible()) await dialog.getByRole("button", { name: "Trust this folder and load" }).click();
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
  await expect(loaded).toBeVisible({ timeout: 30_000 });
}

async function replaceEditorText(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(text);
}

/** Wait for the run started by `click` to end (its own bar, not an earlier run's), with `status`. */
async function runToEnd(page: Page, click: () => Promise<void>, status = "finished"): Promise<void> {
  const bar = page.getByTestId("run-bar");
  const earlier = (await bar.count()) > 0 ? await bar.getAttribute("data-run-id") : null;
  await click();
  if (earlier) await expect(bar).not.toHaveAttribute("data-run-id", earlier, { timeout: 60_000 });
  await expect(bar).toHaveAttribute("data-run-status", status, { timeout: 60_000 });
}

/** Edit the selected checkpoint's state: `change` gets the state as the editor shows it. */
async function editState(page: Page, change: (state: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const editor = page.getByTestId("state-editor").locator(".cm-content");
  await expect(editor).toContainText('"title"');
  const state = JSON.parse(await editor.innerText()) as Record<string, unknown>;
  await replaceEditorText(page, "state-editor", JSON.stringify(change(state), null, 2));
}

test.describe("a LangGraph.js essay project (fork-update)", () => {
  test.describe.configure({ timeout: 120_000 });
  const app = projectHost(test, { project: "esm", database: "fork-update.sqlite", graphs: { essay: "../essay.ts:graph" } });

  test("replays from a past step on the user's LangGraph.js, and the new branch appears", async ({ page }) => {
    const before = await history(essayGraph, app.file, "essay");
    await openApp(page, app.url);
    await trustFolder(page);
    await openThread(page, "essay");
    await row(page, AFTER_OUTLINE).click();
    await runToEnd(page, () => page.getByRole("button", { name: "Replay from here" }).click());

    const added = addedSince(await history(essayGraph, app.file, "essay"), before);
    // LangGraph.js copies the past checkpoint as a fork (a new branch from it), then write and polish run.
    expect(added.map((snapshot) => snapshot.metadata?.source)).toEqual(["loop", "loop", "fork"]);
    expect(parentOf(added[2]!)).toBe(AFTER_OUTLINE);
    expect(parentOf(added[1]!)).toBe(idOf(added[2]!));
    expect(added[0]!.next).toEqual([]);
    expect(added[0]!.values.final).toBe("# tea\n1. Why tea\n2. How tea\n3. Conclusion");
    await expect(row(page, idOf(added[0]!))).toBeVisible();
    await expect(row(page, idOf(added[0]!))).not.toHaveAttribute("data-branch", "0");
  });

  test("forks: the edit is written as outline, then the run goes on from it", async ({ page }) => {
    const before = await history(essayGraph, app.file, "essay");
    await openApp(page, app.url);
    await trustFolder(page);
    await openThread(page, "essay");
    await row(page, AFTER_OUTLINE).click();
    await page.getByRole("button", { name: "Fork from here" }).click();
    await expect(tab(page, "Edit")).toHaveAttribute("aria-selected", "true");
    await editState(page, (state) => ({ ...state, sections: ["Alpha", "Beta"] }));
    await expect(page.getByLabel("Write as node")).toHaveValue("outline");
    await expect(page.getByTestId("edit-preview")).toContainText("write");
    await runToEnd(page, () => page.getByRole("button", { name: "Save and run fork" }).click());

    const added = addedSince(await history(essayGraph, app.file, "essay"), before);
    expect(added.map((snapshot) => snapshot.metadata?.source)).toEqual(["loop", "loop", "update"]);
    const edit = added[2]!;
    expect(parentOf(edit)).toBe(AFTER_OUTLINE);
    expect(edit.values.sections).toEqual(["Alpha", "Beta"]);
    expect(edit.next).toEqual(["write"]);
    expect(added[0]!.values.final).toBe("# tea\n1. Alpha\n2. Beta");
    expect(added[0]!.next).toEqual([]);
    await expect(row(page, idOf(added[0]!))).toBeVisible();
  });

  test("an edit chooses the node that runs next (goto): only that node runs", async ({ page }) => {
    const before = await history(essayGraph, app.file, "essay");
    for (const [width, height] of [[1024, 700], [1440, 900]] as const) {
      await page.setViewportSize({ width, height });
      await openApp(page, app.url);
      await trustFolder(page);
      await openThread(page, "essay");
      await row(page, AFTER_OUTLINE).click();
      await tab(page, "Edit").click();
      await editState(page, (state) => ({ ...state, body: "A body written by hand." }));
      await expect(page.getByTestId("edit-preview")).toContainText("write");
      await page.getByLabel("Then run").selectOption("polish");
      await expect(page.getByTestId("edit-preview")).toContainText("polish");
      await expect(page.getByTestId("edit-preview")).not.toContainText("write");
      await screenshots(page, `langgraph-goto-${width}`);
    }
    await runToEnd(page, () => page.getByRole("button", { name: "Save and run fork" }).click());

    const added = addedSince(await history(essayGraph, app.file, "essay"), before);
    expect(added.map((snapshot) => snapshot.metadata?.source)).toEqual(["loop", "update"]);
    expect(added[1]!.next).toEqual(["polish"]);
    expect(parentOf(added[1]!)).toBe(AFTER_OUTLINE);
    // Only polish ran: write would have rewritten the body, and each of them counts one edit.
    expect(added[0]!.values.body).toBe("A body written by hand.");
    expect(added[0]!.values.final).toBe("# tea\nA body written by hand.");
    expect(added[0]!.values.edits).toBe(1);
    expect(parentOf(added[0]!)).toBe(idOf(added[1]!));
    await expect(selectedRow(page)).toBeVisible();
  });

  test("an edit that changes no value but ends the run there is written, and LangGraph.js sees nothing next", async ({ page }) => {
    const before = await history(essayGraph, app.file, "essay");
    await openApp(page, app.url);
    await trustFolder(page);
    await openThread(page, "essay");
    await row(page, AFTER_OUTLINE).click();
    await tab(page, "Edit").click();
    const save = page.getByRole("button", { name: "Save as new checkpoint" });
    await expect(save).toBeDisabled();
    await page.getByLabel("Then run").selectOption({ label: "nothing (end the run)" });
    await expect(page.getByTestId("edit-preview")).toContainText("nothing (the run ends)");
    await expect(page.getByTestId("edit-changes")).toHaveText("writes no value; only chooses what runs next");
    await save.click();
    await expect(page.getByTestId("edit-saved")).toBeVisible({ timeout: 30_000 });

    const added = addedSince(await history(essayGraph, app.file, "essay"), before);
    expect(added).toHaveLength(1);
    expect(added[0]!.metadata?.source).toBe("update");
    expect(parentOf(added[0]!)).toBe(AFTER_OUTLINE);
    expect(added[0]!.next).toEqual([]);
    expect(added[0]!.values).toEqual(before.find((snapshot) => idOf(snapshot) === AFTER_OUTLINE)!.values);
  });

  test("starts from a past step with new input: LangGraph.js runs the graph again from START on a new branch", async ({ page }) => {
    const before = await history(essayGraph, app.file, "essay");
    await openApp(page, app.url);
    await trustFolder(page);
    await openThread(page, "essay");
    await row(page, AFTER_OUTLINE).click();
    await page.getByTestId("new-input-open").click();
    const run = page.getByRole("button", { name: "Run with this input" });
    await expect(run).toBeDisabled();
    await replaceEditorText(page, "new-input-editor", "[1, 2]");
    await expect(page.getByTestId("new-input-invalid")).toContainText("The input must be a JSON object");
    await replaceEditorText(page, "new-input-editor", '{ "title": "coffee" }');
    for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
      await page.setViewportSize({ width, height });
      await fitGraph(page);
      await screenshots(page, `langgraph-new-input-${width}`);
    }
    await runToEnd(page, () => run.click());

    const added = addedSince(await history(essayGraph, app.file, "essay"), before);
    expect(added.map((snapshot) => snapshot.metadata?.source)).toEqual(["loop", "loop", "loop", "loop", "input"]);
    expect(parentOf(added[4]!)).toBe(AFTER_OUTLINE);
    expect(added[0]!.values.final).toBe("# coffee\n1. Why coffee\n2. How coffee\n3. Conclusion");
    expect(added[0]!.next).toEqual([]);
    await expect(row(page, idOf(added[0]!))).toBeVisible();
  });
});

test.describe("a LangGraph.js ticket project (hitl-interrupt)", () => {
  test.describe.configure({ timeout: 120_000 });
  const app = projectHost(test, { project: "esm", database: "hitl-interrupt.sqlite", graphs: { ticket: "../ticket.ts:graph" } });

  test("answers the waiting interrupt with a Command typed in the resume form", async ({ page }) => {
    const before = await history(ticketGraph, app.file, "ticket-waiting");
    await openApp(page, app.url);
    await trustFolder(page);
    await openThread(page, "ticket-waiting");
    await page.getByTestId("interrupt-notice").getByRole("button", { name: "Continue" }).click();
    await expect(tab(page, "Resume")).toHaveAttribute("aria-selected", "true");
    await expect(page.getByTestId("resume-payload")).toContainText("Approve this reply?");
    await replaceEditorText(page, "resume-editor", '{ "approved": false, "comment": "say sorry" }');
    await runToEnd(page, () => page.getByRole("button", { name: "Resume", exact: true }).click());

    const after = await history(ticketGraph, app.file, "ticket-waiting");
    const added = addedSince(after, before);
    // review took the answer, revise ran, and review asks again.
    expect(added.length).toBeGreaterThanOrEqual(2);
    expect(parentOf(added.at(-1)!)).toBe(idOf(before[0]!));
    expect(after[0]!.values.decision).toEqual({ approved: false, comment: "say sorry" });
    expect(after[0]!.values.revision).toBe(1);
    expect(String(after[0]!.values.reply)).toMatch(/\(say sorry\)$/);
    expect(after[0]!.next).toEqual(["review"]);
    // The app shows the new question on the new head.
    await expect(selectedRow(page)).toHaveAttribute("data-checkpoint-id", idOf(after[0]!));
    await expect(inspector(page).getByRole("heading", { name: "review is waiting for an answer" })).toBeVisible();
  });

  test("stops at a breakpoint before publish (interruptBefore), then Continue runs on to the end", async ({ page }) => {
    await openApp(page, app.url);
    await trustFolder(page);
    await openThread(page, "ticket-waiting");
    await graphNode(page, "publish").click();
    await expect(graphNode(page, "publish")).toHaveAttribute("data-breakpoint", "true");
    await page.getByTestId("interrupt-notice").getByRole("button", { name: "Continue" }).click();
    await replaceEditorText(page, "resume-editor", '{ "approved": true, "comment": "fine" }');
    await runToEnd(page, () => page.getByRole("button", { name: "Resume", exact: true }).click());

    const [stopped] = await history(ticketGraph, app.file, "ticket-waiting");
    expect(stopped!.next).toEqual(["publish"]);
    expect(stopped!.values.decision).toEqual({ approved: true, comment: "fine" });
    expect(stopped!.values.published).toBeUndefined();
    await expect(row(page, idOf(stopped!))).toBeVisible();
    await row(page, idOf(stopped!)).click();
    for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
      await page.setViewportSize({ width, height });
      await fitGraph(page);
      await screenshots(page, `langgraph-breakpoint-${width}`);
    }

    await runToEnd(page, () => page.getByRole("button", { name: "Replay from here" }).click());
    const [done] = await history(ticketGraph, app.file, "ticket-waiting");
    expect(done!.next).toEqual([]);
    expect(String(done!.values.published)).toMatch(/^SENT: /);
    expect(parentOf(done!)).toBe(idOf(stopped!));
  });
});
