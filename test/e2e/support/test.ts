/**
 * The specs' `test`: Playwright's, with a page that fails the test on any script error or console error
 * (a CSP violation, a React warning, an unhandled rejection), so problems nobody asserted on still show.
 */
import { test as base, expect } from "@playwright/test";

export const test = base.extend({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    await use(page);
    expect(problems, "the page logged errors").toEqual([]);
  },
});

export { expect };
