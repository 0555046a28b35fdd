/**
 * A LangGraph.js run stopped at a breakpoint, as its user meets it: the graph's "click a node to stop
 * before it" hint, a breakpoint on publish, the resumed run stops before it (LangGraph.js's own
 * interruptBefore), the inspector says "Stopped before publish", and its Continue runs on through the
 * user's LangGraph.js. Each outcome is read back with LangGraph.js's getStateHistory on the file.
 */
import type { Page } from "@playwright/test";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { expect, test } from "./support/test.ts";
import { graphNode, openApp, openThread, selectedRow } from "./support/app.ts";
import { ticketGraph } from "../interop/langgraph-graphs.ts";
import { projectHost } from "./support/langgraph-projects.ts";

type Snapshot = Awaited<ReturnType<ReturnType<typeof ticketGraph>["getState"]>>;

/** The thread's history as LangGraph.js reads it from the file, newest first. */
async function ticketHistory(file: string, threadId: string): Promise<Snapshot[]> {
  const saver = SqliteSaver.fromConnString(file);
  try {
    const states: Snapshot[] = [];
    for await (const state of ticketGraph(saver).getStateHistory({ configurable: { thread_id: threadId } })) states.push(state);
    return states;
  } finally {
    saver.db.close();
  }
}

const idOf = (snapshot: Snapshot) => String(snapshot.config.configurable?.checkpoint_id);

/** Wait for the run `click` starts (not an earlier one) to end with `status`. */
async function runEnds(page: Page, click: () => Promise<void>, status = "finished"): Promise<void> {
  const bar = page.getByTestId("run-bar");
  const earlier = (await bar.count()) > 0 ? await bar.getAttribute("data-run-id") : null;
  await click();
  if (earlier) await expect(bar).not.toHaveAttribute("data-run-id", earlier, { timeout: 60_000 });
  await expect(bar).toHaveAttribute("data-run-status", status, { timeout: 60_000 });
}

test.describe("a LangGraph.js ticket project stopped at a breakpoint", () => {
  test.describe.configure({ timeout: 120_000 });
  const app = projectHost(test, { project: "esm", database: "hitl-interrupt.sqlite", graphs: { ticket: "../ticket.ts:graph" } });

  test("the stop reads 'Stopped before publish' and its Continue runs publish through LangGraph.js", async ({ page }) => {
    await openApp(page, app.url);
    const dialog = page.getByTestId("trust-dialog");
    await dialog.getByRole("button", { name: "Trust this folder and load" }).click({ timeout: 30_000 });
    await expect(page.getByTestId("database-badge").filter({ hasText: "graph code loaded" })).toBeVisible({ timeout: 30_000 });
    await openThread(page, "ticket-waiting");
    await expect(page.getByTestId("graph-panel")).toContainText("click a node to stop before it on the next run");
    await graphNode(page, "publish").click();
    await expect(page.getByTestId("breakpoint-count")).toContainText("stop before publish");

    await page.getByTestId("interrupt-notice").getByRole("button", { name: "Continue" }).click();
    const editor = page.getByTestId("resume-editor").locator(".cm-content");
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText('{ "approved": true, "comment": "ship it" }');
    await runEnds(page, () => page.getByRole("button", { name: "Resume", exact: true }).click());

    const [stopped] = await ticketHistory(app.file, "ticket-waiting");
    expect(stopped!.next).toEqual(["publish"]);
    expect(stopped!.values.published).toBeUndefined();
    const stop = page.getByTestId("timeline-list").locator(`[data-checkpoint-id="${idOf(stopped!)}"]`);
    await stop.click();
    await expect(selectedRow(page)).toHaveAttribute("data-checkpoint-id", idOf(stopped!));
    const banner = page.getByTestId("stopped-banner");
    await expect(banner).toContainText("Stopped before publish");

    await runEnds(page, () => banner.getByRole("button", { name: "Continue" }).click());
    const [done] = await ticketHistory(app.file, "ticket-waiting");
    expect(done!.next).toEqual([]);
    expect(String(done!.values.published)).toMatch(/^SENT: /);
    expect(done!.parentConfig?.configurable?.checkpoint_id).toBe(idOf(stopped!));
    await expect(page.getByTestId("stopped-banner")).toHaveCount(0);
  });
});
