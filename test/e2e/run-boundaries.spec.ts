/**
 * Crashes and resumes made visible, on the demo database: "research-crash-resume" was started by a child
 * process killed with SIGKILL after outline (run 1) and finished by a second invoke (run 2). The timeline
 * says where run 2 took over and where run 1 stopped, and each row says which run wrote it. On
 * "publish-resumed", the publish error that run 2 got past stays on its row, marked fixed.
 */
import { expect, test } from "./support/test.ts";
import { hostPerFile, openApp, openThread, rowAt, screenshots, timeline } from "./support/app.ts";

const app = hostPerFile(test, async () => ({}));

test("the timeline shows where a resumed run took over from a crashed one, and errors a later run fixed", async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, app.url);
  await openThread(page, "research-crash-resume");

  // Which run wrote each checkpoint: input, gather_sources and outline by run 1; draft and final_report by run 2.
  const runOf = async (step: number) => rowAt(page, step, step === -1 ? "input" : "loop").getAttribute("data-run");
  expect(await Promise.all([-1, 0, 1, 2, 3].map(runOf))).toEqual(["1", "1", "1", "2", "2"]);
  await expect(timeline(page).locator('[data-run="1"]')).toHaveCount(3);
  await expect(timeline(page).locator('[data-run="2"]')).toHaveCount(2);

  // One divider, right above run 2's first checkpoint (its row sits just below the divider).
  const divider = timeline(page).getByRole("separator");
  await expect(divider).toHaveCount(1);
  await expect(divider).toHaveAttribute("data-run-divider", "2");
  await expect(divider.getByTestId("run-started")).toHaveText("Run 2 resumed this thread");
  await expect(divider.getByTestId("run-previous")).toHaveText("Run 1 stopped without finishing after step 1");
  await expect(divider).toHaveAttribute("aria-label", "Run 2 resumed this thread; run 1 stopped without finishing after step 1.");
  const [line, below, above] = await Promise.all([divider.boundingBox(), rowAt(page, 2, "loop").boundingBox(), rowAt(page, 1, "loop").boundingBox()]);
  expect(Math.round(below!.y)).toBe(Math.round(line!.y + line!.height));
  expect(Math.round(line!.y)).toBe(Math.round(above!.y + above!.height));
  for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    await rowAt(page, 2, "loop").click();
    // Readable at this size: both halves of the divider fit, not cut off.
    for (const half of ["run-started", "run-previous"]) {
      expect(await divider.getByTestId(half).evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    }
    await screenshots(page, `run-boundaries-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // A failed step that the next run got past keeps its error, marked fixed, instead of a plain error mark.
  await openThread(page, "publish-resumed");
  const failed = rowAt(page, 0, "loop");
  await expect(failed.locator('[data-mark="error-fixed"]')).toHaveAttribute("title", "error in publish (fixed by run 2)");
  await expect(failed.locator('[data-mark="error-fixed"] .trow__mark-long')).toHaveText("error in publish (fixed by run 2)");
  await expect(failed.locator('[data-mark="error"]')).toHaveCount(0);
  await expect(timeline(page).getByRole("separator")).toHaveAccessibleName("Run 2 resumed this thread; run 1 failed in publish after step 0.");
  await page.setViewportSize({ width: 1024, height: 700 });
  await failed.click();
  // Narrow: the short form, whole.
  await expect(failed.locator('[data-mark="error-fixed"] .trow__mark-short')).toHaveText("fixed by run 2");
  await expect(failed.locator('[data-mark="error-fixed"] .trow__mark-short')).toBeVisible();
  await screenshots(page, "run-boundaries-fixed-error-1024");
  await page.setViewportSize({ width: 1440, height: 900 });

  // An error nothing got past stays a plain error.
  await openThread(page, "publish-cms-down");
  await expect(rowAt(page, 0, "loop").locator('[data-mark="error"]')).toContainText("publish");
  await expect(timeline(page).locator('[data-mark="error-fixed"]')).toHaveCount(0);
});
