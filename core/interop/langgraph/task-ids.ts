/**
 * Recomputing task ids (docs/langgraph-format.md, section 7.2), so a write can be matched to the node that made it (the database
 * stores no node names for writes). Each planned task gets candidate ids, most likely first; the first
 * candidate is the task's id when it wrote nothing yet.
 */
import { NULL_TASK_ID, pythonSha1Ids, pythonXxh3Id, uuid5 } from "../ids.ts";
import type { Dialect, LoadedCheckpoint } from "./model.ts";
import type { PlannedTask } from "./next.ts";

const PULL = "__pregel_pull";
const PUSH = "__pregel_push";

/** `node` in the root graph, `ns|node` inside a subgraph. */
export function taskPath(namespace: string, node: string): string {
  return namespace === "" ? node : `${namespace}|${node}`;
}

/**
 * Candidate ids of `task` planned from `checkpoint`. `allTriggers` are every trigger channel of the
 * node seen in the namespace (Python hashes them all, sorted).
 */
export function taskIdCandidates(task: PlannedTask, checkpoint: LoadedCheckpoint, dialect: Dialect, allTriggers: readonly string[]): string[] {
  const path = taskPath(checkpoint.namespace, task.name);
  const step = String(checkpoint.step + 1);
  const candidates: string[] = [];
  if (dialect === "js") {
    if (task.kind === "push") return [uuid5(JSON.stringify([path, step, task.name, PUSH, String(task.packetIndex)]), checkpoint.id)];
    for (const trigger of task.fired) candidates.push(uuid5(JSON.stringify([path, step, task.name, PULL, [trigger]]), checkpoint.id));
    if (task.fired.length > 1) candidates.push(uuid5(JSON.stringify([path, step, task.name, PULL, task.fired]), checkpoint.id));
    return candidates;
  }
  const parts: string[] = [];
  if (task.kind === "push") parts.push(`${path}${step}${task.name}${PUSH}${task.packetIndex}`);
  else {
    const sets = [[...allTriggers].sort(), [...task.fired].sort(), ...task.fired.map((trigger) => [trigger])];
    for (const set of sets) parts.push(`${path}${step}${task.name}${PULL}${set.join("")}`);
  }
  for (const joined of new Set(parts)) candidates.push(pythonXxh3Id(checkpoint.id, joined));
  for (const joined of new Set(parts)) candidates.push(...pythonSha1Ids(checkpoint.id, joined));
  return candidates;
}

/** Ids of tasks that are not nodes: the null task, updateState tasks and the input pseudo-task. */
export function specialTaskIds(checkpointId: string): Map<string, "null" | "update" | "input"> {
  const ids = new Map<string, "null" | "update" | "input">([[NULL_TASK_ID, "null"], [uuid5("__input__", checkpointId), "input"], [uuid5("__interrupt__", checkpointId), "update"]]);
  for (let index = 1; index < 8; index += 1) ids.set(uuid5(`__interrupt__:${index}`, checkpointId), "update");
  return ids;
}
