/** The app's layout: each column and the panel in it are found by test ids of their own. */
import { join } from "node:path";
import { supportGraph } from "./fixtures/support-graph.ts";
import { hostPerFile, openApp, openThread } from "./support/app.ts";
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
