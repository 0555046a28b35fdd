/**
 * A host per spec file on a generated LangGraph.js file (3,000 finished threads, 20 left waiting at an
 * interrupt, test/interop/status-mixed-file.ts) whose status warm-up is held after its first slices
 * (CHRONOGRAPH_STATUS_WARMUP_GATE, a file that exists while it waits) until `release()` removes that file:
 * what the status filter stories show a partial answer with.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestType } from "@playwright/test";
import { writeMixedStatusFile } from "../../interop/status-mixed-file.ts";
import { hostPerFile } from "./app.ts";

const GATE = "warmup-gate";

/** `holder` names the spec in the gate file, for whoever finds one left behind. */
export function heldWarmupHost(test: TestType<object, object>, holder: string) {
  const app = hostPerFile(test, async (dir) => {
    const file = join(dir, "mixed.sqlite");
    await writeMixedStatusFile(file, { generated: 3_000, tickets: 20 });
    const gate = join(dir, GATE);
    writeFileSync(gate, `held by ${holder}\n`);
    return { file, env: { CHRONOGRAPH_STATUS_WARMUP_GATE: gate } };
  });
  return { app, file: () => join(app.dir, "mixed.sqlite"), release: () => rmSync(join(app.dir, GATE)) };
}
