/**
 * The paged thread list while another process writes (issue 12), in the browser: the list was scrolled
 * to its end once (every page loaded) and is back at the top when a new thread is written and the thread
 * listed last gains a run. Both are listed first; at the end again, every thread is drawn once, in the
 * database's new order (the pages out of view were not kept as they were). The order expected is the
 * store's own (most recently updated first; threads written in the same millisecond in creation order),
 * read from the file, not guessed from the thread numbers.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test.ts";
import { join } from "node:path";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { supportGraph } from "./fixtures/support-graph.ts";
import { hostPerFile, openApp, threadList } from "./support/app.ts";
import { buildManyThreads } from "./support/databases.ts";

/** Generous, so a loaded machine cannot fail the test: this is a deadline for "never", not a latency target. */
const EVENTUALLY = 15_000;
const THREADS = 120;
const NEW_THREAD = "ticket-live-7";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "many.db");
  await buildManyThreads(file, THREADS);
  return { file };
});

/** The thread ids of the rows drawn, top to bottom (the virtualized list keeps its DOM in no order). */
const drawnThreads = (page: Page) =>
  threadList(page)
    .locator("[data-thread-id]")
    .evaluateAll((nodes) => nodes.map((node) => [node.getBoundingClientRect().top, node.getAttribute("data-thread-id")!] as const).sort((a, b) => a[0] - b[0]).map(([, id]) => id));

/** The threads in the store's own order, read from the file. */
async function storedOrder(file: string): Promise<string[]> {
  const saver = SqliteSaver.open(file);
  try {
    return (await saver.listThreads()).map((thread) => thread.threadId);
  } finally {
    await saver.close();
  }
}

const scrollList = (page: Page, to: "top" | "end") => threadList(page).evaluate((list, where) => list.scrollTo({ top: where === "top" ? 0 : list.scrollHeight }), to);

test("a thread written elsewhere is listed first and a thread far down that gains a run moves to the top, once", async ({ page }) => {
  const file = join(app.dir, "many.db");
  const before = await storedOrder(file);
  const last = before.at(-1)!;
  await openApp(page, app.url);
  await expect(page.getByTestId("thread-count")).toHaveText(`${THREADS} threads`);
  // Scrolled again at every look: the list's height settles as its rows are measured.
  await expect.poll(async () => (await scrollList(page, "end"), (await drawnThreads(page)).at(-1)), { timeout: EVENTUALLY }).toBe(last);
  await scrollList(page, "top");
  // Back at the top: the rows of the end are gone, so the list asks only for the top's pages now.
  await expect.poll(async () => (await drawnThreads(page)).includes(last), { timeout: EVENTUALLY }).toBe(false);

  const saver = SqliteSaver.open(file);
  try {
    await supportGraph(saver, 0).invoke({ ticket: "Written elsewhere", mode: "normal" }, { threadId: NEW_THREAD });
    await supportGraph(saver, 0).invoke({ ticket: "Once more", mode: "normal" }, { threadId: last });
  } finally {
    await saver.close();
  }
  const after = await storedOrder(file);
  // The two threads just written lead the store's order; the app must show exactly that order.
  expect([...after.slice(0, 2)].sort()).toEqual([NEW_THREAD, last].sort());
  await expect(page.getByTestId("thread-count")).toHaveText(`${THREADS + 1} threads`, { timeout: EVENTUALLY });
  await expect.poll(async () => (await drawnThreads(page)).slice(0, 2), { timeout: EVENTUALLY }).toEqual(after.slice(0, 2));
  await expect.poll(async () => (await scrollList(page, "end"), (await drawnThreads(page)).at(-1)), { timeout: EVENTUALLY }).toBe(after.at(-1));
  const drawn = await drawnThreads(page);
  expect(drawn).not.toContain(last);
  expect(new Set(drawn).size).toBe(drawn.length);
});
