/**
 * Choosing the next node on a Chronograph file (issue 10's goto, on the engine): on a demo copy, an edit
 * as gather_sources with "Then run" set to final_report is written as an update checkpoint that schedules
 * only final_report, and the run that follows runs it and nothing the edges would have (outline, draft).
 * Read back from the file through the debugger backend.
 */
import { join } from "node:path";
import { expect, test } from "./support/test.ts";
import { hostPerFile, openApp, openThread, tab, timeline } from "./support/app.ts";
import { backendOn, demoCopy } from "./support/demo-copy.ts";

const THREAD = "research-checkpoint-cost";

test.describe("on a demo copy", () => {
  const app = hostPerFile(test, demoCopy);

  test("an edit with 'Then run' final_report skips outline and draft: final_report runs next, from the edit", async ({ page }) => {
    test.setTimeout(120_000);
    const file = join(app.dir, "demo.db");
    const backend = await backendOn(file, app.dir);
    const before = await backend.getTimeline({ threadId: THREAD });
    await backend.close();
    const at = before.find((entry) => entry.source === "loop" && entry.writers.includes("gather_sources") && entry.next.includes("outline"))!;
    expect(at).toBeDefined();

    await openApp(page, app.url);
    // Trusting the folder loads the demo's graph code in the graph host: slow on a loaded machine.
    const dialog = page.getByTestId("trust-dialog");
    await dialog.getByRole("button", { name: "Trust this folder and load" }).click({ timeout: 30_000 });
    await expect(dialog).toHaveCount(0, { timeout: 60_000 });
    await openThread(page, THREAD);
    await timeline(page).locator(`[data-checkpoint-id="${at.checkpointId}"]`).click();
    await tab(page, "Edit").click();
    await page.getByLabel("Then run").selectOption("final_report");
    await expect(page.getByTestId("edit-preview")).toContainText("final_report");
    await expect(page.getByTestId("edit-preview")).not.toContainText("outline");
    await page.getByRole("button", { name: "Save and run fork" }).click();
    await expect(page.getByTestId("run-bar")).toHaveAttribute("data-run-status", "finished", { timeout: 60_000 });

    const check = await backendOn(file, app.dir);
    try {
      const after = await check.getTimeline({ threadId: THREAD });
      const added = after.filter((entry) => !before.some((old) => old.checkpointId === entry.checkpointId));
      const update = added.find((entry) => entry.source === "update")!;
      expect(update.parentId).toBe(at.checkpointId);
      expect(update.next).toEqual(["final_report"]);
      const ran = added.filter((entry) => entry.source === "loop");
      expect(ran.map((entry) => entry.writers)).toEqual([["final_report"]]);
      expect(ran[0]!.parentId).toBe(update.checkpointId);
      expect(ran[0]!.next).toEqual([]);
    } finally {
      await check.close();
    }
  });
});
