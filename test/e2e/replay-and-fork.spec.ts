/**
 * Story 3: replay or fork from a step with the graph's code loaded. The run streams into the timeline
 * and the graph while it goes, can be stopped, and ends as a new branch. Without the code the actions
 * are disabled and say why; a module that fails to load or belongs to another graph is refused.
 */
import { expect, test } from "./support/test.ts";
import { join } from "node:path";
import { graphNode, hostPerFile, openApp, openThread, rowAt, screenshots, selectedRow, timelineRows } from "./support/app.ts";
import { REPO } from "./support/host.ts";
import { buildSupportDatabase, THREADS } from "./support/databases.ts";
import { fingerprint } from "./support/files.ts";

const MODULE = join(REPO, "test/e2e/fixtures/support-module.ts");

test.describe("without the graph's code", () => {
  const app = hostPerFile(test, async (dir) => {
    const file = join(dir, "support.db");
    await buildSupportDatabase(file);
    return { file };
  });

  test("disables Replay and Fork and says why", async ({ page }) => {
    await openApp(page, app.url);
    await openThread(page, THREADS.done);
    await expect(page.getByRole("button", { name: "Replay from here" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Fork from here" })).toBeDisabled();
    await expect(page.getByTestId("run-unavailable")).toContainText(/graph/i);
  });

  const BAD_MODULES = [
    { name: "a graph module that fails to load", file: "broken-module.ts", code: "GRAPH_MODULE", says: /broken-module\.ts/ },
    { name: "a graph module for another graph", file: "other-module.ts", code: "GRAPH_MISMATCH", says: /unrelated-counter/ },
    { name: "a graph module that does not exist", file: "missing-module.ts", code: "GRAPH_MODULE", says: /missing-module\.ts/ },
  ];
  for (const bad of BAD_MODULES) {
    test(`refuses ${bad.name} with a clear message and writes nothing`, async ({ page }) => {
      const file = join(app.dir, "support.db");
      await openApp(page, app.url);
      await openThread(page, THREADS.done);
      const before = fingerprint(file);
      await page.getByRole("button", { name: "Load graph code…" }).click();
      const dialog = page.getByTestId("graph-module-dialog");
      await dialog.getByLabel("Graph module path").fill(join(REPO, "test/e2e/fixtures", bad.file));
      await dialog.getByRole("button", { name: "Load" }).click();
      const error = dialog.getByTestId("graph-module-error");
      await expect(error).toContainText(bad.code);
      await expect(error).toContainText(bad.says);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(page.getByRole("button", { name: "Replay from here" })).toBeDisabled();
      expect(fingerprint(file)).toBe(before);
    });
  }

  test("loads the graph's code from the dialog, which enables the runs", async ({ page }) => {
    await openApp(page, app.url);
    await openThread(page, THREADS.done);
    await page.getByRole("button", { name: "Load graph code…" }).click();
    const dialog = page.getByTestId("graph-module-dialog");
    await dialog.getByLabel("Graph module path").fill(MODULE);
    await dialog.getByRole("button", { name: "Load" }).click();
    await expect(dialog).toBeHidden();
    // The thread's final checkpoint is selected: Fork runs from it; Replay has nothing to run there.
    await expect(page.getByRole("button", { name: "Fork from here" })).toBeEnabled();
    await expect(page.getByTestId("replay-hint")).toHaveText(/Nothing runs after this checkpoint/);
    await expect(page.getByTestId("database-badge")).toContainText("graph code loaded");
    await expect(page.getByTestId("graph-panel")).toContainText("from the loaded graph code");
  });
});

test.describe("with the graph's code", () => {
  const app = hostPerFile(test, async (dir) => {
    const file = join(dir, "support.db");
    await buildSupportDatabase(file);
    // Slow nodes, so progress can be watched and a run stopped half way.
    return { file, graph: MODULE, env: { E2E_NODE_DELAY_MS: "1000" } };
  });

  test("replays from a checkpoint: progress streams in live, and the run ends as a new branch", async ({ page }) => {
    await openApp(page, app.url);
    await openThread(page, THREADS.done);
    await expect(timelineRows(page)).toHaveCount(4);
    await rowAt(page, 0, "loop").click();
    await page.getByRole("button", { name: "Replay from here" }).click();
    const bar = page.getByTestId("run-bar");
    await expect(bar).toHaveAttribute("data-run-status", "running");
    await expect(graphNode(page, "research")).toHaveAttribute("data-tone", "running");
    // New checkpoints appear while the run is still going (each node takes a second).
    await expect.poll(() => timelineRows(page).count()).toBeGreaterThan(4);
    await expect(bar).toHaveAttribute("data-run-status", "running");
    await screenshots(page, "live-run");
    await expect(bar).toHaveAttribute("data-run-status", "finished", { timeout: 15_000 });
    await expect(bar).toContainText("done");
    await expect(page.getByTestId("timeline-count")).toContainText("· 2 branches");
    await expect(selectedRow(page)).toHaveAttribute("data-branch", "1");
    await expect(selectedRow(page)).toContainText("respond");
  });

  test("stops a run in flight; what it wrote stays", async ({ page }) => {
    await openApp(page, app.url);
    await openThread(page, THREADS.html);
    await rowAt(page, -1, "input").click();
    await page.getByRole("button", { name: "Replay from here" }).click();
    const bar = page.getByTestId("run-bar");
    await expect(bar).toHaveAttribute("data-run-status", "running");
    await expect(graphNode(page, "classify")).toHaveAttribute("data-tone", "running");
    await bar.getByRole("button", { name: "Stop" }).click();
    await expect(bar).toHaveAttribute("data-run-status", "stopped", { timeout: 10_000 });
    await expect(page.getByRole("button", { name: "Replay from here" })).toBeEnabled();
  });

  test("forks from a checkpoint as a new branch", async ({ page }) => {
    await openApp(page, app.url);
    await openThread(page, THREADS.forked);
    await expect(page.getByTestId("timeline-count")).toHaveText("7 checkpoints · 2 branches");
    await rowAt(page, 1, "loop").click();
    // Fork opens the state for editing; saving the edit runs the new branch from it.
    await page.getByRole("button", { name: "Fork from here" }).click();
    const editor = page.getByTestId("state-editor").locator(".cm-content");
    await expect(editor).toContainText('"ticket"');
    const state = JSON.parse(await editor.innerText()) as Record<string, unknown>;
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(JSON.stringify({ ...state, category: "refund" }, null, 2));
    await page.getByRole("button", { name: "Save and run fork" }).click();
    const bar = page.getByTestId("run-bar");
    await expect(bar).toHaveAttribute("data-run-status", "finished", { timeout: 15_000 });
    await expect(page.getByTestId("timeline-count")).toContainText("3 branches");
    await expect(selectedRow(page)).toHaveAttribute("data-branch", "2");
  });
});
