/**
 * The paged thread list while another process writes (issue 12), in the browser: the list was scrolled
 * to its end once (every page loaded) and is back at the top when a new thread is written and the oldest
 * thread gains a run. Both are listed first; at the end again, every thread is drawn once, in the
 * backend's new order (the pages out of view were not kept as they were).
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
const OLDEST = "thread-00001";

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

const scrollList = (page: Page, to: "top" | "end") => threadList(page).evaluate((list, where) => list.scrollTo({ top: where === "top" ? 0 : list.scrollHeight }), to);

test("a thread written elsewhere is listed first and a thread far down that gains a run moves to the top, once", async ({ page }) => {
  await openApp(page, app.url);
  await expect(page.getByTestId("thread-count")).toHaveText(`${THREADS} threads`);
  // Scrolled again at every look: the list's height settles as its rows are measured.
  await expect.poll(async () => (await scrollList(page, "end"), (await drawnThreads(page)).at(-1)), { timeout: EVENTUALLY }).toBe(OLDEST);
  await scrollList(page, "top");
  // Back at the top: the rows of the end are gone, so the list asks only for the top's pages now.
  await expect.poll(async () => (await drawnThreads(page)).includes(OLDEST), { timeout: EVENTUALLY }).toBe(false);

  const saver = SqliteSaver.open(join(app.dir, "many.db"));
  try {
    await supportGraph(saver, 0).invoke({ ticket: "Written elsewhere", mode: "normal" }, { threadId: "ticket-live-7" });
    await supportGraph(saver, 0).invoke({ ticket: "Once more", mode: "normal" }, { threadId: OLDEST });
  } finally {
    await saver.close();
  }
  await expect(page.getByTestId("thread-count")).toHaveText(`${THREADS + 1} threads`, { timeout: EVENTUALLY });
  await expect.poll(async () => (await drawnThreads(page)).slice(0, 2), { timeout: EVENTUALLY }).toEqual([OLDEST, "ticket-live-7"]);
  await expect.poll(async () => (await scrollList(page, "end"), (await drawnThreads(page)).at(-1)), { timeout: EVENTUALLY }).toBe("thread-00002");
  const drawn = await drawnThreads(page);
  expect(drawn).not.toContain(OLDEST);
  expect(new Set(drawn).size).toBe(drawn.length);
});
