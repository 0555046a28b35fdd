/**
 * The debugger writes a ChronographSaver file through the saver, which needs LangGraph.js's
 * "@langchain/langgraph-checkpoint". When the app's folder has no "chronograph/langgraph" and this
 * Chronograph's own copy cannot load that package, the edit fails with one line that names the file and
 * says what to install.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ChronographError } from "../../core/api/errors.ts";
import { loadSaverModule } from "../../core/debugger/saver-module.ts";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("loading ChronographSaver for the debugger's writes", () => {
  it("says what to install, naming the file, when @langchain/langgraph-checkpoint cannot be loaded", async () => {
    const folder = mkdtempSync(join(tmpdir(), "chronograph-saver-module-"));
    folders.push(folder);
    const database = join(folder, "runs.db");
    const warnings: string[] = [];
    const missing = () => Promise.reject(new Error(`Cannot find package '@langchain/langgraph-checkpoint' imported from ${folder}/saver.ts\nRequire stack: ...`));
    const error = await loadSaverModule(folder, database, warnings, missing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChronographError);
    expect((error as ChronographError).code).toBe("READ_ONLY");
    const message = (error as ChronographError).message;
    expect(message).not.toContain("\n");
    expect(message).toContain(`"${database}"`);
    expect(message).toContain("npm install @langchain/langgraph-checkpoint");
    expect(message).toContain("Cannot find package '@langchain/langgraph-checkpoint'");
    expect(warnings).toEqual([`"chronograph/langgraph" is not installed in "${folder}"; using Chronograph's own ChronographSaver.`]);
  });

  it("loads Chronograph's own ChronographSaver when the app has none and the package is there", async () => {
    const folder = mkdtempSync(join(tmpdir(), "chronograph-saver-module-"));
    folders.push(folder);
    const module = await loadSaverModule(folder, join(folder, "runs.db"));
    const saver = module.ChronographSaver.open(join(folder, "runs.db"));
    expect(saver.getNextVersion(undefined)).toBeGreaterThan(0);
    await saver.close();
  });
});
