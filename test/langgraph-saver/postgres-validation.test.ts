/**
 * LangGraph's own checkpointer conformance suite (@langchain/langgraph-checkpoint-validation) run
 * against ChronographSaver on a real PostgreSQL server (the test server of test/support/postgres.ts),
 * each checkpointer in a fresh schema dropped afterwards, plus its opt-in getDeltaChannelHistory scenarios.
 */
import type { CheckpointSaverTestInitializer } from "@langchain/langgraph-checkpoint-validation";
import * as vitest from "vitest";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";
import { dropSchema, freshSchema, postgresUrl } from "../postgres/server.ts";

// The suite calls describe/it/expect as globals (Jest style); our vitest config does not enable them,
// so lend them to it before it loads.
Object.assign(globalThis, { describe: vitest.describe, it: vitest.it, expect: vitest.expect, beforeAll: vitest.beforeAll, afterAll: vitest.afterAll, beforeEach: vitest.beforeEach, afterEach: vitest.afterEach });
const { deltaChannelHistoryTests, validate } = await import("@langchain/langgraph-checkpoint-validation");

const schemas = new Map<ChronographSaver, string>();

const initializer: CheckpointSaverTestInitializer<ChronographSaver> = {
  checkpointerName: "chronograph/langgraph ChronographSaver on PostgreSQL",
  createCheckpointer() {
    const schema = freshSchema("saver_validation");
    const saver = ChronographSaver.open({ url: postgresUrl(), schema });
    schemas.set(saver, schema);
    return saver;
  },
  async destroyCheckpointer(checkpointer) {
    await checkpointer.close();
    await dropSchema(schemas.get(checkpointer)!);
    schemas.delete(checkpointer);
  },
};

validate(initializer);
deltaChannelHistoryTests(initializer);
