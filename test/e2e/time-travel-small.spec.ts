/**
 * Small things users hit (issue 11, item 5): at 1024x700 the graph legend leaves the zoom buttons
 * uncovered and clickable; the selection lives in the URL, so a reload keeps it.
 */
import { expect, test } from "./support/test.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";
import { join } from "node:path";
import { hostPerFile, inspector, openApp, openThread, rowAt, screenshots, selectedRow, threadRow } from "./support/app.ts";
import { buildSupportDatabase, THREADS } from "./support/databases.ts";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "support.db");
  await buildSupportDatabase(file);
  return { file };
});

test("at 1024x700 the graph legend does not cover the zoom buttons, which zoom", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page, app.url);
  await openThread(page, THREADS.done);
  const panel = page.getByTestId("graph-panel");
  const legend = panel.getByLabel("Legend");
  const zoomIn = panel.locator(".react-flow__controls-zoomin");
  await expect(legend).toBeVisible();
  await expect(zoomIn).toBeVisible();
  const a = (await legend.boundingBox())!;
  const b = (await panel.locator(".react-flow__controls").boundingBox())!;
  const overlaps = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(overlaps).toBe(false);
  const viewport = panel.locator(".react-flow__viewport");
  const before = await viewport.getAttribute("style");
  // A plain click (no force): Playwright fails it if anything else would receive it.
  await zoomIn.click();
  await expect.poll(() => viewport.getAttribute("style")).not.toBe(before);
  await screenshots(page, "graph-legend-1024");
});

test("a graph drawn in a wide window is fitted again when the window narrows: every node stays inside the canvas", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, app.url);
  await openThread(page, THREADS.done);
  const panel = page.getByTestId("graph-panel");
  const nodes = panel.locator(".react-flow__node");
  await expect(nodes.first()).toBeVisible();
  await page.setViewportSize({ width: 1024, height: 700 });
  const canvas = panel.locator(".react-flow");
  const outside = async () => {
    const box = (await canvas.boundingBox())!;
    const boxes = await nodes.evaluateAll((all) => all.map((node) => node.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
    return boxes.filter((r) => r.x < box.x - 1 || r.y < box.y - 1 || r.x + r.width > box.x + box.width + 1 || r.y + r.height > box.y + box.height + 1).length;
  };
  await expect.poll(outside).toBe(0);
});

test("the selected thread and checkpoint are in the URL (without the token), and a reload keeps them", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.forked);
  await rowAt(page, 1, "loop").click();
  const id = (await selectedRow(page).getAttribute("data-checkpoint-id"))!;
  expect(id).toBeTruthy();
  await expect.poll(() => new URL(page.url()).hash).toBe(`#thread=${THREADS.forked}&checkpoint=${id}`);
  expect(page.url()).not.toContain("token");
  await page.reload();
  await expect(threadRow(page, THREADS.forked)).toHaveAttribute("aria-selected", "true");
  await expect(selectedRow(page)).toHaveAttribute("data-checkpoint-id", id);
  await expect(selectedRow(page)).toHaveAttribute("data-step", "1");
  await expect(page.getByTestId("checkpoint-header")).toContainText(id.slice(-8));
  // Moving on updates the URL in place.
  await rowAt(page, 0, "loop").click();
  await expect.poll(() => new URL(page.url()).hash).not.toContain(id);
});

test("arrow keys work alike in the thread list and the timeline: they select, Enter goes on into the selection", async ({ page }) => {
  await openApp(page, app.url);
  const list = page.getByTestId("thread-list");
  await expect(list.getByRole("option")).toHaveCount(5);
  await list.focus();
  const ids = await list.getByRole("option").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-thread-id")!));
  const [first, second, third] = ids;
  // The newest thread is open at the start.
  await expect(list.locator('[aria-selected="true"]')).toHaveAttribute("data-thread-id", first!);
  // A key selects (and opens) the next thread at once, as ↓ does in the timeline.
  await page.keyboard.press("ArrowDown");
  await expect(list.locator('[aria-selected="true"]')).toHaveAttribute("data-thread-id", second!);
  await expect(page.getByTestId("timeline-panel").locator(".timeline__thread")).toHaveText(second!);
  await page.keyboard.press("ArrowDown");
  await expect(list.locator('[aria-selected="true"]')).toHaveAttribute("data-thread-id", third!);
  await page.keyboard.press("ArrowUp");
  await expect(list.locator('[aria-selected="true"]')).toHaveAttribute("data-thread-id", second!);
  await page.keyboard.press("Home");
  await expect(list.locator('[aria-selected="true"]')).toHaveAttribute("data-thread-id", first!);
  await expect(page.getByTestId("timeline-panel").locator(".timeline__thread")).toHaveText(first!);
  // Enter goes on into the thread's timeline; there the same keys move the checkpoint.
  await expect(selectedRow(page)).toHaveCount(1);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("timeline-list")).toBeFocused();
  await page.keyboard.press("Home");
  await expect(selectedRow(page)).toHaveAttribute("data-source", "input");
  await page.keyboard.press("ArrowDown");
  await expect(selectedRow(page)).toHaveAttribute("data-step", "0");
  await page.keyboard.press("Enter");
  await expect(inspector(page).getByRole("tabpanel")).toBeFocused();
});

test("the State tab searches keys and values, and each value copies itself or its path", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openApp(page, app.url);
  await openThread(page, THREADS.done);
  const tree = page.getByTestId("state-tree");
  await expect(tree.locator('[data-path="mode"]')).toBeVisible();
  await page.getByLabel("Search the state").fill("KNOWLEDGE");
  await expect(page.getByTestId("state-search-count")).toHaveText("1 match");
  // The list opens down to the match; fields that lead to none are left out.
  await expect(tree.locator('[data-path="notes[2]"]')).toHaveClass(/json-row--hit/);
  await expect(tree.locator('[data-path="notes[2]"]')).toContainText("searched the knowledge base");
  await expect(tree.locator('[data-path="mode"]')).toHaveCount(0);
  await expect(tree.locator('[data-path="notes[0]"]')).toHaveCount(0);
  await sizedScreenshots(page, "state-search");

  await page.getByLabel("Search the state").fill("");
  await expect(tree.locator('[data-path="mode"]')).toBeVisible();
  const row = tree.locator('[data-path="notes[2]"]');
  await row.hover();
  await row.getByRole("button", { name: "Copy path" }).click();
  await expect.poll(() => page.evaluate<string>("navigator.clipboard.readText()")).toBe("notes[2]");
  const ticket = tree.locator('[data-path="ticket"]');
  await ticket.hover();
  await ticket.getByRole("button", { name: "Copy value" }).click();
  await expect.poll(() => page.evaluate<string>("navigator.clipboard.readText()")).toBe('"Where is my invoice?"');
});

test("shift-click on a timeline row compares with it and selects no page text", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREADS.done);
  await inspector(page).getByRole("tab", { name: /^Diff/ }).click();
  await page.getByTestId("timeline-list").locator('[data-step="-1"]').click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("diff")).toContainText("step -1");
  await page.getByTestId("timeline-list").locator('[data-step="1"]').click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("diff")).toContainText("step 1");
  expect(await page.evaluate<string>('window.getSelection()?.toString() ?? ""')).toBe("");
});
