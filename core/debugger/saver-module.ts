/**
 * ChronographSaver for the debugger's own writes to a file it wrote (edits, LangGraph.js runs). The saver
 * needs LangGraph.js's `@langchain/langgraph-checkpoint`, an optional peer dependency the debugger does not
 * load until then: the app's own copy of the saver (`chronograph/langgraph`, resolved from the app's
 * folder, with its own LangGraph) is preferred, this Chronograph's copy is the fallback, and when neither
 * loads the error says what to install, naming the file.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ChronographError } from "../api/errors.ts";

const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What the debugger uses of the saver module. */
export interface SaverModule {
  ChronographSaver: {
    open(path: string): {
      put(config: unknown, checkpoint: unknown, metadata: unknown, newVersions: Record<string, number>): Promise<unknown>;
      putWrites(config: unknown, writes: Array<[string, unknown]>, taskId: string): Promise<void>;
      getNextVersion(current: number | undefined): number;
      close(): Promise<void>;
    };
  };
}

/**
 * The saver module, from the project folder `folder` (the app's copy) or this Chronograph's own.
 * `warnings` gets a line when the app's copy is not found. Throws READ_ONLY naming `database` when
 * neither loads (LangGraph.js's checkpoint package is missing). `importOwn` loads this Chronograph's own
 * copy (a test's stand-in for a missing package).
 */
export async function loadSaverModule(folder: string, database: string, warnings: string[] = [], importOwn: () => Promise<unknown> = () => import("../langgraph-saver/index.ts")): Promise<SaverModule> {
  try {
    const path = createRequire(join(folder, "package.json")).resolve("chronograph/langgraph");
    // Inside this checkout the name resolves to its own (possibly stale) build: use the sources instead.
    if (!path.startsWith(PACKAGE_ROOT)) return (await import(pathToFileURL(path).href)) as SaverModule;
  } catch {
    warnings.push(`"chronograph/langgraph" is not installed in "${folder}"; using Chronograph's own ChronographSaver.`);
  }
  try {
    return (await importOwn()) as SaverModule;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ChronographError(
      "READ_ONLY",
      `"${database}" is written through ChronographSaver, which needs LangGraph.js's "@langchain/langgraph-checkpoint": install it in the app's folder (npm install @langchain/langgraph-checkpoint) or beside Chronograph (${reason}).`,
      { file: database },
    );
  }
}
