/**
 * A ChronographSaver file (the `lg_` tables of core/langgraph-saver/schema.ts) read as the NamespaceHistory
 * the LangGraph.js reader builds from SqliteSaver's tables, so every view (threads, tree, values, next,
 * writes, interrupts, errors, subgraph namespaces) is the LangGraph.js one unchanged.
 *
 * A saver checkpoint row is LangGraph's serialized checkpoint whose `channel_values` hold only its small
 * values (schema 2; empty in schema 1); its other values are the `lg_values` rows named by
 * `channel_versions`, each stored whole or as the items it appends to an earlier version of the same channel. A JSON value is rebuilt as text (its chain's arrays joined: the
 * serializer writes an array as its elements' JSON joined by commas), put into the checkpoint's text, and
 * the whole checkpoint decoded once, as SqliteSaver's row would be: the same decoder (interop's
 * decodePayload, no LangGraph code) gives the same shown values. Other serializer types are decoded on
 * their own and set after. Read-only: never writes to the file.
 */
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import { NamespaceHistory } from "../langgraph/history.ts";
import { loadCheckpoint, loadWrite, type LoadedCheckpoint } from "../langgraph/model.ts";
import { decodePayload } from "../serde/payload.ts";

export interface SaverCheckpointRow {
  checkpoint_id: string;
  parent_id: string | null;
  type: string;
  checkpoint: Uint8Array | string;
  metadata_type: string;
  metadata: Uint8Array | string;
}

export interface SaverValueRow {
  channel: string;
  version: string;
  base: string | null;
  base_len: number;
  type: string;
  value: Uint8Array | string;
}

const utf8 = new TextDecoder("utf-8");
const textOf = (data: Uint8Array | string) => (typeof data === "string" ? data : utf8.decode(data));
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Every (thread, namespace) with its checkpoint count and head (largest id), as interop's namespaceRows. */
export function saverNamespaces(db: RawDatabase): Array<{ thread_id: string; checkpoint_ns: string; count: number; head_id: string }> {
  return db.all("SELECT thread_id, checkpoint_ns, COUNT(*) AS count, MAX(checkpoint_id) AS head_id FROM lg_checkpoints GROUP BY thread_id, checkpoint_ns ORDER BY thread_id, checkpoint_ns");
}

/** A value rebuilt from its chain: JSON text when every row of the chain is JSON, else a shown value. */
type Rebuilt = { json: string; items: number | null } | { shown: unknown; problem?: string } | { missing: string };

/** Rebuilds channel versions of one namespace, each once. */
class ValueChains {
  private readonly memo = new Map<string, Rebuilt>();

  constructor(
    private readonly rows: ReadonlyMap<string, SaverValueRow>,
    private readonly where: string,
  ) {}

  /** The value of `channel` at `version`; undefined when the version was never stored (an empty channel). */
  value(channel: string, version: string): Rebuilt | undefined {
    const key = `${channel}\u0000${version}`;
    const known = this.memo.get(key);
    if (known) return known;
    // Walk down to the whole value, then rebuild upwards (no recursion: chains can be long).
    const chain: SaverValueRow[] = [];
    for (let at: string | null = version; at !== null; ) {
      const row = this.rows.get(`${channel}\u0000${at}`);
      if (!row) {
        if (chain.length === 0) return undefined;
        const result: Rebuilt = { missing: `Channel "${channel}" version ${chain.at(-1)!.version} extends version ${at}, which is not stored (${this.where}); the channel is shown empty.` };
        this.memo.set(key, result);
        return result;
      }
      chain.push(row);
      if (this.memo.has(`${channel}\u0000${row.base}`)) break;
      at = row.base;
    }
    let result: Rebuilt | undefined;
    for (let index = chain.length - 1; index >= 0; index -= 1) {
      const row = chain[index]!;
      const base = row.base === null ? undefined : (this.memo.get(`${channel}\u0000${row.base}`) ?? undefined);
      result = this.extend(channel, row, base);
      this.memo.set(`${channel}\u0000${row.version}`, result);
    }
    return result;
  }

  private extend(channel: string, row: SaverValueRow, base: Rebuilt | undefined): Rebuilt {
    const what = `the value of channel "${channel}" at version ${row.version} (${this.where})`;
    if (row.base === null || base === undefined) {
      if (row.type === "json") return { json: textOf(row.value), items: null };
      const decoded = decodePayload(row.type, row.value, what);
      return decoded.problem ? { shown: decoded.value, problem: decoded.problem } : { shown: decoded.value };
    }
    if ("missing" in base) return base;
    if ("json" in base && row.type === "json") {
      const own = textOf(row.value);
      // Each delta appends to its whole base (base_len is the base's length); otherwise cut the base by parsing it.
      const baseItems = base.items ?? (JSON.parse(base.json) as unknown[]).length;
      const kept = baseItems === row.base_len ? base.json : JSON.stringify((JSON.parse(base.json) as unknown[]).slice(0, row.base_len));
      const ownItems = (JSON.parse(own) as unknown[]).length;
      const head = kept.slice(1, -1);
      const tail = own.slice(1, -1);
      return { json: `[${head}${head && tail ? "," : ""}${tail}]`, items: row.base_len + ownItems };
    }
    const baseShown = "json" in base ? decodePayload("json", base.json, what).value : base.shown;
    const ownShown = decodePayload(row.type, row.value, what).value;
    return { shown: (baseShown as unknown[]).slice(0, row.base_len).concat(ownShown as unknown[]) };
  }
}

/** A pending write row as the history needs it. */
export interface SaverWriteRow {
  checkpoint_id: string;
  task_id: string;
  idx: number;
  channel: string;
  type: string;
  value: Uint8Array;
}

/** One (thread, namespace)'s rows, however they were read: a SQLite file here, PostgreSQL through pg-source.ts. */
export interface SaverNamespaceRows {
  /** Oldest (smallest id) first. */
  checkpoints: SaverCheckpointRow[];
  values: SaverValueRow[];
  /** By checkpoint, each in LangGraph's order (task path, task id, index). */
  writes: SaverWriteRow[];
}

/** An SQL condition on `channel` that holds for every routing channel's name (and a few others); the same text on SQLite and PostgreSQL. */
export const ROUTING_SQL = "(channel LIKE '\\_\\_%' ESCAPE '\\' OR channel LIKE 'branch:%' OR channel LIKE 'join:%' OR channel LIKE 'start:%')";

/** Read one (thread, namespace) of a saver file; null when it has no checkpoint. */
export function loadSaverHistory(db: RawDatabase, threadId: string, namespace: string): NamespaceHistory | null {
  return saverHistory(db.file, threadId, namespace, readSaverRows(db, threadId, namespace));
}

/**
 * Every row of one (thread, namespace) of a saver file (no checkpoint: empty lists); with `routingOnly`, only
 * the values of channels whose names could route a run (`__`, branch:, join:, start:; light.ts picks among them).
 */
export function readSaverRows(db: RawDatabase, threadId: string, namespace: string, routingOnly = false): SaverNamespaceRows {
  const checkpoints = db.all<SaverCheckpointRow>(
    "SELECT checkpoint_id, parent_id, type, checkpoint, metadata_type, metadata FROM lg_checkpoints WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id",
    threadId,
    namespace,
  );
  if (checkpoints.length === 0) return { checkpoints, values: [], writes: [] };
  const values = db.all<SaverValueRow>(
    `SELECT channel, version, base, base_len, type, value FROM lg_values WHERE thread_id = ? AND checkpoint_ns = ?${routingOnly ? ` AND ${ROUTING_SQL}` : ""}`,
    threadId,
    namespace,
  );
  const writes = db.all<SaverWriteRow>(
    "SELECT checkpoint_id, task_id, idx, channel, type, value FROM lg_writes WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id, task_path, task_id, idx",
    threadId,
    namespace,
  );
  return { checkpoints, values, writes };
}

/** The history of one (thread, namespace) from its rows; null when it has no checkpoint. `file` (a path or a masked URL) names the database in messages. */
export function saverHistory(file: string, threadId: string, namespace: string, rows: SaverNamespaceRows): NamespaceHistory | null {
  if (rows.checkpoints.length === 0) return null;
  const ns = namespace ? ` (namespace "${namespace}")` : "";
  const chains = new ValueChains(new Map(rows.values.map((row) => [`${row.channel}\u0000${row.version}`, row])), `thread "${threadId}"${ns} in "${file}"`);
  const checkpoints = rows.checkpoints.map((row) => loadSaverCheckpoint(row, threadId, namespace, file, chains));
  const writes = rows.writes.map((row) => loadWrite(row, `checkpoint "${row.checkpoint_id}" of thread "${threadId}"${ns} in "${file}"`));
  return new NamespaceHistory(file, threadId, namespace, "js", checkpoints, writes);
}

function loadSaverCheckpoint(row: SaverCheckpointRow, threadId: string, namespace: string, file: string, chains: ValueChains): LoadedCheckpoint {
  let body: Record<string, unknown> | null = null;
  if (row.type === "json") {
    try {
      const parsed: unknown = JSON.parse(textOf(row.checkpoint));
      if (isRecord(parsed)) body = parsed;
    } catch {
      // Left to loadCheckpoint, which reports the unreadable blob with its place.
    }
  }
  const shownLater: Array<[string, Rebuilt]> = [];
  let checkpointText: Uint8Array | string = row.checkpoint;
  if (body !== null) {
    const parts: string[] = [];
    const versions = isRecord(body.channel_versions) ? body.channel_versions : {};
    const inline = isRecord(body.channel_values) ? body.channel_values : {};
    for (const [channel, value] of Object.entries(inline)) parts.push(`${JSON.stringify(channel)}:${JSON.stringify(value)}`);
    for (const [channel, version] of Object.entries(versions)) {
      if (Object.hasOwn(inline, channel)) continue;
      const value = chains.value(channel, String(version));
      if (value === undefined) continue;
      if ("json" in value) parts.push(`${JSON.stringify(channel)}:${value.json}`);
      else shownLater.push([channel, value]);
    }
    const { channel_values: _inline, ...rest } = body;
    const others = JSON.stringify(rest).slice(1);
    checkpointText = `{"channel_values":{${parts.join(",")}}${others === "}" ? "}" : `,${others}`}`;
  }
  // LangGraph.js's SqliteSaver keeps the metadata with the checkpoint's type; the saver keeps its own.
  const loaded = loadCheckpoint(
    { thread_id: threadId, checkpoint_ns: namespace, checkpoint_id: row.checkpoint_id, parent_checkpoint_id: row.parent_id, type: row.type, checkpoint: checkpointText, metadata: row.metadata },
    "js",
    file,
  );
  if (row.metadata_type !== row.type) {
    const metadata = decodePayload(row.metadata_type, row.metadata, `the metadata of checkpoint "${row.checkpoint_id}" in "${file}"`);
    if (isRecord(metadata.value)) loaded.metadata = metadata.value;
  }
  for (const [channel, value] of shownLater) {
    if ("missing" in value) loaded.problems.push(value.missing);
    else if ("shown" in value) {
      loaded.channelValues[channel] = value.shown;
      if (value.problem) loaded.problems.push(value.problem);
    }
  }
  return loaded;
}
