/**
 * Quick runs one after another, on two threads, with the previous run's "Run finished" banner left open.
 * Each new run must take over its thread's banner and finish there, Replay and Fork must come back, and a
 * banner must show only on the thread its run belongs to. The database must hold every checkpoint the
 * banners say were written.
 */
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { hostPerFile, openApp, openThread, rowAt, threadRow } from "./support/app.ts";
import { REPO } from "./support/host.ts";
import { buildSupportDatabase, THREADS } from "./support/databases.ts";
import { expect, test } from "./support/test.ts";

const MODULE = join(REPO, "test/e2e/fixtures/support-module.ts");

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "support.db");
  await buildSupportDatabase(file);
  // No node delay: every run finishes before (or just as) the start request is answered.
  return { file, graph: MODULE, env: { E2E_NODE_DELAY_MS: "0" } };
});

async function checkpointCount(threadId: string): Promise<number> {
  const saver = SqliteSaver.open(join(app.dir, "support.db"));
  try {
    return (await saver.list(threadId)).length;
  } finally {
    await saver.close();
  }
}

/** Start a run with `button`, wait for the thread's banner to say it finished, return how many checkpoints it wrote. */
async function runToEnd(page: Page, threadId: string, button: "Replay from here"): Promise<number> {
  await expect(page.getByRole("button", { name: button })).toBeEnabled();
  await page.getByRole("button", { name: button }).click();
  const bar = page.getByTestId("run-bar");
  await expect(bar).toHaveAttribute("data-thread-id", threadId);
  await expect(bar).toHaveAttribute("data-run-status", "finished", { timeout: 20_000 });
  await expect(bar).toContainText(/Run finished \(done\) · [1-9]\d* checkpoints? written/);
  // The run's final checkpoint is selected: nothing runs after it, so only Fork is offered there.
  await expect(page.getByRole("button", { name: "Replay from here" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Fork from here" })).toBeEnabled();
  await expect(bar.getByRole("button", { name: "Stop" })).toHaveCount(0);
  const written = /· (\d+) checkpoints? written/.exec((await bar.textContent()) ?? "");
  return Number(written?.[1]);
}

test("three quick runs in a row on two threads each end with their own banner, and the database holds what they wrote", async ({ page }) => {
  const before = { done: await checkpointCount(THREADS.done), forked: await checkpointCount(THREADS.forked) };
  await openApp(page, app.url);

  await openThread(page, THREADS.done);
  await rowAt(page, 0, "loop").click();
  const first = await runToEnd(page, THREADS.done, "Replay from here");
  // Leave "Run finished" open and run again from the same checkpoint.
  await rowAt(page, 0, "loop").click();
  const second = await runToEnd(page, THREADS.done, "Replay from here");

  // Another thread shows no banner of the first thread's runs, and can run at once.
  await threadRow(page, THREADS.forked).click();
  await openThread(page, THREADS.forked);
  await expect(page.getByTestId("run-bar")).toHaveCount(0);
  await rowAt(page, 1, "loop").click();
  const third = await runToEnd(page, THREADS.forked, "Replay from here");

  // Back on the first thread: its own last run, still finished, and it can run again.
  await openThread(page, THREADS.done);
  await expect(page.getByTestId("run-bar")).toHaveAttribute("data-thread-id", THREADS.done);
  await expect(page.getByTestId("run-bar")).toContainText(`${second} checkpoint`);
  await page.getByTestId("run-bar").getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByTestId("run-bar")).toHaveCount(0);
  await openThread(page, THREADS.forked);
  await expect(page.getByTestId("run-bar")).toHaveAttribute("data-thread-id", THREADS.forked);

  expect(await checkpointCount(THREADS.done)).toBe(before.done + first + second);
  expect(await checkpointCount(THREADS.forked)).toBe(before.forked + third);
});
