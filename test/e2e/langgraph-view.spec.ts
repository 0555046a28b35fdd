/**
 * LangGraph's structure as its users think of it, on real LangGraph.js databases (copies, never the
 * fixtures themselves): an agent's conversation read in the chat view (tool calls with arguments, tool
 * results linked to their call), internal names hidden until "raw names" is ticked, and one graph drawn
 * the same on two threads of a parallel fan-out even though only one of them reached the end.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "./support/test.ts";
import { graphNode, hostPerFile, inspector, openApp, openThread, rowAt, screenshots, tab, timelineRows } from "./support/app.ts";
import { REPO } from "./support/host.ts";

const FIXTURES = join(REPO, "test", "fixtures", "langgraph-js");

function fixtureHost(name: string) {
  return hostPerFile(test, async (dir) => {
    const file = join(dir, name);
    copyFileSync(join(FIXTURES, name), file);
    return { file };
  });
}

test.describe("agent-loop", () => {
  const app = fixtureHost("agent-loop.sqlite");

  test("reads the agent's conversation in the chat view, with the raw JSON one click away", async ({ page }) => {
    await openApp(page, app.url);
    await openThread(page, "agent-research");
    const chat = inspector(page).getByTestId("chat-view");
    await expect(chat).toBeVisible();
    const messages = chat.getByTestId("chat-message");
    await expect(messages.first()).toHaveAttribute("data-role", "human");
    await expect(messages.first()).toContainText("Collect twelve pages about tea.");
    const call = chat.getByTestId("chat-tool-call").first();
    await expect(call).toContainText("lookup");
    await expect(call).toContainText("page 1");
    const result = chat.locator('[data-role="tool"]').first();
    await expect(result).toContainText("result of lookup (call_0)");
    await expect(result).toContainText("page 1 result");

    await chat.getByRole("button", { name: "Raw JSON" }).click();
    await expect(inspector(page).getByTestId("chat-view-raw")).toBeVisible();
    await expect(messages).toHaveCount(0);
    await chat.getByRole("button", { name: "Show as chat" }).click();
    await expect(messages.first()).toBeVisible();

    // The diff against the parent shows the message the agent added as a message.
    await tab(page, "Diff").click();
    const added = inspector(page).getByTestId("diff-chat");
    await expect(added.getByTestId("chat-message")).toHaveCount(1);
    await expect(added.getByTestId("chat-message")).toHaveAttribute("data-role", "ai");
    await tab(page, "State").click();

    for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
      // Opened at this size, so the graph is fitted to it.
      await page.setViewportSize({ width, height });
      await openApp(page, app.url);
      await openThread(page, "agent-research");
      await expect(inspector(page).getByTestId("chat-message").first()).toBeVisible();
      await screenshots(page, `langgraph-chat-${width}`);
    }
  });
});

test.describe("parallel-fanout", () => {
  const app = fixtureHost("parallel-fanout.sqlite");

  test("draws the same graph on both threads, the failed one included", async ({ page }) => {
    await openApp(page, app.url);
    const names = ["plan", "fetch_news", "fetch_stocks", "fetch_weather", "merge"];
    for (const thread of ["fanout-news-fails-unresumed", "fanout-news-fails-once"]) {
      await openThread(page, thread);
      await expect(timelineRows(page).first()).toBeVisible();
      for (const node of names) await expect(graphNode(page, node)).toBeVisible();
      await expect(page.getByTestId("graph-panel").locator("[data-node]")).toHaveCount(names.length + 2);
    }
  });

  test("hides LangGraph's internal names until raw names is ticked", async ({ page }) => {
    await openApp(page, app.url);
    await openThread(page, "fanout-news-fails-once");
    await rowAt(page, -1, "input").click();
    await tab(page, "Tasks").click();
    const tasks = inspector(page).getByTestId("tasks");
    await expect(tasks.locator("[data-task]").first()).toContainText("start");
    await expect(tasks).not.toContainText("__start__");
    await expect(tasks).not.toContainText("branch:to:");
    await expect(page.getByTestId("checkpoint-header")).not.toContainText("__input__");

    await tasks.getByTestId("raw-names").check();
    await expect(tasks).toContainText("__start__");
    await expect(tasks).toContainText("branch:to:plan");
    await expect(page.getByTestId("checkpoint-header")).toContainText("__input__");
    // Remembered like the theme.
    await page.reload();
    await openThread(page, "fanout-news-fails-once");
    await rowAt(page, -1, "input").click();
    await tab(page, "Tasks").click();
    await expect(inspector(page).getByTestId("raw-names")).toBeChecked();
    await inspector(page).getByTestId("raw-names").uncheck();
    await expect(inspector(page).getByTestId("tasks")).not.toContainText("__start__");
  });
});
