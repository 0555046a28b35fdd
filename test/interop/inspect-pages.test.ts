/**
 * `inspect` pages through a long LangGraph thread (listCheckpointIds, then listCheckpointViewsByIds a page
 * at a time) instead of decoding it whole. What it prints must be what the whole read prints: the same
 * document, byte for byte, with --thread, --limit and every --values mode, on the LangGraph.js fixtures, the
 * Python scenario and a generated 640-checkpoint thread (several pages, so pages meet at parents).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { langGraphTemplate, writeLangGraphFile } from "../../bench/generate-big.ts";
import { inspectDatabase, type InspectOptions } from "../../core/interop/inspect.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { wholeReadsOnly } from "../support/whole-reads.ts";
import { copyFixture, fixtureNames, tempDir } from "./helpers.ts";
import { writeScenario } from "./python-scenario.ts";

let temp: { dir: string; cleanup: () => void };
const files: string[] = [];

beforeAll(async () => {
  temp = tempDir("chronograph-inspect-pages-");
  for (const name of fixtureNames()) files.push(copyFixture(name, temp.dir));
  const python = join(temp.dir, "python.sqlite");
  writeScenario(python);
  files.push(python);
  const long = join(temp.dir, "long.sqlite");
  writeLangGraphFile(long, await langGraphTemplate(2), { threads: 4, long: 640 });
  files.push(long);
}, 120_000);
afterAll(() => temp?.cleanup());

const OPTIONS: InspectOptions[] = [{}, { limit: 1 }, { limit: 150 }, { values: "changed" }, { values: "none", limit: 3 }, { threadId: "long-thread", values: "changed", limit: 250 }, { threadId: "py-review" }];

describe("inspect, page by page", () => {
  it.each(OPTIONS)("prints what the whole read prints (%j)", async (options) => {
    let checkpoints = 0;
    for (const file of files) {
      const source = await LangGraphSource.open(file);
      try {
        const paged = JSON.stringify(await inspectDatabase(source, options), null, 2);
        const whole = JSON.stringify(await inspectDatabase(wholeReadsOnly(source), options), null, 2);
        expect(paged, file).toBe(whole);
        checkpoints += (paged.match(/"checkpointId"/g) ?? []).length;
      } finally {
        await source.close();
      }
    }
    expect(checkpoints).toBeGreaterThan(0);
  }, 120_000);
});
