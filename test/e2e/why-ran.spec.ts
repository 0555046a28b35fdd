/**
 * "Why did this node run?" and "what will re-run?" (issue 11), on the demo database and on a LangGraph.js
 * file: the Tasks tab's disclosure names the channels that changed since the node last ran, the node whose
 * writes changed them and the step (a link that selects that checkpoint); Replay, Fork and Resume say which
 * nodes run again and which finished work is kept. Every expectation is computed by the backend from the
 * same file, not written into the test.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";
import { hostPerFile, inspector, openApp, openThread, rowAt, selectedRow, tab, timeline } from "./support/app.ts";
import { backendOn, demoCopy, demoTrust } from "./support/demo-copy.ts";
import { REPO } from "./support/host.ts";
import type { TaskExplanation } from "../../core/api/types.ts";

/** Open "Why did this run?" under the task of `node` and check it against the backend's explanation. */
async function expectWhyRan(page: Page, node: string, expected: TaskExplanation): Promise<void> {
  const task = inspector(page).locator(`[data-task="${node}"]`).first();
  await task.getByText("Why did this run?").click();
  const triggers = task.getByTestId("why-ran-trigger");
  await expect(triggers).toHaveCount(expected.triggers.length);
  for (const [i, trigger] of expected.triggers.entries()) {
    await expect(triggers.nth(i)).toHaveAttribute("data-channel", trigger.channel);
    await expect(triggers.nth(i)).toHaveAttribute("data-by", trigger.changedBy.join(","));
    if (trigger.changedAtStep !== null) await expect(triggers.nth(i)).toContainText(`step ${trigger.changedAtStep}`);
  }
}

test.describe("on the demo database", () => {
  const app = hostPerFile(test, demoCopy);
  const trustDemoFolder = demoTrust();

  test("the why-ran panel names the channels, the node that changed them and the step; the step link selects it", async ({ page }) => {
    test.setTimeout(90_000);
    const backend = await backendOn(join(app.dir, "demo.db"), app.dir);
    await openApp(page, app.url);
    await trustDemoFolder(page);
    // translate-release: release is the join after proofread and typeset (a fan-in after a Send fan-out).
    const history = await backend.getTimeline({ threadId: "translate-release" });
    const at = history.find((entry) => entry.next.length > 0 && entry.writers.length > 1) ?? history.find((entry) => entry.next.length > 0)!;
    const node = at.next[0]!;
    const expected = await backend.explainTask({ threadId: "translate-release", checkpointId: at.checkpointId, node });
    await backend.close();
    expect(expected.triggers.length).toBeGreaterThan(0);

    await openThread(page, "translate-release");
    await timeline(page).locator(`[data-checkpoint-id="${at.checkpointId}"]`).click();
    await tab(page, "Tasks").click();
    await expectWhyRan(page, node, expected);
    await sizedScreenshots(page, "why-ran");

    // The newest change's step link selects the checkpoint whose writes made it.
    const newest = expected.triggers.at(-1)!;
    const trigger = inspector(page).locator(`[data-task="${node}"] [data-testid="why-ran-trigger"][data-channel="${newest.channel}"]`);
    await trigger.getByRole("button", { name: `step ${newest.changedAtStep}` }).click();
    await expect(selectedRow(page)).toHaveAttribute("data-checkpoint-id", newest.changedAtCheckpointId!);
  });

  test("Replay and Fork list the nodes previewRun says will run again and the finished work kept", async ({ page }) => {
    const backend = await backendOn(join(app.dir, "demo.db"), app.dir);
    // publish-cms-down: archive finished at step 0, publish failed; a replay keeps archive's writes.
    const history = await backend.getTimeline({ threadId: "publish-cms-down" });
    const at = history.find((entry) => entry.step === 0 && entry.source === "loop")!;
    const replay = await backend.previewRun({ threadId: "publish-cms-down", checkpointId: at.checkpointId, mode: "replay" });
    const fork = await backend.previewRun({ threadId: "publish-cms-down", checkpointId: at.checkpointId, mode: "fork" });
    await backend.close();
    expect(replay.kept.length).toBeGreaterThan(0);

    await openApp(page, app.url);
    await trustDemoFolder(page);
    await openThread(page, "publish-cms-down");
    await rowAt(page, 0, "loop").click();
    await expect(page.getByRole("button", { name: "Replay from here" })).toBeEnabled({ timeout: 30_000 });
    const replayPreview = page.getByTestId("run-preview-replay");
    await expect(replayPreview.getByTestId("will-run")).toHaveText(replay.willRun.map((task) => task.node).join(", "));
    await expect(replayPreview.getByTestId("kept")).toHaveText(replay.kept.map((task) => task.node).join(", "));
    const forkPreview = page.getByTestId("run-preview-fork");
    await expect(forkPreview.getByTestId("will-run")).toHaveText(fork.willRun.map((task) => task.node).join(", "));
    await expect(forkPreview.getByTestId("kept")).toHaveCount(0);
    await sizedScreenshots(page, "run-preview");
  });

  test("Resume lists the node that takes the answer", async ({ page }) => {
    const backend = await backendOn(join(app.dir, "demo.db"), app.dir);
    const [head] = await backend.getTimeline({ threadId: "approval-waiting" });
    const resume = await backend.previewRun({ threadId: "approval-waiting", checkpointId: head!.checkpointId, mode: "resume" });
    await backend.close();
    await openApp(page, app.url);
    await trustDemoFolder(page);
    await openThread(page, "approval-waiting");
    await tab(page, "Resume").click();
    await expect(page.getByTestId("run-preview-resume").getByTestId("will-run")).toHaveText(resume.willRun.map((task) => task.node).join(", "));
  });
});

test.describe("on a LangGraph.js file", () => {
  const app = hostPerFile(test, async (dir) => {
    const file = join(dir, "fanout.sqlite");
    copyFileSync(join(REPO, "test/fixtures/langgraph-js/parallel-fanout.sqlite"), file);
    return { file };
  });

  test("the why-ran panel reads LangGraph's versions_seen the same way", async ({ page }) => {
    const backend = await backendOn(join(app.dir, "fanout.sqlite"), app.dir);
    const threadId = (await backend.listThreads({})).rows[0]!.threadId;
    const history = await backend.getTimeline({ threadId });
    // The newest checkpoint with a task to explain that has a known trigger.
    let found: { checkpointId: string; node: string; expected: TaskExplanation } | null = null;
    for (const entry of history) {
      for (const node of entry.next) {
        const expected = await backend.explainTask({ threadId, checkpointId: entry.checkpointId, node });
        if (!found && expected.triggers.some((trigger) => trigger.changedAtStep !== null && trigger.changedAtStep >= 0)) found = { checkpointId: entry.checkpointId, node, expected };
      }
    }
    await backend.close();
    expect(found).not.toBeNull();

    await openApp(page, app.url);
    await openThread(page, threadId);
    await timeline(page).locator(`[data-checkpoint-id="${found!.checkpointId}"]`).click();
    await tab(page, "Tasks").click();
    await expectWhyRan(page, found!.node, found!.expected);
  });
});
