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
import { writeFileSync } from "node:fs";
import { ChronographError } from "../api/errors.ts";
import type { CheckpointView, ThreadKey } from "../api/types.ts";
import type { GraphDescription } from "../graph/describe.ts";
import { BUNDLE_FORMAT, BUNDLE_VERSION, REDACTED, type Bundle, type StoredCheckpoint } from "./bundle-import.ts";
import { openDatabase } from "./sources.ts";

// The format, its checks and the import live in bundle-import.ts (which the database opener uses too).
export { BUNDLE_FORMAT, BUNDLE_VERSION, REDACTED, bundleFileName, importBundle, readBundle, type Bundle, type StoredCheckpoint } from "./bundle-import.ts";

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

/** Write a bundle to `out` as JSON. */
export async function exportBundleFile(file: string, options: ExportOptions, out: string): Promise<Bundle> {
  const bundle = await exportBundle(file, options);
  writeFileSync(out, JSON.stringify(bundle, null, 2) + "\n");
  return bundle;
}

