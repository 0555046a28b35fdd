/**
 * The resume form with an interrupt that declares its answers (`options`): it starts empty, offers each
 * declared answer, and the one picked is what the run resumes with (read back from the database).
 */
import { expect, test } from "./support/test.ts";
import { sizedScreenshots } from "./support/sized-screenshots.ts";
import { join } from "node:path";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { hostPerFile, openApp, openThread, tab } from "./support/app.ts";
import { REPO } from "./support/host.ts";
import { refundGraph } from "./fixtures/refund-options-module.ts";

const THREAD = "refund-77";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "refund.db");
  const saver = SqliteSaver.open(file);
  try {
    await refundGraph(saver).invoke({ amount: 77 }, { threadId: THREAD });
  } finally {
    await saver.close();
  }
  return { file, graph: join(REPO, "test/e2e/fixtures/refund-options-module.ts") };
});

test("offers the answers the interrupt declares, and resumes with the one picked", async ({ page }) => {
  await openApp(page, app.url);
  await openThread(page, THREAD);
  await tab(page, "Resume").click();
  await expect(page.getByTestId("resume-payload")).toContainText("Refund $77?");
  await expect(page.getByTestId("resume-editor").locator(".cm-content")).toHaveText("");
  const example = page.getByTestId("resume-example");
  await expect(example).toContainText("Expected answer, one of");
  await expect(example.getByRole("button")).toHaveText(['{"approved":true}', '{"approved":false}']);
  await example.getByRole("button", { name: '{"approved":false}' }).click();
  await expect(page.getByTestId("resume-editor").locator(".cm-content")).toHaveText('{"approved":false}');
  await sizedScreenshots(page, "resume-options");
  await page.getByRole("button", { name: "Resume", exact: true }).click();
  await expect(page.getByTestId("run-bar")).toHaveAttribute("data-run-status", "finished", { timeout: 15_000 });

  const saver = SqliteSaver.open(join(app.dir, "refund.db"));
  try {
    const [done] = await refundGraph(saver).getStateHistory({ threadId: THREAD });
    expect(done!.values).toMatchObject({ approved: false, outcome: "declined" });
    expect(done!.next).toEqual([]);
  } finally {
    await saver.close();
  }
});
