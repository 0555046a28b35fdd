/**
 * Branch compare, side by side (issue 11), on the demo's forked thread: "Compare…" in the timeline
 * (reached with the keyboard) opens both histories aligned step by step from their common ancestor, with
 * as many rows as the backend aligns, the first divergent step highlighted, scrolled to and its state diff
 * open; shift-click picks a checkpoint to compare without selecting page text. Expectations come from the
 * backend's compareBranches on the same file.
 */
import { join } from "node:path";
import type { Page } from "@playwright/test";
import type { BranchComparison, CheckpointEntry } from "../../core/api/types.ts";
import { expect, test } from "./support/test.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";
import { hostPerFile, openApp, openThread, selectedRow, timeline } from "./support/app.ts";
import { backendOn, demoCopy } from "./support/demo-copy.ts";
import { END, lastValue, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

const THREAD = "research-fork";
const app = hostPerFile(test, demoCopy);
const view = (page: Page) => page.getByTestId("compare-view");
const rows = (page: Page) => view(page).getByTestId("compare-row");

/** The thread's branch heads (checkpoints without a child): the original run and the edited branch. */
async function heads(): Promise<{ original: CheckpointEntry; edited: CheckpointEntry; expected: BranchComparison; timeline: CheckpointEntry[] }> {
  const backend = await backendOn(join(app.dir, "demo.db"), app.dir);
  try {
    const history = await backend.getTimeline({ threadId: THREAD });
    const byId = new Map(history.map((entry) => [entry.checkpointId, entry]));
    const chain = (entry: CheckpointEntry) => {
      const out: CheckpointEntry[] = [];
      for (let at: CheckpointEntry | undefined = entry; at; at = at.parentId ? byId.get(at.parentId) : undefined) out.push(at);
      return out;
    };
    const leaves = history.filter((entry) => !history.some((child) => child.parentId === entry.checkpointId));
    const original = leaves.find((leaf) => chain(leaf).every((entry) => entry.source === "input" || entry.source === "loop"))!;
    const edited = leaves.find((leaf) => chain(leaf).some((entry) => entry.source === "update"))!;
    const expected = await backend.compareBranches({ threadId: THREAD, left: original.checkpointId, right: edited.checkpointId });
    return { original, edited, expected, timeline: history };
  } finally {
    await backend.close();
  }
}

test("compare of two branches aligns as many rows as the database has and highlights the first divergent step", async ({ page }) => {
  test.setTimeout(90_000);
  const { original, edited, expected } = await heads();
  expect(expected.firstDivergent).not.toBeNull();
  await openApp(page, app.url);
  await page.getByTestId("trust-dialog").getByRole("button", { name: "Stay read-only" }).click();
  await openThread(page, THREAD);

  // Keyboard: Tab to "Compare…" and press Enter.
  const open = page.getByTestId("compare-open");
  await open.focus();
  await page.keyboard.press("Enter");
  await expect(view(page)).toBeVisible();
  await view(page).getByTestId("compare-left").selectOption(original.checkpointId);
  await view(page).getByTestId("compare-right").selectOption(edited.checkpointId);

  await expect(rows(page)).toHaveCount(expected.totalRows);
  await expect(view(page).getByTestId("compare-total")).toHaveText(`${expected.totalRows} aligned ${expected.totalRows === 1 ? "step" : "steps"}`);
  for (const row of expected.rows) {
    const shown = rows(page).nth(row.index);
    await expect(shown).toHaveAttribute("data-divergent", String(row.divergent));
    for (const side of ["left", "right"] as const) {
      const entry = row[side];
      if (entry) await expect(shown.locator(`[data-side="${side}"]`)).toHaveAttribute("data-checkpoint-id", entry.checkpointId);
      else await expect(shown.locator(`[data-side="${side}"]`)).toHaveText("— not on this branch");
    }
  }

  // The first divergent step: marked, named in the summary, in view, its diff open with every change.
  const first = expected.rows[expected.firstDivergent!]!;
  const firstRow = view(page).locator("[data-first-divergent]");
  await expect(firstRow).toHaveCount(1);
  await expect(firstRow).toHaveAttribute("data-index", String(expected.firstDivergent));
  await expect(view(page).getByTestId("compare-first")).toHaveText(`first divergence: row ${expected.firstDivergent! + 1}, step ${(first.left ?? first.right)!.step}`);
  await expect(firstRow).toBeInViewport();
  // The first state diff from the divergence on is open (the divergent row may be an edit on one side only).
  const withDiff = expected.rows.find((row) => row.index >= expected.firstDivergent! && row.left && row.right && row.changes.length > 0)!;
  const diffRow = rows(page).nth(withDiff.index);
  // The diff tree of the Diff tab: one leaf per change (groups hold them), whole values.
  await expect(diffRow.getByTestId("compare-row-diff").getByTestId("diff-leaf")).toHaveCount(withDiff.changes.length);
  await expect(view(page).getByTestId("compare-row-diff")).toHaveCount(1);
  await sizedScreenshots(page, "compare");

  // Collapse it again; Escape closes the view.
  await diffRow.getByRole("button", { name: `Step diff of row ${withDiff.index + 1}` }).click();
  await expect(diffRow.getByTestId("compare-row-diff")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(view(page)).toHaveCount(0);
  await expect(open).toBeFocused();
});

test("shift-click picks a checkpoint to compare without selecting page text, and Compare… opens on it", async ({ page }) => {
  const { original, edited } = await heads();
  await openApp(page, app.url);
  await page.getByTestId("trust-dialog").getByRole("button", { name: "Stay read-only" }).click();
  await openThread(page, THREAD);
  await timeline(page).locator(`[data-checkpoint-id="${edited.checkpointId}"]`).click();
  await expect(selectedRow(page)).toHaveAttribute("data-checkpoint-id", edited.checkpointId);
  await timeline(page).locator(`[data-checkpoint-id="${original.checkpointId}"]`).click({ modifiers: ["Shift"] });
  expect(await page.evaluate<string>("String(window.getSelection() ?? \"\")")).toBe("");
  await page.getByTestId("compare-open").click();
  await expect(view(page).getByTestId("compare-left")).toHaveValue(original.checkpointId);
  await expect(view(page).getByTestId("compare-right")).toHaveValue(edited.checkpointId);
  // A side's id opens that checkpoint in the timeline and closes the compare.
  await rows(page).last().locator('[data-side="right"]').getByRole("button").click();
  await expect(view(page)).toHaveCount(0);
  await expect(selectedRow(page)).toHaveAttribute("data-checkpoint-id", edited.checkpointId);
});

test.describe("long branches", () => {
  const TICKS = 140;
  const long = hostPerFile(test, async (dir) => {
    // A counter that loops TICKS times; an edit at step 5 (a note, as tick) forks a branch that runs the rest again.
    const file = join(dir, "long.db");
    const saver = SqliteSaver.open(file);
    try {
      const graph = new StateGraph({ name: "ticker", channels: { count: lastValue(0), note: lastValue("") } })
        .addNode("tick", (state) => ({ count: (state.count as number) + 1 }))
        .addEdge(START, "tick")
        .addConditionalEdges("tick", (state) => ((state.count as number) < TICKS ? "tick" : END), ["tick", END])
        .compile({ checkpointer: saver });
      await graph.invoke({ count: 0 }, { threadId: "long", recursionLimit: TICKS + 10 });
      const history = await graph.getStateHistory({ threadId: "long" });
      const at = history.find((snapshot) => snapshot.values.count === 5)!;
      const edited = await graph.updateState(at.config, { note: "edited" }, { asNode: "tick" });
      await graph.invoke(null, { threadId: "long", checkpointId: edited.checkpointId, recursionLimit: TICKS + 10 });
    } finally {
      await saver.close();
    }
    return { file };
  });

  test("a compare longer than a page loads the rest with Load more, rows matching the database", async ({ page }) => {
    const backend = await backendOn(join(long.dir, "long.db"), long.dir);
    const history = await backend.getTimeline({ threadId: "long" });
    const leaves = history.filter((entry) => !history.some((child) => child.parentId === entry.checkpointId));
    const byTime = [...leaves].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
    const all = await backend.compareBranches({ threadId: "long", left: byTime[0]!.checkpointId, right: byTime[1]!.checkpointId, limit: 500 });
    await backend.close();
    expect(all.totalRows).toBeGreaterThan(100);

    await openApp(page, long.url);
    await openThread(page, "long");
    await page.getByTestId("compare-open").click();
    await view(page).getByTestId("compare-left").selectOption(byTime[0]!.checkpointId);
    await view(page).getByTestId("compare-right").selectOption(byTime[1]!.checkpointId);
    await expect(rows(page)).toHaveCount(100);
    await expect(view(page).getByTestId("compare-shown")).toHaveText(`showing 100 of ${all.totalRows}`);
    await view(page).getByRole("button", { name: "Load more" }).click();
    await expect(rows(page)).toHaveCount(all.totalRows);
    await expect(view(page).getByRole("button", { name: "Load more" })).toHaveCount(0);
    // The last row as the database aligns it.
    const last = all.rows.at(-1)!;
    for (const side of ["left", "right"] as const) {
      if (last[side]) await expect(rows(page).last().locator(`[data-side="${side}"]`)).toHaveAttribute("data-checkpoint-id", last[side].checkpointId);
    }
    await expect(view(page).locator("[data-first-divergent]")).toHaveAttribute("data-index", String(all.firstDivergent));
  });
});
