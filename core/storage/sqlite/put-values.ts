/**
 * The values a put binds for its checkpoint row, in the INSERT's column order (statements.ts). They are
 * built every superstep, so the strings that repeat from put to put (a channel's or a node's name as
 * JSON, the run id's entry in the durations column) are built once and reused, and each column is one
 * string built in one pass.
 */
import { toJson, type ValueOrigin } from "../../checkpoint/serde.ts";
import type { CheckpointRecord, TaskSpec } from "../../checkpoint/types.ts";
import { RUN_KEY } from "./rows.ts";

/** How many names nameJson keeps: channel and node names repeat every put; past this many (user-chosen keys) it starts over. */
const NAMES_KEPT = 1024;
const namesJson = new Map<string, string>();

/** JSON.stringify(name), kept for names seen before. */
export function nameJson(name: string): string {
  let json = namesJson.get(name);
  if (json === undefined) {
    if (namesJson.size >= NAMES_KEPT) namesJson.clear();
    json = JSON.stringify(name);
    namesJson.set(name, json);
  }
  return json;
}

/**
 * The versions column. A channel this checkpoint wrote names the checkpoint itself; it is stored as 0
 * instead of repeating the 36-character id, which keeps a growing-list row small enough that three
 * fit in a page.
 */
export function versionsJson(versions: Record<string, string>, checkpointId: string): string {
  let json = "";
  for (const channel in versions) {
    if (!Object.hasOwn(versions, channel)) continue;
    const version = versions[channel]!;
    json += `${json === "" ? "{" : ","}${nameJson(channel)}:${version === checkpointId ? "0" : JSON.stringify(version)}`;
  }
  return json === "" ? "{}" : `${json}}`;
}

/** Whether a task is the usual one (id = node name, no Send, nothing else): stored as its node name alone. */
function usualTask(task: TaskSpec): boolean {
  if (task.id !== task.node || task.send !== undefined) return false;
  let keys = 0;
  for (const key in task) if (Object.hasOwn(task, key)) keys += 1;
  return keys === 2;
}

/**
 * The tasks column. The usual task list (one task per node, id = node name, no Send) is stored as the
 * node names alone: ["tool"] instead of [{"id":"tool","node":"tool"}].
 */
export function tasksJson(tasks: TaskSpec[], origin: ValueOrigin): string {
  let json = "[";
  for (const task of tasks) {
    if (!usualTask(task)) return toJson(tasks, origin);
    json += json.length > 1 ? `,${nameJson(task.node)}` : nameJson(task.node);
  }
  return `${json}]`;
}

let lastRunId: string | undefined;
let lastRunEntry = "";

/** `"__run_id__":"<id>"`: the same for every put of a run. */
function runEntry(runId: string): string {
  if (runId !== lastRunId) {
    lastRunEntry = `${JSON.stringify(RUN_KEY)}:${JSON.stringify(runId)}`;
    lastRunId = runId;
  }
  return lastRunEntry;
}

/**
 * The durations column holds the step's facts about its run: each task's duration by task id and, under
 * RUN_KEY (rows.ts), the run that wrote the checkpoint.
 */
export function durationsJson(record: Pick<CheckpointRecord, "durations" | "runId">, origin: ValueOrigin): string | null {
  const { durations, runId } = record;
  if (runId === undefined) return durations === undefined ? null : toJson(durations, origin);
  if (typeof runId !== "string" || durations === undefined || Object.hasOwn(durations, RUN_KEY)) return toJson({ ...durations, [RUN_KEY]: runId }, origin);
  // The run id joins the durations' own JSON instead of a copy of the object: this runs every superstep.
  const json = toJson(durations, origin);
  return json === "{}" ? `{${runEntry(runId)}}` : `${json.slice(0, -1)},${runEntry(runId)}}`;
}

/**
 * The values of the checkpoint INSERT in its column order (statements.ts), `channels` last. Positional,
 * not named: binding by name costs microseconds per put. Throws UNSERIALIZABLE_VALUE when a field is not JSON.
 */
export function checkpointValues(record: CheckpointRecord, channels: string): Array<string | number | null> {
  const { threadId, checkpointId, writes, breakpoint, graph } = record;
  const origin = { channel: "(checkpoint record)", threadId };
  return [
    threadId,
    checkpointId,
    record.parentId,
    record.step,
    record.source,
    record.createdAt,
    versionsJson(record.versions, checkpointId),
    tasksJson(record.tasks, origin),
    writes === null ? null : toJson(writes, origin),
    // The column keeps the name older versions gave the breakpoint, so their files read unchanged.
    breakpoint === null ? null : toJson(breakpoint, origin),
    graph?.name ?? null,
    graph?.hash ?? null,
    durationsJson(record, origin),
    channels,
  ];
}
