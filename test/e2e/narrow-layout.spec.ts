/**
 * The app at the two window sizes the issues check (1440×900 and 1024×700): a long thread name in the
 * timeline head keeps its start and its end with the middle elided (the whole name in its tooltip) and
 * stays inside the head beside the status badge; the inspector's tabs, the Resume tab's "waiting" badge
 * included, lie inside the tab strip, not cut off at its edge; the thread list's status chips all lie inside
 * their column. Checked on bounding boxes, not visibility.
 */
import type { Locator, Page } from "@playwright/test";
import { join } from "node:path";
import { supportGraph } from "./fixtures/support-graph.ts";
import { hostPerFile, inspector, openApp, openThread, tab } from "./support/app.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";
import { expect, test } from "./support/test.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

const LONG = "ticket-urgent-escalation-from-enterprise-customer-0042";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "long-names.db");
  const saver = SqliteSaver.open(file);
  try {
    // "urgent" waits on an approval: the Resume tab shows its badge.
    await supportGraph(saver, 0).invoke({ ticket: "Refund my order #1234", mode: "urgent" }, { threadId: LONG });
  } finally {
    await saver.close();
  }
  return { file };
});

/** `inner`'s box lies within `outer`'s (half a pixel of rounding allowed). */
async function expectInside(inner: Locator, outer: Locator, what: string): Promise<void> {
  const a = (await inner.boundingBox())!;
  const b = (await outer.boundingBox())!;
  expect(a, `${what}: no box`).not.toBeNull();
  const inside = a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
  expect(inside, `${what}: ${JSON.stringify(a)} is not inside ${JSON.stringify(b)}`).toBe(true);
}

const timelineHead = (page: Page) => page.getByTestId("timeline-panel").locator("header");

test("each column and the panel in it have test ids of their own", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, LONG);
  // The resizable column takes its panel id as a test id unless given one: it must not answer "inspector" too.
  await expect(page.getByTestId("inspector")).toHaveCount(1);
  for (const panel of ["threads", "graph", "timeline", "inspector"]) {
    await expect(page.getByTestId(`${panel}-column`)).toHaveCount(1);
  }
  await expect(page.getByTestId("inspector-column").getByTestId("inspector")).toHaveCount(1);
});

test("a long thread name and the Resume tab's badge stay inside their boxes at 1440x900 and 1024x700", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, LONG);
  const name = page.getByTestId("timeline-thread");
  const badge = timelineHead(page).locator(".badge");
  const resume = tab(page, "Resume");
  const waiting = resume.locator(".tab__count");
  const strip = inspector(page).getByRole("tablist");
  for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    await expect(waiting).toHaveText("waiting");
    // The name: whole in its tooltip, its end always shown, inside the head and left of the status badge.
    await expect(name).toHaveAttribute("title", LONG);
    await expect(name).toHaveText(LONG);
    await expectInside(name, timelineHead(page), `thread name at ${width}`);
    await expectInside(name.locator(".timeline__thread-tail"), name, `end of the thread name at ${width}`);
    const nameBox = (await name.boundingBox())!;
    const badgeBox = (await badge.boundingBox())!;
    expect(nameBox.x + nameBox.width, `thread name overlaps the status badge at ${width}`).toBeLessThanOrEqual(badgeBox.x + 0.5);
    // At least the start and the end of the name are readable, not three letters of it.
    expect(nameBox.width, `thread name squeezed at ${width}`).toBeGreaterThan(120);
    await expectInside(badge, timelineHead(page), `status badge at ${width}`);
    // Every tab lies inside the strip (none cut at its edge), the Resume tab's badge inside its tab.
    const titles = ["State", "Writes", "Diff", "Tasks", "Edit", "Resume"];
    for (const title of titles) await expectInside(tab(page, title), strip, `${title} tab at ${width}`);
    // ...and on one row at both sizes (a second row is only the fallback of a narrower inspector).
    const tops = await Promise.all(titles.map(async (title) => Math.round((await tab(page, title).boundingBox())!.y)));
    expect(new Set(tops).size, `tabs on more than one row at ${width}: ${tops.join(", ")}`).toBe(1);
    await expectInside(waiting, resume, `Resume tab's badge at ${width}`);
    await expectInside(strip, inspector(page), `tab strip at ${width}`);
    // Every status chip of the thread list is in view inside its column (they wrap; none hidden past the edge).
    const chips = page.getByRole("group", { name: "Filter by status" }).locator(".chip");
    await expect(chips).toHaveCount(4);
    for (const chip of await chips.all()) await expectInside(chip, page.getByTestId("threads-column"), `status chip ${await chip.getAttribute("data-status")} at ${width}`);
  }
  await resume.click();
  await expect(inspector(page).getByRole("tabpanel")).toContainText("waiting for an answer");
  await sizedScreenshots(page, "long-thread-name");
});
