/**
 * The bundle format (bundle.ts exports and redacts): its types, its file name, reading and checking a
 * bundle file, and the import of a Chronograph bundle into a Chronograph database, exactly (same ids,
 * parents, steps, values), never over an existing thread. Needs no database reader, so the opener of
 * files (sources.ts) can open bundles through it.
 */
import { readFileSync } from "node:fs";
import { ChronographError, errorCodeOf } from "../api/errors.ts";
import { jsonEqual } from "../api/json-equal.ts";
import type { CheckpointView, DatabaseKind, ThreadKey } from "../api/types.ts";
import type { ChannelBlob, CheckpointRecord, PendingWrite } from "../checkpoint/types.ts";
import type { GraphDescription } from "../graph/describe.ts";
import { SqliteSaver } from "../storage/sqlite/index.ts";

export const BUNDLE_FORMAT = "chronograph-bundle";
export const BUNDLE_VERSION = 1;
export const REDACTED = "[redacted]";

/** A Chronograph checkpoint as stored: the record, every channel's value (hidden ones too), its pending writes. */
export interface StoredCheckpoint {
  record: CheckpointRecord;
  values: Record<string, unknown>;
  pendingWrites: PendingWrite[];
}

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  /** "records": Chronograph's stored checkpoints (importable); "views": the contract's CheckpointViews (LangGraph files). */
  kind: "records" | "views";
  /** Who wrote the exported file. */
  source: DatabaseKind;
  thread: ThreadKey;
  /** Set for a branch export: the checkpoint whose ancestors (itself included) are in the bundle. */
  branchOf: string | null;
  /** Oldest first, parents before children. */
  checkpoints: StoredCheckpoint[] | CheckpointView[];
  /** The graph that wrote the newest exported checkpoint, and every graph the records name, by hash. */
  graph: GraphDescription | null;
  graphs: Record<string, GraphDescription>;
  /** The redaction paths applied, and how many values each replaced. */
  redacted: Array<{ path: string; matches: number }>;
}

/** A file name for a bundle: the thread id (and branch checkpoint) with unsafe characters replaced. */
export function bundleFileName(bundle: Pick<Bundle, "thread" | "branchOf">): string {
  const safe = (text: string) => text.replace(/[^\w.-]+/g, "_").slice(0, 80);
  return `${safe(bundle.thread.threadId)}${bundle.branchOf ? `-${safe(bundle.branchOf).slice(-12)}` : ""}.bundle.json`;
}

/** Read and check a bundle file. Throws INVALID_ARGUMENT naming the file and what is wrong with it. */
export function readBundle(path: string): Bundle {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ChronographError("FILE_NOT_FOUND", `Bundle "${path}" cannot be read.`, { file: path });
  }
  const bad = (why: string) => new ChronographError("INVALID_ARGUMENT", `Bundle "${path}" ${why}.`, { file: path });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw bad(`is not valid JSON (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); it may be truncated`);
  }
  const bundle = parsed as Partial<Bundle> | null;
  if (bundle === null || typeof bundle !== "object" || bundle.format !== BUNDLE_FORMAT) throw bad(`is not a Chronograph bundle (format is not "${BUNDLE_FORMAT}")`);
  if (bundle.version !== BUNDLE_VERSION) throw bad(`has version ${JSON.stringify(bundle.version)}; this Chronograph reads version ${BUNDLE_VERSION}`);
  if (!bundle.thread || typeof bundle.thread.threadId !== "string" || !Array.isArray(bundle.checkpoints)) throw bad("has no thread or no checkpoints list");
  return bundle as Bundle;
}

/**
 * Write a records bundle's checkpoints into the Chronograph database `into` (created when missing):
 * same ids, parents, steps, values and pending writes. Refuses (INVALID_ARGUMENT naming the thread,
 * nothing written) a thread the database already has, a views bundle, or records that do not form a
 * history (a parent missing or after its child).
 */
export async function importBundle(bundle: Bundle, into: string, what = "the bundle"): Promise<{ thread: ThreadKey; checkpoints: number }> {
  const { threadId } = bundle.thread;
  if (bundle.kind !== "records") {
    throw new ChronographError("INVALID_ARGUMENT", `${what} holds views of a ${bundle.source} file (thread "${threadId}"); only bundles exported from Chronograph databases can be imported.`, { thread: threadId });
  }
  const checkpoints = bundle.checkpoints as StoredCheckpoint[];
  const blobsOf = planImport(checkpoints, threadId, what);
  const saver = SqliteSaver.open(into);
  try {
    if ((await saver.getTuple(threadId)) !== undefined) {
      throw new ChronographError("INVALID_ARGUMENT", `Thread "${threadId}" already exists in "${into}"; history is append-only, so an import never adds to or replaces it.`, { thread: threadId, file: into });
    }
    for (const [hash, description] of Object.entries(bundle.graphs ?? {})) await saver.saveGraph(description, hash);
    let written = 0;
    try {
      for (const [index, checkpoint] of checkpoints.entries()) {
        await saver.put(blobsOf[index]!.record, blobsOf[index]!.blobs);
        written += 1;
        if (checkpoint.pendingWrites.length > 0) await saver.putWrites(threadId, checkpoint.record.checkpointId, checkpoint.pendingWrites);
      }
    } catch (error) {
      // The thread did not exist before and this import began it: take back the part written, so a failed
      // import leaves nothing. (When the first write failed, whatever holds the id now is not ours.)
      if (written > 0) await saver.deleteThread(threadId);
      throw errorCodeOf(error) ? error : new ChronographError("INVALID_ARGUMENT", `${what} could not be imported into "${into}": ${error instanceof Error ? error.message : String(error)}.`, { thread: threadId });
    }
    return { thread: bundle.thread, checkpoints: checkpoints.length };
  } finally {
    await saver.close();
  }
}

/**
 * Each record with the blobs that give its values: a channel whose version this checkpoint wrote gets its
 * value (as the items it appends, when it extends the parent's list); one whose version points outside
 * the bundle (a pruned history's, a hand-cut bundle's) is re-homed here.
 */
function planImport(checkpoints: readonly StoredCheckpoint[], threadId: string, what: string): Array<{ record: CheckpointRecord; blobs: ChannelBlob[] }> {
  const bad = (why: string) => new ChronographError("INVALID_ARGUMENT", `${what} cannot be imported: ${why}.`, { thread: threadId });
  const seen = new Set<string>();
  /** "checkpoint NUL channel" -> the value, for every value a bundled checkpoint stores. */
  const homes = new Map<string, unknown>();
  /** The versions each planned record is written with. */
  const planned = new Map<string, Record<string, string>>();
  return checkpoints.map((checkpoint, index) => {
    const record = checkpoint?.record;
    if (!record || typeof record.checkpointId !== "string" || !checkpoint.values || !Array.isArray(checkpoint.pendingWrites) || typeof record.versions !== "object") {
      throw bad(`checkpoint ${index + 1} is not a stored checkpoint (record, values, pendingWrites)`);
    }
    if (record.threadId !== threadId) throw bad(`checkpoint "${record.checkpointId}" belongs to thread "${record.threadId}", not "${threadId}"`);
    if (seen.has(record.checkpointId)) throw bad(`checkpoint "${record.checkpointId}" appears twice`);
    if (record.parentId !== null && !seen.has(record.parentId)) throw bad(`the parent "${record.parentId}" of checkpoint "${record.checkpointId}" is not before it in the bundle`);
    seen.add(record.checkpointId);
    const versions = { ...record.versions };
    const blobs: ChannelBlob[] = [];
    const before = record.parentId === null ? {} : planned.get(record.parentId)!;
    for (const [channel, version] of Object.entries(versions)) {
      if (version !== record.checkpointId && homes.has(`${version}\u0000${channel}`)) continue;
      versions[channel] = record.checkpointId;
      const value = checkpoint.values[channel] ?? null;
      homes.set(`${record.checkpointId}\u0000${channel}`, value);
      // A list that extends the parent's is stored as the items it adds, as the engine stores append channels.
      const base = before[channel];
      const previous = base === undefined ? undefined : homes.get(`${base}\u0000${channel}`);
      if (base !== undefined && extendsList(previous, value)) blobs.push({ channel, kind: "append", base, items: (value as unknown[]).slice((previous as unknown[]).length), fromWrites: false });
      else blobs.push({ channel, kind: "full", value });
    }
    planned.set(record.checkpointId, versions);
    return { record: { ...record, versions }, blobs };
  });
}

/** Whether `value` is a list that starts with every item of the list `previous` (and is not shorter). */
function extendsList(previous: unknown, value: unknown): boolean {
  if (!Array.isArray(previous) || !Array.isArray(value) || previous.length === 0 || previous.length > value.length) return false;
  return previous.every((item, index) => jsonEqual(item, value[index]));
}
