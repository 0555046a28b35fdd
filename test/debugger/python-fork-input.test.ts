/**
 * `chronograph fork --input JSON` on a Python LangGraph file cannot run the user's Python nodes: the
 * failure carries the snippet to run on their side, and that snippet must start again with the input
 * given (from the named checkpoint), not with None.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PythonElsewhere, runFromCommand } from "../../core/debugger/command-runs.ts";
import { writeScenario } from "../interop/python-scenario.ts";

const dir = mkdtempSync(join(tmpdir(), "chronograph-python-fork-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fork --input on a Python LangGraph file", () => {
  it("fails with the Python to run, streaming the new input from the checkpoint", async () => {
    const database = join(dir, "python.sqlite");
    writeScenario(database);
    const failure = await runFromCommand({ database, mode: "fork", threadId: "py-review", checkpointId: "cp-1", input: { topic: "tides", facts: ["a"] }, cwd: dir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PythonElsewhere);
    const snippet = (failure as PythonElsewhere).snippet;
    expect(snippet).toContain('"checkpoint_id": "cp-1"');
    expect(snippet).toContain('graph.stream({\n    "topic": "tides",\n    "facts": [\n        "a",\n    ],\n}, config, stream_mode="updates")');
    expect(snippet).not.toContain("stream(None");
  });
});
