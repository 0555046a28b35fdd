/**
 * LangGraph's own checkpointer conformance suite (@langchain/langgraph-checkpoint-validation) run
 * against ChronographSaver on a fresh SQLite file per checkpointer, plus its opt-in
 * getDeltaChannelHistory scenarios.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CheckpointSaverTestInitializer } from "@langchain/langgraph-checkpoint-validation";
import * as vitest from "vitest";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";

// The suite calls describe/it/expect as globals (Jest style); our vitest config does not enable them,
// so lend them to it before it loads.
Object.assign(globalThis, { describe: vitest.describe, it: vitest.it, expect: vitest.expect, beforeAll: vitest.beforeAll, afterAll: vitest.afterAll, beforeEach: vitest.beforeEach, afterEach: vitest.afterEach });
const { deltaChannelHistoryTests, validate } = await import("@langchain/langgraph-checkpoint-validation");

const folder = mkdtempSync(join(tmpdir(), "chronograph-saver-validation-"));
let count = 0;

const initializer: CheckpointSaverTestInitializer<ChronographSaver> = {
  checkpointerName: "chronograph/langgraph ChronographSaver",
  createCheckpointer() {
    count += 1;
    return ChronographSaver.open(join(folder, `validation-${count}.db`));
  },
  async destroyCheckpointer(checkpointer) {
    await checkpointer.close();
  },
  afterAll() {
    rmSync(folder, { recursive: true, force: true });
  },
};

validate(initializer);
deltaChannelHistoryTests(initializer);
