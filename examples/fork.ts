/**
 * Forking from a past step. Run the research pipeline, then go back in its history twice:
 *  - edit the outline as if the outline stage had written it (updateState with asNode) and run on from
 *    there: draft and report follow the edited outline;
 *  - replay from the checkpoint after gather_sources with another model seed (invoke with a past
 *    checkpointId): the engine writes a fork checkpoint and the stages after it run again.
 * The original branch is never changed; each what-if is a new branch of the same thread.
 *
 *   tsx examples/fork.ts [--db FILE] [--thread ID]
 */
import { parseArgs } from "node:util";
import type { Checkpointer, StateSnapshot } from "../core/index.ts";
import { describeBranches } from "./branches.ts";
import { isMain, openStore } from "./cli.ts";
import { FakeModel } from "./fake-model.ts";
import { DEFAULT_QUESTION, researchPipeline, type ResearchState, type Stage } from "./research-pipeline.ts";

export const EDITED_SECTION = "What we still do not know";

export interface ForkStory {
  original: ResearchState;
  /** The branch whose outline was edited by hand. */
  edited: ResearchState;
  /** The branch replayed from after gather_sources with another model seed. */
  replayed: ResearchState;
  history: StateSnapshot<ResearchState>[];
}

/** Run the pipeline on a new thread, then add both what-if branches to it. */
export async function forkResearch(store: Checkpointer, threadId: string, question = DEFAULT_QUESTION): Promise<ForkStory> {
  const graph = researchPipeline({ checkpointer: store });
  const original = await graph.invoke({ question, messages: [{ role: "user", name: "user", content: question }] }, { threadId });
  const edited = await forkWithEditedOutline(store, threadId);
  const replayed = await replayWithAnotherModel(store, threadId);
  return { original, edited, replayed, history: await graph.getStateHistory({ threadId }) };
}

/** Rewrite the outline's last section as if the outline stage had written it, and run on from there. */
export async function forkWithEditedOutline(store: Checkpointer, threadId: string): Promise<ResearchState> {
  const graph = researchPipeline({ checkpointer: store });
  const afterOutline = writtenBy(await graph.getStateHistory({ threadId }), "outline");
  const outline = [...afterOutline.values.outline.slice(0, -1), EDITED_SECTION];
  const update = await graph.updateState(
    afterOutline.config,
    { outline, messages: [{ role: "user", name: "editor", content: `Replaced the last section with "${EDITED_SECTION}".` }] },
    { asNode: "outline" },
  );
  return graph.invoke(null, { threadId, checkpointId: update.checkpointId });
}

/** Run again from the checkpoint after gather_sources with another model seed: a fork of the thread. */
export async function replayWithAnotherModel(store: Checkpointer, threadId: string): Promise<ResearchState> {
  // Same graph (same name and topology), another model: like asking an LLM again from the same point.
  const graph = researchPipeline({ checkpointer: store, model: new FakeModel({ seed: "second opinion" }) });
  const afterSources = writtenBy(await graph.getStateHistory({ threadId }), "gather_sources");
  return graph.invoke(null, { threadId, checkpointId: afterSources.config.checkpointId });
}

/** The loop checkpoint that `stage` wrote (the newest one, when it ran more than once). */
export function writtenBy(history: StateSnapshot<ResearchState>[], stage: Stage): StateSnapshot<ResearchState> {
  const found = history.find((snapshot) => snapshot.metadata.source === "loop" && Object.hasOwn(snapshot.metadata.writes ?? {}, stage));
  if (!found) throw new Error(`No checkpoint in this history was written by ${stage}.`);
  return found;
}

/** The section headings of the final report, references left out. */
export function reportSections(state: ResearchState): string[] {
  return state.report
    .split("\n")
    .filter((line) => line.startsWith("## ") && line !== "## Sources")
    .map((line) => line.slice(3));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: "string" }, thread: { type: "string", default: "research-fork" } } });
  const store = await openStore(values.db);
  try {
    const story = await forkResearch(store, values.thread);
    console.log(`Thread "${values.thread}" now has ${story.history.length} checkpoints:`);
    for (const line of describeBranches(story.history)) console.log(`  ${line}`);
    const show = (label: string, state: ResearchState) => console.log(`\n${label}\n  outline:         ${state.outline.join(" / ")}\n  report sections: ${reportSections(state).join(" / ")}`);
    show("Original branch", story.original);
    show("Branch with the edited outline (updateState as outline)", story.edited);
    show("Branch replayed after gather_sources with another model seed", story.replayed);
  } finally {
    await store.close();
  }
}

if (isMain(import.meta.url)) await main();
