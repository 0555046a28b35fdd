/**
 * What a LangGraph user sees when their code cannot run the database, each in one line in the app: a
 * CommonJS project's .js module written as an ES module, a module whose nodes differ from the history
 * (the differences listed before anything runs, and nothing written), and a module that throws while
 * loading. And for a Python LangGraph file, whose nodes run only on the user's side: the Python to run
 * there (thread id, checkpoint id, the Command), copyable.
 */
import { join } from "node:path";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { expect, test } from "./support/test.ts";
import { hostPerFile, inspector, openApp, openThread, screenshots, tab, timeline } from "./support/app.ts";
import { fitGraph, projectHost } from "./support/langgraph-projects.ts";
import { C1, C2, writeScenario } from "../interop/python-scenario.ts";

const AFTER_OUTLINE = "1f1ec4a7-da53-64b0-8001-2a196f3ae8df";

test.describe.configure({ timeout: 120_000 });

async function trust(page: import("@playwright/test").Page): Promise<void> {
  await page.getByTestId("trust-dialog").getByRole("button", { name: "Trust this folder and load" }).click();
  await expect(page.getByTestId("trust-dialog")).toHaveCount(0, { timeout: 30_000 }).catch(async (error: unknown) => {
    const said = await page.getByTestId("trust-error").innerText({ timeout: 1000 }).catch(() => "(no error shown)");
    throw new Error(`The trust dialog stayed open: ${said}`, { cause: error });
  });
}

/** How many checkpoints the file holds, read with LangGraph.js's own saver. */
async function checkpointCount(file: string): Promise<number> {
  const saver = SqliteSaver.fromConnString(file);
  try {
    let count = 0;
    for await (const _ of saver.list({ configurable: { thread_id: "essay" } })) count += 1;
    return count;
  } finally {
    saver.db.close();
  }
}

test.describe("a CommonJS project whose .js module is written as an ES module", () => {
  const app = projectHost(test, { project: "cjs", database: "fork-update.sqlite", graphs: { essay: "../esm-syntax.js:graph" } });

  test("says in one line which file and export failed, why, and how to fix it", async ({ page }) => {
    await openApp(page, app.url);
    await trust(page);
    await openThread(page, "essay");
    const reason = page.getByTestId("run-unavailable");
    await expect(reason).toContainText("esm-syntax.js", { timeout: 30_000 });
    await expect(reason).toContainText('esm-syntax.js" (export "graph") could not be read in a project without "type": "module"');
    await expect(reason).toContainText('add "type": "module" to its package.json.');
    expect((await reason.innerText()).split("\n")).toHaveLength(1);
    await expect(page.getByRole("button", { name: "Replay from here" })).toBeDisabled();
  });
});

test.describe("a module that throws while loading", () => {
  const app = projectHost(test, { project: "esm", database: "fork-update.sqlite", graphs: { essay: "../throws.ts:graph" } });

  test("says which module failed and the error it threw, in one line", async ({ page }) => {
    await openApp(page, app.url);
    await trust(page);
    await openThread(page, "essay");
    const reason = page.getByTestId("run-unavailable");
    await expect(reason).toContainText(/throws\.ts" failed to load: OPENAI_API_KEY is not set/, { timeout: 30_000 });
    expect((await reason.innerText()).split("\n")).toHaveLength(1);
    for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
      await page.setViewportSize({ width, height });
      await fitGraph(page);
      await screenshots(page, `langgraph-module-error-${width}`);
    }
  });
});

test.describe("a module whose graph does not match the database's", () => {
  const app = projectHost(test, { project: "esm", database: "fork-update.sqlite", graphs: { essay: "../renamed.ts:graph" } });

  test("lists the differences before running, and writes nothing", async ({ page }) => {
    const before = await checkpointCount(app.file);
    await openApp(page, app.url);
    await trust(page);
    await openThread(page, "essay");
    await timeline(page).locator(`[data-checkpoint-id="${AFTER_OUTLINE}"]`).click();
    await page.getByRole("button", { name: "Replay from here" }).click();
    const bar = page.getByTestId("run-bar");
    await expect(bar).toHaveAttribute("data-run-status", "failed", { timeout: 60_000 });
    await expect(bar).toContainText('does not match thread "essay": the history ran "write", which the code lacks; the code has "draft", which the history never ran.');
    expect(await checkpointCount(app.file)).toBe(before);
  });
});

test.describe("a Python LangGraph file", () => {
  const app = hostPerFile(test, async (dir) => {
    const file = join(dir, "python.sqlite");
    writeScenario(file);
    return { file };
  });

  test("shows the Python to run on the user's side, with the thread, the checkpoint and the Command, and copies it", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await openApp(page, app.url);
    await openThread(page, "py-review");
    // An earlier step: go on from it.
    await timeline(page).locator(`[data-checkpoint-id="${C1}"]`).click();
    const onward = page.getByTestId("python-snippet");
    await expect(onward).toContainText(`config = {"configurable": { "thread_id": "py-review", "checkpoint_id": "${C1}" }}`);
    await expect(onward).toContainText('graph.stream(None, config, stream_mode="updates")');

    // The waiting interrupt: the answer typed in the resume form becomes the Command.
    await timeline(page).locator(`[data-checkpoint-id="${C2}"]`).click();
    await page.getByTestId("interrupt-notice").getByRole("button", { name: "Continue" }).click();
    await expect(tab(page, "Resume")).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("button", { name: "Resume", exact: true })).toBeDisabled();
    await page.getByTestId("resume-editor").locator(".cm-content").click();
    await page.keyboard.insertText('{ "publish": true, "note": null }');
    const snippet = inspector(page).getByTestId("python-snippet").last();
    await expect(snippet).toContainText("from langgraph.types import Command");
    await expect(snippet).toContainText(`"checkpoint_id": "${C2}"`);
    await expect(snippet).toContainText('"publish": True,');
    await expect(snippet).toContainText('"note": None,');
    await inspector(page).getByTestId("python-snippet-panel").last().getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => page.evaluate<string>("navigator.clipboard.readText()")).toBe(await snippet.innerText());
    for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
      await page.setViewportSize({ width, height });
      await fitGraph(page);
      await screenshots(page, `langgraph-python-snippet-${width}`);
    }
  });
});
