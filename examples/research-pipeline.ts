/**
 * The classic story: a four-stage research pipeline (gather sources, outline, draft, final report) on a
 * deterministic fake model. Kill the process after the second stage, start it again with the same thread
 * id, and only the last two stages run.
 *
 *   tsx examples/research-pipeline.ts --db research.db --thread t1 --crash-after outline
 *   tsx examples/research-pipeline.ts --db research.db --thread t1
 *
 * Options: --question TEXT, --side-effects FILE (each stage appends a line there, outside the database),
 * --delay MS (pretended model latency).
 */
import { appendFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { StateGraph, START, END, lastValue, append, isChronographError, type Checkpointer, type CompiledGraph } from "../core/index.ts";
import { hasThread, isMain, openStore } from "./cli.ts";
import { FakeModel, slug } from "./fake-model.ts";

export interface Source {
  id: string;
  title: string;
  url: string;
  snippet: string;
}

export interface Message {
  role: "user" | "assistant";
  /** The stage (or person) that wrote it. */
  name?: string;
  content: string;
}

// A type alias rather than an interface: a graph's state must be assignable to Record<string, unknown>.
export type ResearchState = {
  question: string;
  sources: Source[];
  outline: string[];
  draft: string;
  report: string;
  messages: Message[];
};

export const STAGES = ["gather_sources", "outline", "draft", "final_report"] as const;
export type Stage = (typeof STAGES)[number];

export const DEFAULT_QUESTION = "How do checkpointing graph engines recover from a crash without redoing work?";

export interface ResearchOptions {
  /** Where checkpoints go; without one the pipeline runs but cannot resume. */
  checkpointer?: Checkpointer;
  /** Default: a FakeModel with the default seed and no delay. */
  model?: FakeModel;
  /** Called when a stage has done its work, just before it returns its update. */
  onStage?(stage: Stage, summary: string): void;
}

/** The pipeline as a compiled graph: gather_sources -> outline -> draft -> final_report. */
export function researchPipeline(options: ResearchOptions = {}): CompiledGraph<ResearchState> {
  const model = options.model ?? new FakeModel();
  const finish = (stage: Stage, summary: string): Partial<ResearchState> => {
    options.onStage?.(stage, summary);
    return { messages: [{ role: "assistant", name: stage, content: summary }] };
  };
  return new StateGraph<ResearchState>({
    name: "research-pipeline",
    channels: { question: lastValue(""), sources: lastValue<Source[]>([]), outline: lastValue<string[]>([]), draft: lastValue(""), report: lastValue(""), messages: append<Message>() },
  })
    .addNode("gather_sources", async (state) => {
      const sources = await gatherSources(model, state.question);
      return { sources, ...finish("gather_sources", `Found ${sources.length} sources: ${sources.map((source) => source.title).join("; ")}.`) };
    })
    .addNode("outline", async (state) => {
      const outline = await model.headings(`${state.question}|${state.sources.map((source) => source.id).join(",")}`, 4);
      return { outline, ...finish("outline", `Outlined ${outline.length} sections: ${outline.join(" / ")}.`) };
    })
    .addNode("draft", async (state) => {
      const draft = await writeDraft(model, state);
      return { draft, ...finish("draft", `Drafted ${state.outline.length} sections (${draft.split(/\s+/).length} words).`) };
    })
    .addNode("final_report", async (state) => {
      const report = await writeReport(model, state);
      return { report, ...finish("final_report", `Wrote the final report (${report.split("\n").length} lines, ${state.sources.length} references).`) };
    })
    .addEdge(START, "gather_sources")
    .addEdge("gather_sources", "outline")
    .addEdge("outline", "draft")
    .addEdge("draft", "final_report")
    .addEdge("final_report", END)
    .compile({ checkpointer: options.checkpointer });
}

async function gatherSources(model: FakeModel, question: string): Promise<Source[]> {
  const sources: Source[] = [];
  for (let index = 1; index <= 4; index += 1) {
    const { title, site } = await model.cite(`${question}|source ${index}`);
    const snippet = await model.write(`${question}|snippet ${index}`, 1);
    sources.push({ id: `S${index}`, title: `${title} (${site})`, url: `https://example.org/${slug(site)}/${slug(title)}`, snippet });
  }
  return sources;
}

async function writeDraft(model: FakeModel, state: ResearchState): Promise<string> {
  const sections: string[] = [];
  for (const [index, heading] of state.outline.entries()) {
    const cited = state.sources[index % Math.max(1, state.sources.length)];
    const body = await model.write(`${state.question}|${heading}`, 3);
    sections.push(`## ${heading}\n\n${body}${cited ? ` [${cited.id}]` : ""}`);
  }
  return sections.join("\n\n");
}

async function writeReport(model: FakeModel, state: ResearchState): Promise<string> {
  const summary = await model.write(`${state.question}|summary`, 2);
  const references = state.sources.map((source) => `- [${source.id}] ${source.title}: ${source.url}`).join("\n");
  return `# ${state.question}\n\n**Summary.** ${summary}\n\n${state.draft}\n\n## Sources\n\n${references}`;
}

export interface ResearchRun {
  store: Checkpointer;
  threadId: string;
  /** Used only when the thread is new. */
  question?: string;
  model?: FakeModel;
  /** Kill this process with SIGKILL as soon as this stage's checkpoint is written. */
  crashAfter?: Stage;
  /** Stop the run (an AbortSignal) while this stage runs: its checkpoint is the last; the thread stays pending. */
  stopAfter?: Stage;
  /** A file outside the database where each stage appends `<stage> pid=<pid>` when it ran. */
  sideEffects?: string;
  /** Where progress lines go. Default console.log. */
  log?(line: string): void;
}

/**
 * Start the thread, or resume it from its newest checkpoint when it already exists. Resolves to the
 * stages this process ran and the state it ended with.
 */
export async function runResearch(run: ResearchRun): Promise<{ ran: Stage[]; state: ResearchState }> {
  const log = run.log ?? ((line: string) => console.log(line));
  const ran: Stage[] = [];
  const controller = new AbortController();
  const graph = researchPipeline({
    checkpointer: run.store,
    model: run.model,
    onStage(stage, summary) {
      ran.push(stage);
      if (run.sideEffects) appendFileSync(run.sideEffects, `${stage} pid=${process.pid}\n`);
      log(`[pid ${process.pid}] ran ${stage}: ${summary}`);
      // Stopping while the stage runs: its checkpoint is still written, and no later superstep starts.
      // (Stopping on its "updates" event instead would be late: the run does not wait for the reader.)
      if (stage === run.stopAfter) {
        log(`[pid ${process.pid}] stop requested while ${stage} finishes`);
        controller.abort();
      }
    },
  });
  const resumed = await hasThread(run.store, run.threadId);
  if (resumed) {
    const head = await graph.getState({ threadId: run.threadId });
    log(`[pid ${process.pid}] resuming thread "${run.threadId}" after step ${head.metadata.step} (next: ${head.next.join(", ") || "nothing, it is done"})`);
  } else {
    log(`[pid ${process.pid}] starting thread "${run.threadId}"`);
  }
  const question = run.question ?? DEFAULT_QUESTION;
  const input = resumed ? null : { question, messages: [{ role: "user" as const, name: "user", content: question }] };
  try {
    for await (const event of graph.stream(input, { threadId: run.threadId, signal: controller.signal })) {
      if (event.type !== "updates") continue;
      // "updates" comes right after the step's checkpoint is stored, and before the next stage can have
      // done anything: every stage starts with a model call, which waits for a timer.
      if (run.crashAfter && run.crashAfter in event.updates) {
        log(`[pid ${process.pid}] checkpoint of ${run.crashAfter} written (step ${event.step}); killing this process with SIGKILL`);
        process.kill(process.pid, "SIGKILL");
      }
    }
  } catch (error) {
    if (!isChronographError(error, "RUN_ABORTED")) throw error;
    log(`[pid ${process.pid}] stopped: ${error.message}`);
  }
  log(`[pid ${process.pid}] stages run by this process: ${ran.join(", ") || "none"}`);
  return { ran, state: (await graph.getState({ threadId: run.threadId })).values };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: "string" },
      thread: { type: "string", default: "research-1" },
      question: { type: "string" },
      "crash-after": { type: "string" },
      "side-effects": { type: "string" },
      delay: { type: "string", default: "5" },
    },
  });
  const crashAfter = values["crash-after"];
  if (crashAfter !== undefined && !(STAGES as readonly string[]).slice(0, -1).includes(crashAfter)) {
    throw new Error(`--crash-after takes a stage that has a stage after it: ${STAGES.slice(0, -1).join(", ")} (got "${crashAfter}").`);
  }
  if (!values.db) console.log("(no --db given: using an in-memory store, so a second run cannot resume)");
  const store = await openStore(values.db);
  try {
    const { state } = await runResearch({
      store,
      threadId: values.thread,
      question: values.question,
      model: new FakeModel({ delayMs: Number(values.delay) }),
      crashAfter: crashAfter as Stage | undefined,
      sideEffects: values["side-effects"],
    });
    console.log(`\n${state.report.split("\n").slice(0, 5).join("\n")}\n...`);
  } finally {
    await store.close();
  }
}

if (isMain(import.meta.url)) await main();
