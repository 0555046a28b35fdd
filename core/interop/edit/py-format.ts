/**
 * Rows in Python LangGraph's format: msgpack checkpoints rebuilt from the stored tree (only the edited
 * entries are re-encoded), string versions `"<32-digit counter>.<random>"`, ids from uuid6 with
 * `0x8000 | step` as clock sequence, `+00:00` timestamps with microseconds, and metadata written as
 * Python's `json.dumps(..., ensure_ascii=False)` would write it.
 */
import { clockSeqField, newCheckpointUuid } from "../ids.ts";
import { encodeMsgpack, type MsgNode } from "../serde/msgpack.ts";
import { encodePython } from "../serde/python-values.ts";
import { maxVersion, TASKS, type Version } from "../langgraph/channels.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import type { RowPayloads } from "./js-format.ts";
import type { UpdatePlan } from "./plan.ts";

type MapNode = Extract<MsgNode, { kind: "map" }>;
const str = (value: string): MsgNode => ({ kind: "str", value });

function entry(map: MapNode, key: string): MsgNode | undefined {
  return map.entries.find(([name]) => name.kind === "str" && name.value === key)?.[1];
}

function put(map: MapNode, key: string, value: MsgNode): void {
  const at = map.entries.findIndex(([name]) => name.kind === "str" && name.value === key);
  if (at >= 0) map.entries[at] = [map.entries[at]![0], value];
  else map.entries.push([str(key), value]);
}

function drop(map: MapNode, key: string): void {
  map.entries = map.entries.filter(([name]) => !(name.kind === "str" && name.value === key));
}

function mapAt(map: MapNode, key: string): MapNode {
  const found = entry(map, key);
  if (found?.kind === "map") return { kind: "map", entries: [...found.entries] };
  return { kind: "map", entries: [] };
}

/** Python SqliteSaver's next version: the counter after the largest, zero-padded, plus a random part. */
export function nextPythonVersion(checkpoint: LoadedCheckpoint): Version {
  const max = maxVersion(Object.values(checkpoint.versions));
  if (typeof max === "number") return max + 1;
  const counter = max === undefined ? 0 : parseInt(String(max).split(".")[0]!, 10) || 0;
  // random.random() printed with {:016}: a repr of at least 16 characters (0.1 ≤ r keeps it unexponented).
  const random = String(0.1 + Math.random() * 0.89).padStart(16, "0");
  return `${String(counter + 1).padStart(32, "0")}.${random}`;
}

/** `datetime.now(timezone.utc).isoformat()`: microseconds and "+00:00". */
export function pythonTimestamp(now = new Date()): string {
  return now.toISOString().replace(/\.(\d{3})Z$/, ".$1000+00:00");
}

/** Python's `json.dumps(value, ensure_ascii=False)`. Throws on values JSON cannot hold. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return pythonNumber(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(", ")}]`;
  if (typeof value === "object") return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pythonJsonDumps(item)}`).join(", ")}}`;
  throw new Error(`a ${typeof value} cannot be written as JSON`);
}

function pythonNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(value)) return String(value);
  const [mantissa, exponentText] = value.toExponential().split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return String(value);
}

function versionNode(version: Version): MsgNode {
  return typeof version === "number" ? { kind: "int", value: BigInt(version) } : str(version);
}

function rebuilt(source: LoadedCheckpoint): MapNode {
  const tree = source.payload.tree;
  if (tree?.kind !== "map") throw new Error(`the checkpoint blob of "${source.id}" is not a msgpack map`);
  return { kind: "map", entries: [...tree.entries] };
}

export function pythonUpdateRows(plan: UpdatePlan, newVersion: Version, after: string | null): RowPayloads {
  const root = rebuilt(plan.parent);
  const id = newCheckpointUuid(clockSeqField(plan.step, "py"), after);
  const values = mapAt(root, "channel_values");
  for (const channel of plan.remove) drop(values, channel);
  for (const [channel, value] of plan.set) {
    if (channel === TASKS && Array.isArray(value) && value.length === 0) drop(values, channel);
    else put(values, channel, encodePython(value));
  }
  const versions = mapAt(root, "channel_versions");
  for (const channel of plan.bumped) put(versions, channel, versionNode(newVersion));
  const seen = mapAt(root, "versions_seen");
  if (!entry(seen, plan.asNode)) put(seen, plan.asNode, { kind: "map", entries: [] });
  put(root, "id", str(id));
  put(root, "ts", str(pythonTimestamp()));
  put(root, "channel_values", values);
  put(root, "channel_versions", versions);
  put(root, "versions_seen", seen);
  if (entry(root, "updated_channels") !== undefined) put(root, "updated_channels", { kind: "array", items: plan.updated.map(str) });
  const metadata: Record<string, unknown> = { source: "update", step: plan.step, parents: plan.parent.metadata.parents ?? {} };
  // Record the node as old Python files did, when the values are plain JSON (metadata is plain JSON).
  if (!JSON.stringify(plan.values).includes('"$')) metadata.writes = { [plan.asNode]: plan.values };
  const writes = plan.taskWrites.map(([channel, value]): [string, string, Uint8Array] =>
    value === null ? [channel, "null", new Uint8Array()] : [channel, "msgpack", encodeMsgpack(encodePython(value))],
  );
  return { id, parentId: plan.parent.id, type: "msgpack", checkpoint: encodeMsgpack(root), metadata: new TextEncoder().encode(pythonJsonDumps(metadata)), writes };
}

/** A copy of `source` as a sibling (Python's `update_state(config, None, as_node="__copy__")`). */
export function pythonForkRows(source: LoadedCheckpoint, after: string | null): RowPayloads {
  const root = rebuilt(source);
  const id = newCheckpointUuid(clockSeqField(source.step, "py"), after);
  put(root, "id", str(id));
  put(root, "ts", str(pythonTimestamp()));
  const metadata = { source: "fork", step: source.step + 1, parents: source.metadata.parents ?? {} };
  return { id, parentId: source.parentId, type: "msgpack", checkpoint: encodeMsgpack(root), metadata: new TextEncoder().encode(pythonJsonDumps(metadata)), writes: [] };
}
