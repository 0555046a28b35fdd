/**
 * Rows in LangGraph.js's own format (docs/langgraph-format.md, section 11): JSON checkpoints with integer versions, `v: 4`, a
 * `__pregel_tasks` entry, ids from uuid6 with the step as clock sequence, metadata serialized like the
 * checkpoint. Values the user did not touch are copied from the stored JSON untouched.
 */
import { newCheckpointUuid, clockSeqField } from "../ids.ts";
import { encodeJs } from "../serde/js-values.ts";
import { maxVersion, TASKS } from "../langgraph/channels.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import type { UpdatePlan } from "./plan.ts";

export interface RowPayloads {
  id: string;
  parentId: string | null;
  type: string;
  checkpoint: Uint8Array;
  metadata: Uint8Array;
  /** The update task's writes, serialized: [channel, type, value]. */
  writes: Array<[string, string, Uint8Array]>;
}

type JsonObject = Record<string, unknown>;
const encoder = new TextEncoder();
const bytes = (value: unknown) => encoder.encode(JSON.stringify(value));

/** LangGraph.js's next version: integers counting up from the largest. */
export function nextJsVersion(checkpoint: LoadedCheckpoint): number {
  const max = maxVersion(Object.values(checkpoint.versions));
  return (typeof max === "number" ? max : 0) + 1;
}

function stored(checkpoint: LoadedCheckpoint): JsonObject {
  return structuredClone(checkpoint.payload.json) as JsonObject;
}

export function jsUpdateRows(plan: UpdatePlan, newVersion: number, after: string | null): RowPayloads {
  const raw = stored(plan.parent);
  const id = newCheckpointUuid(clockSeqField(plan.step, "js"), after);
  const values = { ...(raw.channel_values as JsonObject) };
  const oldValues = raw.channel_values as JsonObject;
  for (const channel of plan.remove) delete values[channel];
  for (const [channel, value] of plan.set) values[channel] = encodeJs(value, oldValues[channel]);
  values[TASKS] ??= [];
  const versions = { ...(raw.channel_versions as JsonObject) };
  for (const channel of plan.bumped) versions[channel] = newVersion;
  const seen = { ...(raw.versions_seen as JsonObject) };
  seen[plan.asNode] ??= {};
  const checkpoint = { ...raw, v: 4, id, ts: new Date().toISOString(), channel_values: values, channel_versions: versions, versions_seen: seen };
  const metadata = {
    source: "update",
    step: plan.step,
    parents: plan.parent.metadata.parents ?? {},
    writes: { [plan.asNode]: encodeJs(plan.values, undefined) },
  };
  const writes = plan.taskWrites.map(([channel, value]): [string, string, Uint8Array] => [channel, "json", bytes(encodeJs(value, oldValues[channel]))]);
  return { id, parentId: plan.parent.id, type: "json", checkpoint: bytes(checkpoint), metadata: bytes(metadata), writes };
}

/** A copy of `source` as a sibling (what `updateState(config, undefined, "__copy__")` writes). */
export function jsForkRows(source: LoadedCheckpoint, after: string | null): RowPayloads {
  const raw = stored(source);
  const id = newCheckpointUuid(clockSeqField(source.step, "js"), after);
  const checkpoint = { ...raw, id, ts: new Date().toISOString() };
  const metadata = { source: "fork", step: source.step + 1, parents: source.metadata.parents ?? {} };
  return { id, parentId: source.parentId, type: "json", checkpoint: bytes(checkpoint), metadata: bytes(metadata), writes: [] };
}
