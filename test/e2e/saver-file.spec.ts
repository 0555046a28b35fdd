/**
 * A file written by ChronographSaver (LangGraph.js's checkpointer from core/langgraph-saver), opened in the
 * app: 300 threads written through the saver from recorded LangGraph.js runs (an agent that waits at an
 * approval, resumes, forks and calls a subgraph; a run that fails), cut at every point. The list counts and
 * orders the threads as the reader's full listing does (every thread decoded whole), a status chip filters
 * with the listing's counts, the text filter finds a thread by id, and a thread opens on its timeline,
 * graph and state, with as many checkpoints as the listing says it has.
 */
import { join } from "node:path";
import { rollUpThreads } from "../../core/api/thread-filter.ts";
import type { ThreadRow, ThreadStatus } from "../../core/api/types.ts";
import { openDatabase } from "../../core/debugger/sources.ts";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";
import { recordTemplates, writeThreads } from "../langgraph-saver/saver-threads.ts";
import { hostPerFile, openApp, openThread, threadList, threadRow, timelineRows } from "./support/app.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";
import { expect, test } from "./support/test.ts";

const THREADS = 300;
/** Generous, so a loaded machine cannot fail the test: a deadline for "never", not a latency target. */
const EVENTUALLY = 30_000;

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "saver.db");
  const saver = ChronographSaver.open(file);
  try {
    await writeThreads(saver, await recordTemplates(2, 1), THREADS);
  } finally {
    await saver.close();
  }
  return { file };
});

/** Every thread as the reader's full listing gives it, newest root head first (the list's order). */
async function listing(): Promise<ThreadRow[]> {
  const { source } = await openDatabase(join(app.dir, "saver.db"));
  try {
    return rollUpThreads(await source.listThreads()).sort((a, b) => (a.headCheckpointId < b.headCheckpointId ? 1 : a.headCheckpointId > b.headCheckpointId ? -1 : a.threadId < b.threadId ? -1 : 1));
  } finally {
    await source.close();
  }
}

test("lists, filters and opens the threads of a ChronographSaver file as its full listing has them", async ({ page }) => {
  test.setTimeout(120_000);
  const all = await listing();
  expect(all).toHaveLength(THREADS);
  const count = (status: ThreadStatus) => all.filter((row) => row.status === status).length;
  expect(count("interrupted")).toBeGreaterThan(0);
  expect(count("error")).toBeGreaterThan(0);

  await openApp(page, app.url);
  await expect(page.getByTestId("thread-count")).toHaveText(`${THREADS} threads`, { timeout: EVENTUALLY });
  await expect(page.getByTestId("database-badge")).toContainText("ChronographSaver");
  // The list's first rows are the listing's newest threads, in its order.
  const shown = threadList(page).getByRole("option");
  await expect(shown.first()).toHaveAttribute("data-thread-id", all[0]!.threadId);
  await expect(shown.nth(1)).toHaveAttribute("data-thread-id", all[1]!.threadId);

  const interrupted = page.locator('.chip[data-status="interrupted"]');
  await interrupted.click();
  await expect(page.getByTestId("thread-count")).toHaveText(`${count("interrupted")} of ${THREADS}`, { timeout: EVENTUALLY });
  await expect(interrupted.locator(".chip__count")).toHaveText(String(count("interrupted")));
  await expect(page.locator('.chip[data-status="error"] .chip__count')).toHaveText(String(count("error")));
  const waiting = all.find((row) => row.status === "interrupted")!;
  await expect(shown.first()).toHaveAttribute("data-thread-id", waiting.threadId);
  await expect(threadRow(page, waiting.threadId)).toHaveAttribute("data-status", "interrupted");

  await openThread(page, waiting.threadId);
  await expect(timelineRows(page)).toHaveCount(waiting.checkpointCount, { timeout: EVENTUALLY });
  await expect(page.getByTestId("interrupt-notice")).toBeVisible();
  await expect(page.getByTestId("state-tree")).toBeVisible();
  await expect(page.getByTestId("graph-panel").locator("[data-node]").first()).toBeVisible();
  await sizedScreenshots(page, "saver-file");

  await interrupted.click();
  const failed = all.find((row) => row.status === "error")!;
  await page.getByPlaceholder(/filter/i).fill(failed.threadId);
  await expect(shown).toHaveCount(1, { timeout: EVENTUALLY });
  await expect(shown.first()).toHaveAttribute("data-thread-id", failed.threadId);
  await expect(shown.first()).toHaveAttribute("data-status", "error");
});
