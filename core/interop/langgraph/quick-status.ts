/**
 * The status of a LangGraph.js head with no writes against it, from the few parts of its JSON that SQLite
 * hands over (status-sql.ts): channel names, versions, versions_seen, format, and the metadata's `writes`
 * keys. With no writes nothing failed or waits, so the head is pending exactly when it plans a task, and the
 * same planner the decoder runs (next.ts plannedTasks) decides that over the same inputs. Heads whose parts
 * the decoder would read differently (LangChain `lc` records where plain maps are expected, Send packets or
 * join values to show, a format before 4) get null: the caller decodes those. Pure.
 */
import { nodesOf, TASKS, type Version } from "./channels.ts";
import { fieldsOf, type LoadedCheckpoint } from "./model.ts";
import { plannedTasks } from "./next.ts";

/** What quickStatus reads of a head (status-sql.ts reads it in SQL: SqlParts). */
export interface HeadParts {
  /** The checkpoint's `v`. */
  v?: unknown;
  /** Names of channel_values. */
  keys: string[];
  /** channel_values' `__pregel_tasks` and `join:` entries, as stored (null when none). */
  special: Record<string, unknown> | null;
  versions: unknown;
  seen: unknown;
  /** Keys of the metadata's `writes` map (null when the metadata is not JSON or has none). */
  writes: string[] | null;
  /** An `lc` key at the top of the checkpoint, its channel_values or the metadata (or its writes). */
  lc: number;
}

/**
 * status-sql.ts's parts as its SQL hands them over (JSON text):
 * `[[v, channel_versions, versions_seen], channel_values' keys (a Send/join key as [key, value]), top-level lc,
 * [the metadata's lc, its writes keys or null] or null when the metadata is not JSON]`.
 */
export type SqlParts = [[unknown, unknown, unknown], Array<string | [string, unknown]>, number, [number, string[] | null] | null];

/** HeadParts from SqlParts: an `lc` channel counts as an lc record, a Send/join key's value goes to `special`. */
export function partsOf([[v, versions, seen], entries, lc, meta]: SqlParts): HeadParts {
  const keys: string[] = [];
  let special: Record<string, unknown> | null = null;
  for (const entry of entries) {
    if (typeof entry === "string") keys.push(entry);
    else {
      keys.push(entry[0]);
      (special ??= {})[entry[0]] = entry[1];
    }
  }
  return { v, keys, special, versions, seen, writes: meta ? meta[1] : null, lc: lc || keys.includes("lc") || meta?.[0] ? 1 : 0 };
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * A versions map as model.ts reads it (numbers and strings kept); null when the decoder would see it
 * otherwise (a LangChain `lc` record it shows as a value, or a stored `$dict` key it would escape).
 */
function versionsOf(value: unknown): Record<string, Version> | null {
  if (isRecord(value) && ("lc" in value || "$dict" in value)) return null;
  const out: Record<string, Version> = {};
  for (const [channel, version] of Object.entries(fieldsOf(value))) {
    if (typeof version === "number" || typeof version === "string") out[channel] = version;
  }
  return out;
}

/** "pending" or "done" for a head with no writes against it, or null when the decoder must decide. */
export function quickStatus(parts: HeadParts): "pending" | "done" | null {
  if (parts.lc) return null;
  if (typeof parts.v === "number" && parts.v < 4) return null;
  for (const [key, value] of Object.entries(parts.special ?? {})) {
    if (key.startsWith("join:")) return null;
    if (key === TASKS && Array.isArray(value) && value.length > 0) return null;
  }
  const versions = versionsOf(parts.versions);
  if (!versions) return null;
  if (isRecord(parts.seen) && ("lc" in parts.seen || "$dict" in parts.seen)) return null;
  const versionsSeen: Record<string, Record<string, Version>> = {};
  for (const [node, seen] of Object.entries(fieldsOf(parts.seen))) {
    const read = versionsOf(seen);
    if (!read) return null;
    versionsSeen[node] = read;
  }
  const channelValues: Record<string, unknown> = {};
  for (const key of parts.keys) channelValues[key] = null;
  const nodes = nodesOf([...Object.keys(versions), ...parts.keys], versionsSeen);
  for (const node of parts.writes ?? []) nodes.add(node);
  // plannedTasks reads only these three fields of a checkpoint when no write is given.
  const checkpoint = { channelValues, versions, versionsSeen } as Pick<LoadedCheckpoint, "channelValues" | "versions" | "versionsSeen"> as LoadedCheckpoint;
  return plannedTasks({ checkpoint, nullWrites: [], legacySends: null, nodes }).length > 0 ? "pending" : "done";
}

/** Distinct parts texts whose answer QuickStatusMemo keeps. */
const MEMO_SIZE = 4_096;

/** HeadParts from status-sql.ts's parts text (SqlParts). */
export const sqlPartsOf = (text: string): HeadParts => partsOf(JSON.parse(text) as SqlParts);

/**
 * quickStatus by the parts' JSON text, as a bulk read hands them out, remembered (it is pure): the threads of
 * one graph stopped at the same place share one answer. Forgets everything when full. `read` turns the text
 * into HeadParts: SqlParts by default (status-sql.ts); ChronographSaver's reads hand out HeadParts as a JSON object.
 */
export class QuickStatusMemo {
  private readonly known = new Map<string, "pending" | "done" | null>();

  constructor(private readonly read: (text: string) => HeadParts = sqlPartsOf) {}

  of(parts: string): "pending" | "done" | null {
    let status = this.known.get(parts);
    if (status === undefined) {
      status = quickStatus(this.read(parts));
      if (this.known.size >= MEMO_SIZE) this.known.clear();
      this.known.set(parts, status);
    }
    return status;
  }
}
