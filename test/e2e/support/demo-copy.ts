/**
 * The demo database, written fresh by the examples' own script into a test's temporary folder (never the
 * repository's examples/demo.db), beside a config naming the demo graphs through a module in that folder,
 * so trusting the folder makes Replay, Fork and Resume work as on the built-in demo. Also the debugger
 * backend itself, opened on that file, for a spec to compute what the screen should say.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { createDebuggerService, type DebuggerService } from "../../../core/debugger/service.ts";
import { writeDemoDatabase } from "../../../examples/demo-db.ts";
import { REPO } from "./host.ts";

const GRAPHS = { "research-pipeline": "research", "refund-approval": "approval", "translate-release": "translate", "publish-report": "publish" };

/** demo.db in `dir`, with chronograph.config.json and graphs.mts re-exporting examples/graphs.ts. */
export async function demoCopy(dir: string): Promise<{ file: string }> {
  const file = join(dir, "demo.db");
  await writeDemoDatabase(file, () => {});
  writeFileSync(join(dir, "graphs.mts"), `export { research, approval, translate, publish } from ${JSON.stringify(join(REPO, "examples/graphs.ts"))};\n`);
  const graphs = Object.fromEntries(Object.entries(GRAPHS).map(([name, exportName]) => [name, { module: "./graphs.mts", export: exportName }]));
  writeFileSync(join(dir, "chronograph.config.json"), JSON.stringify({ graphs }));
  return { file };
}

/**
 * Answers the workspace-trust question for the demo copy's folder with "trust", the first time a page of
 * this host asks (the host remembers the answer; a new host, after a failed test, asks again).
 */
export function demoTrust(): (page: Page) => Promise<void> {
  let trusted = false;
  return async (page) => {
    if (trusted) return;
    const dialog = page.getByTestId("trust-dialog");
    await dialog.getByRole("button", { name: "Trust this folder and load" }).click();
    // Trusting loads the graph code in a graph host before the dialog closes: seconds on a busy machine.
    await expect(dialog).toHaveCount(0, { timeout: 60_000 });
    trusted = true;
  };
}

/** The backend on `file` (read-only until asked to run), as the app's host serves it. Close it after. */
export async function backendOn(file: string, dir: string): Promise<DebuggerService> {
  const service = createDebuggerService({ configDir: join(dir, "backend-config"), pollIntervalMs: 60_000 });
  await service.openDatabase({ path: file });
  return service;
}
