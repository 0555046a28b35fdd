/**
 * Task ids for copied LangGraph.js writes (bench/generate-big.ts). LangGraph.js names each task with a
 * UUIDv5 in the namespace of the checkpoint the task was planned from, over the task's path
 * (docs/langgraph-format.md, section 7.2; core/interop/langgraph/task-ids.ts): a copy of a write under a
 * new checkpoint id (and, in the long thread, a shifted step) needs the id LangGraph.js would have
 * computed there, or no write matches its task. Each template task id is first recognised (which path it
 * hashes), then recomputed with LangGraph.js's own uuid5 for every new checkpoint.
 */
import { uuid5 } from "@langchain/langgraph-checkpoint";

const PULL = "__pregel_pull";
const PUSH = "__pregel_push";
/** The id of writes that belong to no task (resume values, Command input): the same under every checkpoint. */
const NULL_TASK_ID = "00000000-0000-0000-0000-000000000000";
/** Send packets a template checkpoint may plan, at most: push tasks are tried at these indexes. */
const MAX_PUSH = 64;

/** How one template task id was made: hashed JSON with the step in slot 1, a fixed name, or a constant. */
export type TaskRecipe = { kind: "path"; parts: (string | string[])[] } | { kind: "name"; name: string } | { kind: "constant"; id: string };

export interface RecipeCheckpoint {
  id: string;
  /** The checkpoint's metadata step; LangGraph.js plans its tasks at step + 1. */
  step: number;
}

/** Node names and trigger channels seen in the template's checkpoint JSON (versions_seen, channel_versions). */
export function graphVocabulary(checkpointJson: readonly string[]): { nodes: string[]; channels: string[] } {
  const nodes = new Set<string>();
  const channels = new Set<string>();
  for (const text of checkpointJson) {
    const checkpoint = JSON.parse(text) as { channel_versions?: Record<string, unknown>; versions_seen?: Record<string, Record<string, unknown>> };
    for (const channel of Object.keys(checkpoint.channel_versions ?? {})) channels.add(channel);
    for (const [node, seen] of Object.entries(checkpoint.versions_seen ?? {})) {
      nodes.add(node);
      for (const channel of Object.keys(seen)) channels.add(channel);
    }
  }
  for (const channel of channels) if (channel.startsWith("branch:to:")) nodes.add(channel.slice("branch:to:".length));
  return { nodes: [...nodes].sort(), channels: [...channels].sort() };
}

/** Every task path LangGraph.js may hash for a task planned from a checkpoint, step left as a placeholder. */
function candidateRecipes(vocabulary: { nodes: string[]; channels: string[] }): TaskRecipe[] {
  const recipes: TaskRecipe[] = [{ kind: "constant", id: NULL_TASK_ID }, { kind: "name", name: "__input__" }, { kind: "name", name: "__interrupt__" }];
  for (let index = 1; index < 8; index += 1) recipes.push({ kind: "name", name: `__interrupt__:${index}` });
  for (const node of vocabulary.nodes) {
    for (const channel of vocabulary.channels) recipes.push({ kind: "path", parts: [node, "", node, PULL, [channel]] });
    recipes.push({ kind: "path", parts: [node, "", node, PULL, node] });
    for (let index = 0; index < MAX_PUSH; index += 1) recipes.push({ kind: "path", parts: [node, "", node, PUSH, String(index)] });
  }
  return recipes;
}

/** The id LangGraph.js gives the task `recipe` describes when planned from `checkpoint`. */
export function taskIdFor(recipe: TaskRecipe, checkpoint: RecipeCheckpoint): string {
  if (recipe.kind === "constant") return recipe.id;
  if (recipe.kind === "name") return uuid5(recipe.name, checkpoint.id);
  const parts = [...recipe.parts];
  parts[1] = String(checkpoint.step + 1);
  return uuid5(JSON.stringify(parts), checkpoint.id);
}

/**
 * For each template checkpoint id, how each of its writes' task ids was made. A task id no LangGraph.js
 * path explains is an error naming it (copying it unchanged would leave a write no task owns).
 */
export function taskRecipes(checkpoints: readonly (RecipeCheckpoint & { checkpoint: string })[], writes: readonly { checkpointId: string; taskId: string }[]): Map<string, Map<string, TaskRecipe>> {
  const candidates = candidateRecipes(graphVocabulary(checkpoints.map((row) => row.checkpoint)));
  const byId = new Map(checkpoints.map((row) => [row.id, row]));
  const recipes = new Map<string, Map<string, TaskRecipe>>();
  for (const write of writes) {
    const own = recipes.get(write.checkpointId) ?? new Map<string, TaskRecipe>();
    recipes.set(write.checkpointId, own);
    if (own.has(write.taskId)) continue;
    const checkpoint = byId.get(write.checkpointId);
    if (!checkpoint) throw new Error(`bench/generate-big: template write of task ${write.taskId} names checkpoint ${write.checkpointId}, which the template does not hold`);
    const recipe = candidates.find((candidate) => taskIdFor(candidate, checkpoint) === write.taskId);
    if (!recipe) throw new Error(`bench/generate-big: template task id ${write.taskId} (checkpoint ${write.checkpointId}, step ${checkpoint.step}) matches no LangGraph.js task path`);
    own.set(write.taskId, recipe);
  }
  return recipes;
}
