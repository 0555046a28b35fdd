/**
 * Fan-out and join. A release note goes out in several languages: `plan` sends one `translate` task per
 * language (Send: each task gets its own argument, all run in the same superstep), `collect` gathers
 * them, then `proofread` and `typeset` run in parallel and `release` waits for both (a join).
 *
 *   tsx examples/fan-out.ts [--db FILE]
 */
import { parseArgs } from "node:util";
import { StateGraph, START, END, Send, lastValue, append, type Checkpointer, type CompiledGraph } from "../core/index.ts";
import { isMain, openStore } from "./cli.ts";

export interface Translation {
  language: string;
  text: string;
}

export type TranslateState = {
  text: string;
  languages: string[];
  translations: Translation[];
  document: string;
  checks: string[];
  released: boolean;
};

/** What each translate task receives instead of the state. */
interface TranslationJob {
  language: string;
  text: string;
}

const PHRASEBOOK: Record<string, string> = {
  de: "Checkpoints machen lange Läufe sicher fortsetzbar.",
  es: "Los puntos de control permiten reanudar con seguridad las ejecuciones largas.",
  fr: "Les points de contrôle permettent de reprendre sans risque les longues exécutions.",
  it: "I checkpoint rendono sicura la ripresa delle esecuzioni lunghe.",
  ja: "チェックポイントにより、長い実行を安全に再開できます。",
};

export const RELEASE_NOTE = { text: "Checkpoints make long runs safe to resume.", languages: ["fr", "de", "ja", "es"] };

export function translateGraph(options: { checkpointer?: Checkpointer } = {}): CompiledGraph<TranslateState> {
  return new StateGraph<TranslateState>({
    name: "translate-release",
    channels: {
      text: lastValue(""),
      languages: lastValue<string[]>([]),
      translations: append<Translation>(),
      document: lastValue(""),
      checks: append<string>(),
      released: lastValue(false),
    },
  })
    .addNode("plan", (state) => ({ languages: state.languages.filter((language) => Object.hasOwn(PHRASEBOOK, language)) }))
    .addNode("translate", async (state) => {
      // A task made by Send receives the Send's argument in place of the state.
      const job = state as unknown as TranslationJob;
      // Languages take different times, so the tasks finish out of order; the writes still apply in task order.
      await new Promise((resolve) => setTimeout(resolve, 2 + (job.language.charCodeAt(0) % 5)));
      return { translations: [{ language: job.language, text: PHRASEBOOK[job.language] ?? job.text }] };
    })
    .addNode("collect", (state) => ({ document: [`en: ${state.text}`, ...state.translations.map((entry) => `${entry.language}: ${entry.text}`)].join("\n") }))
    .addNode("proofread", (state) => ({ checks: [`proofread ${state.translations.length} translations`] }))
    .addNode("typeset", (state) => ({ checks: [`typeset ${state.document.split("\n").length} lines`] }))
    .addNode("release", () => ({ released: true }))
    .addEdge(START, "plan")
    .addConditionalEdges("plan", (state) => state.languages.map((language) => Send("translate", { language, text: state.text })), ["translate"])
    .addEdge("translate", "collect")
    .addEdge("collect", "proofread")
    .addEdge("collect", "typeset")
    .addEdge(["proofread", "typeset"], "release")
    .addEdge("release", END)
    .compile({ checkpointer: options.checkpointer });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: "string" } } });
  const store = await openStore(values.db);
  try {
    const graph = translateGraph({ checkpointer: store });
    const result = await graph.invoke(RELEASE_NOTE, { threadId: "release-note" });
    console.log(`${result.document}\nchecks: ${result.checks.join("; ")}; released: ${result.released}`);
    const history = await graph.getStateHistory({ threadId: "release-note" });
    console.log("\nsupersteps, oldest first:");
    for (const snapshot of [...history].reverse()) {
      const tasks = snapshot.tasks.map((task) => (task.arg ? `${task.name}(${(task.arg as TranslationJob).language})` : task.name));
      console.log(`  step ${snapshot.metadata.step}: next [${tasks.join(", ")}]`);
    }
  } finally {
    await store.close();
  }
}

if (isMain(import.meta.url)) await main();
