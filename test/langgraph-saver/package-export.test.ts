/**
 * The package as a LangGraph.js app installs it: the library built (scripts/build-lib.mjs, what npm pack's
 * prepack runs), `npm pack`, the tarball unpacked into a new project's node_modules, and the package's
 * dependencies linked from this checkout's node_modules (no registry). Then plain node, without tsx,
 * imports `chronograph/langgraph` and `chronograph` from JavaScript and runs a LangGraph.js graph on
 * ChronographSaver; TypeScript checks an app against the .d.ts; and the installed `chronograph` command
 * reads the file the app wrote.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = resolve(".");
const project = mkdtempSync(join(tmpdir(), "chronograph-installed-"));
const installed = join(project, "node_modules", "chronograph");
const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
/** What the app itself depends on besides chronograph. */
const APP_PACKAGES = ["@langchain/langgraph", "@langchain/core", "typescript"];

/** Plain node: no tsx loader inherited from the test runner. */
function node(args: string[], cwd = project): string {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const result = spawnSync(process.execPath, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  node([join(REPO, "scripts", "build-lib.mjs")], REPO);
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", project], { cwd: REPO, encoding: "utf8" })) as Array<{ filename: string }>;
  mkdirSync(join(project, "node_modules", "@langchain"), { recursive: true });
  execFileSync("tar", ["-xzf", join(project, packed!.filename), "-C", join(project, "node_modules")]);
  renameSync(join(project, "node_modules", "package"), installed);
  for (const name of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies), ...APP_PACKAGES]) {
    mkdirSync(dirname(join(project, "node_modules", name)), { recursive: true });
    symlinkSync(join(REPO, "node_modules", name), join(project, "node_modules", name), "dir");
  }
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "an-app", type: "module", private: true }));
}, 300_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the installed package", () => {
  it("runs a LangGraph.js graph on chronograph/langgraph from plain node, and exports the engine", () => {
    writeFileSync(
      join(project, "app.mjs"),
      `import { ChronographSaver } from "chronograph/langgraph";
import { StateGraph } from "chronograph";
import { Annotation, END, START, StateGraph as LangGraph } from "@langchain/langgraph";
const checkpointer = ChronographSaver.open("runs.db");
const State = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const app = new LangGraph(State).addNode("greet", () => ({ log: ["hello"] })).addEdge(START, "greet").addEdge("greet", END).compile({ checkpointer });
await app.invoke({ log: ["start"] }, { configurable: { thread_id: "t1" } });
const state = await app.getState({ configurable: { thread_id: "t1" } });
await checkpointer.close();
console.log(JSON.stringify({ log: state.values.log, engine: typeof StateGraph, from: import.meta.resolve("chronograph/langgraph") }));
`,
    );
    const out = JSON.parse(node(["app.mjs"])) as { log: string[]; engine: string; from: string };
    expect(out.log).toEqual(["start", "hello"]);
    expect(out.engine).toBe("function");
    expect(out.from).toMatch(/node_modules\/chronograph\/out\/lib\/core\/langgraph-saver\/index\.js$/);
  });

  it("type-checks an app against its declarations", () => {
    writeFileSync(
      join(project, "app.ts"),
      `import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { ChronographSaver, SAVER_SCHEMA_VERSION } from "chronograph/langgraph";
const saver: BaseCheckpointSaver = ChronographSaver.open({ path: "runs.db", busyTimeoutMs: 100 });
const version: number = SAVER_SCHEMA_VERSION;
// @ts-expect-error the options name the file as \`path\`
ChronographSaver.open({ file: "runs.db" });
export { saver, version };
`,
    );
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2023", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["app.ts"] }));
    const tsc = spawnSync(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", project], { cwd: project, encoding: "utf8", timeout: 120_000 });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("reads the app's file with the installed chronograph command", () => {
    const inspected = JSON.parse(node([join(installed, "bin", "chronograph.js"), "inspect", "runs.db", "--json"])) as { kind: string; threads: Array<{ threadId: string; checkpoints: Array<{ values: Record<string, unknown> }> }> };
    expect(inspected.kind).toBe("chronograph-saver");
    expect(inspected.threads.map((thread) => thread.threadId)).toEqual(["t1"]);
    expect(inspected.threads[0]!.checkpoints[0]!.values).toEqual({ log: ["start", "hello"] });
  });
});
