/**
 * LangGraph files of every shape the readers meet, for differential tests of the light reads: copies of the
 * LangGraph.js fixtures, the Python scenario, and a generated file with one long thread ("long-thread") of
 * `long` checkpoints beside a few short ones.
 */
import { join } from "node:path";
import { langGraphTemplate, writeLangGraphFile } from "../../bench/generate-big.ts";
import { copyFixture, fixtureNames } from "./helpers.ts";
import { writeScenario } from "./python-scenario.ts";

export async function langGraphSamples(dir: string, long: number): Promise<string[]> {
  const files = fixtureNames().map((name) => copyFixture(name, dir));
  const python = join(dir, "python.sqlite");
  writeScenario(python);
  const generated = join(dir, "long.sqlite");
  writeLangGraphFile(generated, await langGraphTemplate(2), { threads: 3, long });
  return [...files, python, generated];
}
