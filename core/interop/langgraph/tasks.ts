/**
 * What happened from one checkpoint (docs/langgraph-format.md, sections 6 and 9.3-9.4): the tasks it schedules, and every write stored
 * against it matched to its task by recomputed ids, so each task reads as finished, failed, waiting for
 * input, or not started. Pure over a NamespaceHistory.
 */
import { ERROR, INTERRUPT, SPECIAL_WRITES, TASKS } from "./channels.ts";
import type { NamespaceHistory } from "./history.ts";
import { fieldsOf, type LoadedCheckpoint, type LoadedWrite } from "./model.ts";
import { plannedTasks, sameStrings, type PlannedTask } from "./next.ts";
import { NULL_TASK_ID } from "../ids.ts";
import { specialTaskIds, taskIdCandidates } from "./task-ids.ts";

export interface TaskOutcome {
  id: string;
  name: string;
  planned: PlannedTask;
  /** Ordinary writes (results), in idx order. */
  results: LoadedWrite[];
  /** The stored error of the task's latest failed attempt. */
  error?: { name: string; message: string };
  /** Interrupts stored for the task. */
  interrupts: Array<{ id: string; value: unknown }>;
  /** Failed and never succeeded since. */
  failed: boolean;
  /** Interrupted and not resumed to a result. */
  waiting: boolean;
}

/** Who a write belongs to: a planned task (by node), the null task, an update, the input, or unknown. */
export type WriteOwner = { role: "task"; node: string } | { role: "null" | "update" | "input" | "resume" | "unknown"; node: string };

export interface CheckpointAnalysis {
  tasks: TaskOutcome[];
  owners: Map<string, WriteOwner>;
  /** Task ids whose writes matched no task this reader could recompute. */
  unknownTaskIds: string[];
}

const isResult = (write: LoadedWrite) => !SPECIAL_WRITES.has(write.channel);

/** Python errors are `repr()` strings such as `TimeoutError('...')`; JS ones `{message, name}`. */
export function errorOf(value: unknown): { name: string; message: string } {
  if (typeof value === "string") {
    const match = /^([A-Za-z_][\w.]*)\(([\s\S]*)\)$/.exec(value);
    if (!match) return { name: "Error", message: value };
    const inner = match[2]!.trim();
    const quoted = /^(['"])([\s\S]*)\1$/.exec(inner);
    return { name: match[1]!, message: quoted ? quoted[2]! : inner };
  }
  const fields = fieldsOf(value);
  return { name: typeof fields.name === "string" ? fields.name : "Error", message: typeof fields.message === "string" ? fields.message : JSON.stringify(value) };
}

/** Interrupts of an `__interrupt__` write: JS `[{id, value}]`, Python `[Interrupt dataclass]`. */
export function interruptsOf(value: unknown): Array<{ id: string; value: unknown }> {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    const fields = fieldsOf(item);
    const source = "$kwargs" in fields ? fieldsOf(fields.$kwargs) : fields;
    return { id: typeof source.id === "string" ? source.id : "", value: "value" in source ? source.value : item };
  });
}

/** Send packets of a format < 4 checkpoint: LangGraph.js kept them as writes against the parent. */
export function legacySends(history: NamespaceHistory, checkpoint: LoadedCheckpoint): unknown[] | null {
  if (checkpoint.v === null || checkpoint.v >= 4) return null;
  if (checkpoint.pendingSends) return checkpoint.pendingSends;
  if (checkpoint.parentId === null) return [];
  return history.writesOf(checkpoint.parentId).filter((write) => write.channel === TASKS).sort((a, b) => a.idx - b.idx).map((write) => write.value);
}

/** Per history, one list for each distinct plan of pull tasks (a long thread plans the same few over and over), up to SHARED_PLANS. */
const pullPlans = new WeakMap<NamespaceHistory, PlannedTask[][]>();
const SHARED_PLANS = 64;

/** The kept plan equal to `planned` (pull tasks only), else `planned`, kept while there are few. */
function sharedPlan(history: NamespaceHistory, planned: PlannedTask[]): PlannedTask[] {
  if (!planned.every((task) => task.kind === "pull")) return planned;
  let plans = pullPlans.get(history);
  if (!plans) pullPlans.set(history, (plans = []));
  const same = plans.find((plan) => plan.length === planned.length && plan.every((task, index) => task.name === planned[index]!.name && sameStrings(task.fired, planned[index]!.fired)));
  if (same) return same;
  if (plans.length < SHARED_PLANS) plans.push(planned);
  return planned;
}

/**
 * The tasks LangGraph schedules from `checkpoint` (next.ts), planned once per history: the skeleton's next nodes
 * and the graph inferred from the same history without values share them. Equal plans of pull tasks are one
 * list (20,000 agent checkpoints' plans held 8.4 MB apart, 0.9 MB so). Read-only.
 */
export function plannedOf(history: NamespaceHistory, checkpoint: LoadedCheckpoint): readonly PlannedTask[] {
  let planned = history.planned.get(checkpoint.id);
  if (!planned) {
    planned = plannedTasks({
      checkpoint,
      nullWrites: history.writesOf(checkpoint.id).filter((write) => write.taskId === NULL_TASK_ID),
      legacySends: legacySends(history, checkpoint),
      nodes: history.nodes,
    });
    planned = sharedPlan(history, planned);
    history.planned.set(checkpoint.id, planned);
  }
  return planned;
}

export function analyzeCheckpoint(history: NamespaceHistory, checkpoint: LoadedCheckpoint): CheckpointAnalysis {
  const writes = history.writesOf(checkpoint.id);
  const planned = plannedOf(history, checkpoint);
  const byTaskId = new Map<string, LoadedWrite[]>();
  for (const write of writes) {
    const list = byTaskId.get(write.taskId);
    if (list) list.push(write);
    else byTaskId.set(write.taskId, [write]);
  }
  const owners = new Map<string, WriteOwner>();
  const tasks = planned.map((task) => {
    const candidates = taskIdCandidates(task, checkpoint, history.dialect, history.triggers.get(task.name) ?? []);
    const id = candidates.find((candidate) => byTaskId.has(candidate)) ?? candidates[0] ?? "";
    owners.set(id, { role: "task", node: task.name });
    return outcome(id, task, byTaskId.get(id) ?? []);
  });
  const unknownTaskIds: string[] = [];
  // Nine uuid5 hashes: computed only when some write is not a planned task's.
  let specials: Map<string, "null" | "update" | "input"> | undefined;
  for (const taskId of byTaskId.keys()) {
    if (owners.has(taskId)) continue;
    specials ??= specialTaskIds(checkpoint.id);
    const special = specials.get(taskId);
    if (special) owners.set(taskId, { role: special, node: special === "input" ? "__input__" : "" });
    else if (/^[0-9a-f]{32}$/.test(taskId)) owners.set(taskId, { role: "resume", node: "" });
    else {
      const node = searchNode(history, checkpoint, taskId);
      owners.set(taskId, node === null ? { role: "unknown", node: "" } : { role: "task", node });
      if (node === null) unknownTaskIds.push(taskId);
    }
  }
  return { tasks, owners, unknownTaskIds };
}

function outcome(id: string, planned: PlannedTask, writes: LoadedWrite[]): TaskOutcome {
  const results = writes.filter(isResult);
  const errorWrite = writes.filter((write) => write.channel === ERROR).at(-1);
  const interruptWrite = writes.filter((write) => write.channel === INTERRUPT).at(-1);
  const task: TaskOutcome = {
    id,
    name: planned.name,
    planned,
    results,
    interrupts: interruptWrite ? interruptsOf(interruptWrite.value) : [],
    failed: errorWrite !== undefined && results.length === 0,
    waiting: interruptWrite !== undefined && results.length === 0 && errorWrite === undefined,
  };
  if (errorWrite) task.error = errorOf(errorWrite.value);
  return task;
}

/** Last resort for writes of tasks the next-node rules did not plan: try every node and trigger. */
function searchNode(history: NamespaceHistory, checkpoint: LoadedCheckpoint, taskId: string): string | null {
  for (const node of history.nodes) {
    const triggers = history.triggers.get(node) ?? [];
    const guesses: PlannedTask[] = [{ name: node, kind: "pull", fired: [...triggers] }];
    for (const trigger of triggers) guesses.push({ name: node, kind: "pull", fired: [trigger] });
    for (let index = 0; index < 16; index += 1) guesses.push({ name: node, kind: "push", fired: [], packetIndex: index });
    for (const guess of guesses) if (taskIdCandidates(guess, checkpoint, history.dialect, triggers).includes(taskId)) return node;
  }
  return null;
}
