/**
 * A LangGraph.js project as its user has it: a folder inside one of the fixture projects
 * (test/fixtures/langgraph-projects/esm or cjs, whose package.json makes it the project root), holding a
 * copy of a LangGraph.js database and a langgraph.json naming the project's graph modules. The app is
 * started on the copy; opening it asks whether to trust the folder. The folder is removed afterwards.
 */
import type { Page, TestType } from "@playwright/test";
import { copyFileSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startHost, REPO, type Host } from "./host.ts";

export interface ProjectSetup {
  /** The fixture project the folder goes in. */
  project: "esm" | "cjs";
  /** A database under test/fixtures/langgraph-js, copied in. */
  database: string;
  /** langgraph.json's "graphs": name → "./module.ts:export", relative to the folder. */
  graphs: Record<string, string>;
}

export function projectHost(test: TestType<object, object>, setup: ProjectSetup): { readonly url: string; readonly file: string; readonly host: Host } {
  let host: Host | null = null;
  let folder: string | null = null;
  test.beforeAll(async () => {
    folder = realpathSync(mkdtempSync(join(REPO, "test", "fixtures", "langgraph-projects", setup.project, ".tmp-e2e-")));
    copyFileSync(join(REPO, "test", "fixtures", "langgraph-js", setup.database), join(folder, setup.database));
    writeFileSync(join(folder, "langgraph.json"), JSON.stringify({ graphs: setup.graphs }));
    host = await startHost(join(folder, setup.database));
  });
  test.afterAll(async () => {
    await host?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  return {
    get url() {
      return host!.url;
    },
    get file() {
      return join(folder!, setup.database);
    },
    get host() {
      return host!;
    },
  };
}

/** Fit the graph to its panel again (after the window was resized), as the user's "fit view" button does. */
export async function fitGraph(page: Page): Promise<void> {
  await page.getByTestId("graph-panel").locator(".react-flow__controls-fitview").click();
}
