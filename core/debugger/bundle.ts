/**
 * Portable bundles: one thread (or one branch: a checkpoint and its ancestors) of a database as one JSON
 * document, for bug reports, with chosen JSON paths redacted; and the import of a Chronograph bundle
 * into another Chronograph database, exactly (same ids, parents, steps, values), never over an existing
 * thread. LangGraph files export their contract views (`kind: "views"`); those cannot be imported.
 *
 * Redaction paths are a small JSONPath subset, applied to every checkpoint of the bundle:
 *   $.values.api_key            a field        $.values["odd key"]   a quoted field
 *   $.values.messages[*].content every item    $.values.items[0]     one item      $.values.*.token  every field
 * A path under `$.values` is applied to what the nodes wrote as well (the checkpoint's writes and pending
 * writes), so a secret does not leak through the update that set it. Each match becomes "[redacted]".
 */
import { readFileSync, writeFileSync } from "node:fs";
import { ChronographError, errorCodeOf } from "../api/errors.ts";
import { jsonEqual } from "../api/json-equal.ts";
import type { CheckpointView, DatabaseKind, ThreadKey } from "../api/types.ts";
import type { ChannelBlob, CheckpointRecord, PendingWrite } from "../checkpoint/types.ts";
import type { GraphDescription } from "../graph/describe.ts";
import { SqliteSaver } from "../storage/sqlite/index.ts";
import { openDatabase } from "./sources.ts";

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

export interface ExportOptions {
  thread: ThreadKey;
  /** Export only this checkpoint and its ancestors. */
  checkpointId?: string;
  redact?: string[];
}

type Segment = { key: string } | { index: number } | "*";

/** Parse a redaction path. Throws INVALID_ARGUMENT naming the path and what was not understood. */
export function parseRedactPath(path: string): Segment[] {
  if (!path.startsWith("$")) throw badPath(path, "it must start with $");
  const segments: Segment[] = [];
  const pattern = /\.([A-Za-z_$][\w$-]*|\*)|\[(\*|\d+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\]/y;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const at = pattern.lastIndex;
    const match = pattern.exec(path);
    if (!match) throw badPath(path, `cannot read it from character ${at + 1} ("${path.slice(at)}")`);
    const part = match[1] ?? match[2]!;
    if (part === "*") segments.push("*");
    else if (/^\d+$/.test(part) && match[2] !== undefined) segments.push({ index: Number(part) });
    else if (match[2] !== undefined) segments.push({ key: part.slice(1, -1).replace(/\\(.)/g, "$1") });
    else segments.push({ key: part });
  }
  if (segments.length === 0) throw badPath(path, "it names the whole checkpoint; name a field such as $.values.api_key");
  return segments;
}

function badPath(path: string, why: string): ChronographError {
  return new ChronographError("INVALID_ARGUMENT", `Redaction path "${path}" is not supported: ${why} (supported: $.a.b, $.a["b"], $.a[0], $.a[*], $.a.*).`, { path });
}

/** Replace every match of `segments` under `node` with the marker; returns how many were replaced. */
function redactAt(node: unknown, segments: readonly Segment[]): number {
  if (segments.length === 0 || node === null || typeof node !== "object") return 0;
  const [head, ...rest] = segments;
  const container = node as Record<string, unknown>;
  const keys = head === "*" ? Object.keys(container) : "key" in head! ? [head.key] : Array.isArray(node) ? [String(head!.index)] : [];
  let count = 0;
  for (const key of keys) {
    if (!Object.hasOwn(container, key)) continue;
    if (rest.length === 0) {
      container[key] = REDACTED;
      count += 1;
    } else count += redactAt(container[key], rest);
  }
  return count;
}

/** Where the nodes' own updates sit in a checkpoint, each a root that `$.values.…` paths also apply to. */
function updatesOf(checkpoint: StoredCheckpoint | CheckpointView): unknown[] {
  const writes = "record" in checkpoint ? checkpoint.record.writes : checkpoint.writes;
  const updates: unknown[] = Object.values(writes ?? {}).flatMap((written) => (Array.isArray(written) ? written : [written]));
  for (const write of checkpoint.pendingWrites) {
    const value = write.value as { update?: unknown } | null;
    if (write.kind === "update") updates.push(value && typeof value === "object" && "update" in value ? value.update : value);
  }
  if (!("record" in checkpoint)) for (const task of checkpoint.tasks) if (task.result !== undefined) updates.push(task.result);
  return updates;
}

const OUTCOME_KINDS = new Set(["update", "error", "interrupt", "resume", "scheduled"]);

/** LangGraph pending writes are one channel each (`kind` names it): redact them as `{ [channel]: value }`. */
function redactChannelWrites(checkpoint: StoredCheckpoint | CheckpointView, segments: readonly Segment[]): number {
  let count = 0;
  for (const write of checkpoint.pendingWrites) {
    if (OUTCOME_KINDS.has(write.kind)) continue;
    const wrapper: Record<string, unknown> = { [write.kind]: write.value };
    count += redactAt(wrapper, segments);
    (write as { value: unknown }).value = wrapper[write.kind];
  }
  return count;
}

/** Redact `paths` in every checkpoint (in place); returns the count per path. */
export function redactCheckpoints(checkpoints: Array<StoredCheckpoint | CheckpointView>, paths: readonly string[]): Bundle["redacted"] {
  return paths.map((path) => {
    const segments = parseRedactPath(path);
    const underValues = "key" in (segments[0] as object) && (segments[0] as { key: string }).key === "values";
    let matches = 0;
    for (const checkpoint of checkpoints) {
      matches += redactAt(checkpoint, segments);
      if (!underValues) continue;
      for (const update of updatesOf(checkpoint)) matches += redactAt(update, segments.slice(1));
      matches += redactChannelWrites(checkpoint, segments.slice(1));
    }
    return { path, matches };
  });
}

/** Read a thread (or a branch) of a database as a bundle. Throws the reader's coded errors naming the file and thread. */
export async function exportBundle(file: string, options: ExportOptions): Promise<Bundle> {
  const paths = options.redact ?? [];
  for (const path of paths) parseRedactPath(path);
  const { source, engine } = await openDatabase(file);
  try {
    const base = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, source: source.kind, thread: options.thread, branchOf: options.checkpointId ?? null } as const;
    // The engine's own files export their stored records (exact on import); others their contract views.
    if (engine === null) {
      const views = chainOf(await source.listCheckpointViews(options.thread), (view) => view.checkpointId, (view) => view.parentId, options, file);
      return { ...base, kind: "views", checkpoints: views, graph: null, graphs: {}, redacted: redactCheckpoints(views, paths) };
    }
    await engine.listCheckpoints(options.thread); // THREAD_NOT_FOUND naming the file
    const tuples = await engine.saver.list(options.thread.threadId);
    const stored: StoredCheckpoint[] = chainOf(tuples, (tuple) => tuple.record.checkpointId, (tuple) => tuple.record.parentId, options, file).map((tuple) =>
      structuredClone({ record: tuple.record, values: tuple.values, pendingWrites: tuple.pendingWrites }),
    );
    const graphs: Record<string, GraphDescription> = {};
    for (const { record } of stored) {
      const hash = record.graph?.hash;
      if (hash !== undefined && !Object.hasOwn(graphs, hash)) {
        const description = await engine.saver.loadGraph(hash);
        if (description) graphs[hash] = description;
      }
    }
    const headHash = stored.at(-1)?.record.graph?.hash;
    return { ...base, kind: "records", checkpoints: stored, graph: headHash === undefined ? null : (graphs[headHash] ?? null), graphs, redacted: redactCheckpoints(stored, paths) };
  } finally {
    await source.close();
  }
}

/** Newest-first items, oldest first; for a branch export only the checkpoint and its ancestors. */
function chainOf<T>(newestFirst: readonly T[], id: (item: T) => string, parent: (item: T) => string | null, options: ExportOptions, file: string): T[] {
  const all = [...newestFirst].reverse();
  if (options.checkpointId === undefined) return all;
  const byId = new Map(all.map((item) => [id(item), item]));
  if (!byId.has(options.checkpointId)) {
    throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${options.checkpointId}" does not exist in thread "${options.thread.threadId}" of "${file}".`, {
      thread: options.thread.threadId,
      checkpoint: options.checkpointId,
    });
  }
  const chain: T[] = [];
  for (let item = byId.get(options.checkpointId); item !== undefined && chain.length <= all.length; ) {
    chain.push(item);
    const next = parent(item);
    item = next === null ? undefined : byId.get(next);
  }
  return chain.reverse();
}

/** A file name for a bundle: the thread id (and branch checkpoint) with unsafe characters replaced. */
export function bundleFileName(bundle: Pick<Bundle, "thread" | "branchOf">): string {
  const safe = (text: string) => text.replace(/[^\w.-]+/g, "_").slice(0, 80);
  return `${safe(bundle.thread.threadId)}${bundle.branchOf ? `-${safe(bundle.branchOf).slice(-12)}` : ""}.bundle.json`;
}

/** Write a bundle to `out` as JSON. */
export async function exportBundleFile(file: string, options: ExportOptions, out: string): Promise<Bundle> {
  const bundle = await exportBundle(file, options);
  writeFileSync(out, JSON.stringify(bundle, null, 2) + "\n");
  return bundle;
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
