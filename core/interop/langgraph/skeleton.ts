/**
 * The skeleton of one (thread, namespace) of a LangGraph SQLite file: every checkpoint's id, parent, step,
 * source, time and run id, plus the facts about the whole namespace that one checkpoint's timeline row
 * depends on (the node names and trigger channels it mentions, the delta channels, the writes stored
 * against missing checkpoints, which checkpoints have error or interrupt writes), read without decoding
 * the channel values or the writes' values. A window of rows is then decoded alone (history-window.ts).
 *
 * JSON checkpoints (LangGraph.js's default) are read inside SQLite: the row's columns with json_extract, and
 * the thread's distinct channel names and versions_seen keys with json_each, so nothing per row reaches
 * JavaScript but a few scalars. Rows SQLite cannot read that way (Python's msgpack, oversized or malformed
 * JSON, Send packets, metadata.writes, delta snapshots) are decoded one at a time and cut down to what
 * the facts need. The facts themselves are gathered by NamespaceHistory (history.ts): one rule for both. */
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import type { CheckpointSource } from "../../api/types.ts";
import { NULL_TASK_ID } from "../ids.ts";
import { showJson } from "../serde/js-values.ts";
import { ERROR, INTERRUPT, TASKS, type Version } from "./channels.ts";
import { deltaChannels } from "./delta.ts";
import { NamespaceHistory } from "./history.ts";
import { loadCheckpoint, loadWrite, stepFromId, type Dialect, type LoadedCheckpoint, type LoadedWrite } from "./model.ts";
import type { CheckpointRow, WriteRow } from "./rows.ts";
import { plannedOf } from "./tasks.ts";

export interface SkeletonRow {
  id: string;
  parentId: string | null;
  step: number;
  source: LoadedCheckpoint["source"];
  createdAt: number | null;
  /** The nodes LangGraph schedules from it (what the timeline row's `next` says). */
  next: string[];
  /** metadata.run_id when it is a non-empty string. */
  runId?: string;
}

export interface ThreadSkeleton {
  threadId: string;
  namespace: string;
  dialect: Dialect;
  /** Oldest first (by id, which is creation order). */
  rows: SkeletonRow[];
  /** Child ids of each checkpoint, oldest first. */
  children: Map<string, string[]>;
  nodes: Set<string>;
  triggers: Map<string, string[]>;
  /** Delta channels (delta.ts): a state view then needs ancestors, so views are read from the whole history. */
  deltas: Set<string>;
  /** Writes stored against checkpoints that do not exist (values left out: only their count and ids are shown). */
  orphanWrites: LoadedWrite[];
  /** How many writes are stored against each checkpoint. */
  writeCounts: Map<string, number>;
  /** Checkpoints with an error or interrupt write: the only ones whose row can show errors or waiting nodes. */
  outcomeIds: Set<string>;
}

/** Above this many bytes a JSON checkpoint is decoded in JavaScript (where the reading budget applies) rather than read in SQLite. */
const IN_SQL_BYTES = 1_000_000;

const CP = "CAST(checkpoint AS TEXT)";
const META = "CAST(metadata AS TEXT)";

/**
 * Per checkpoint, in one pass (SQLite's JSON cache parses each row once): for JSON rows, what says whether
 * SQLite can read it (plainRow) and, then, what its skeleton and next nodes need: time, versions,
 * versions_seen, channel names with null values but joins', and metadata's step, source and run id.
 * Blobs are read afterwards, only for the rows that are not plain.
 */
const rowsSql = (where: string) => `
  SELECT checkpoint_id, parent_checkpoint_id, type,
    -- CASE, not AND: SQLite may evaluate both sides of an AND, and json_type fails on a msgpack blob.
    CASE WHEN coalesce(type, 'json') = 'json' AND length(CAST(checkpoint AS BLOB)) <= ${IN_SQL_BYTES} THEN CASE WHEN json_valid(${CP}) AND json_valid(${META}) THEN json_array(
      json_type(${CP}, '$.channel_values'), json_type(${META}), json_array_length(${CP}, '$.channel_values.${TASKS}'), json_type(${META}, '$.writes'),
      json_type(${CP}, '$.pending_sends'), instr(${CP}, 'delta_snapshot') + instr(${META}, 'delta_snapshot'),
      json_extract(${CP}, '$.v'), json_extract(${CP}, '$.ts'), json_extract(${CP}, '$.channel_versions'), json_extract(${CP}, '$.versions_seen'),
      json((SELECT json_group_object(j.key, CASE WHEN j.key LIKE 'join:%' THEN json(j.value) END) FROM json_each(${CP}, '$.channel_values') AS j)),
      json_extract(${META}, '$.step'), json_type(${META}, '$.step'), json_extract(${META}, '$.source'), json_extract(${META}, '$.run_id')) END END AS light
    FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ?${where} ORDER BY checkpoint_id LIMIT ?`;
/**
 * At most this many bytes of JSON (checkpoint and metadata together) a row is read as text and parsed whole in
 * JavaScript (textLight): V8's parser reads a small row faster than SQLite's JSON functions pick it apart
 * (20,000 agent checkpoints of 1.4 kB: ~0.2 s against ~0.7 s CPU). Bigger rows take rowsSql, so a page's
 * text stays under LIGHT_PAGE times this.
 */
export const TEXT_BYTES = 16_384;

/** Per checkpoint: its JSON text when it is small (textLight), else none (read by rowsSql). */
const SMALL = `coalesce(type, 'json') = 'json' AND length(CAST(checkpoint AS BLOB)) + coalesce(length(CAST(metadata AS BLOB)), 0) <= ${TEXT_BYTES}`;
const textSql = (where: string) => `
  SELECT checkpoint_id, parent_checkpoint_id, type, CASE WHEN ${SMALL} THEN 1 ELSE 0 END AS small,
    CASE WHEN ${SMALL} THEN ${CP} END AS light, CASE WHEN ${SMALL} THEN ${META} END AS meta
    FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ?${where} ORDER BY checkpoint_id LIMIT ?`;
const ROWS_FIRST = textSql("");
const ROWS_AFTER = textSql(" AND checkpoint_id > ?");
/** The `checkpoint_id IN (...)` condition of `count` ids. */
const idsIn = (count: number) => ` AND checkpoint_id IN (${Array.from({ length: count }, () => "?").join(", ")})`;

/**
 * Rows per statement of the light read. A 20,000-checkpoint thread read in one statement held every row's
 * JSON text at once (long-lived enough to be moved to V8's old space, which then stayed grown: the host's
 * RSS); a page's text is let go before the next page is read, so the transient memory is a page's.
 */
export const LIGHT_PAGE = 1_000;

/** What rowsSql's `light` array holds, in order. */
type LightColumns = [
  valuesType: string | null,
  metadataType: string | null,
  packets: number | null,
  writesType: string | null,
  pendingSendsType: string | null,
  snapshots: number,
  v: unknown,
  ts: unknown,
  versions: unknown,
  versionsSeen: unknown,
  channelValues: Record<string, unknown>,
  step: unknown,
  stepType: string | null,
  source: unknown,
  runId: unknown,
];

/**
 * Whether SQLite read the row whole: a channel_values object, metadata an object, nothing that names nodes
 * outside channel names (no Send packets, metadata.writes or delta snapshots), format 4 or later (older ones
 * keep Send packets elsewhere).
 */
function plainRow(light: LightColumns): boolean {
  const [valuesType, metadataType, packets, writesType, pendingSendsType, snapshots, v] = light;
  return valuesType === "object" && metadataType === "object" && !packets && writesType === null && pendingSendsType === null && snapshots === 0 && (typeof v !== "number" || v >= 4);
}

/** The rows that are not plain, whole, to decode in JavaScript. */
function heavyRows(db: RawDatabase, threadId: string, namespace: string, ids: readonly string[]): Map<string, CheckpointRow> {
  const rows = new Map<string, CheckpointRow>();
  for (let i = 0; i < ids.length; i += 400) {
    const chunk = ids.slice(i, i + 400);
    for (const row of db.all<CheckpointRow>(
      `SELECT thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id IN (${chunk.map(() => "?").join(", ")})`,
      threadId,
      namespace,
      ...chunk,
    ))
      rows.set(row.checkpoint_id, row);
  }
  return rows;
}

/**
 * Every write without its value, but Send packets' (they name nodes), the null task's (a Command given as
 * input: it can schedule nodes) and, with `routes`, every routing write's (the inferred graph's edges, graph.ts),
 * by (checkpoint, task, idx) as NamespaceHistory groups them. LIKE is case-blind: a few more values at most.
 */
function writesSql(routes: boolean, where: string): string {
  const valued = `channel = '${TASKS}' OR task_id = '${NULL_TASK_ID}'${routes ? " OR channel LIKE 'branch:%' OR channel LIKE 'join:%' OR channel LIKE 'start:%'" : ""}`;
  return `SELECT checkpoint_id, task_id, idx, channel, type, CASE WHEN ${valued} THEN value END AS value, ${valued} AS valued
    FROM writes WHERE thread_id = ? AND checkpoint_ns = ?${where} ORDER BY checkpoint_id, task_id, idx LIMIT ?`;
}

/**
 * Every write of the namespace (writesSql's columns), a page at a time after the primary key's last row
 * (LangGraph's schemas declare its columns NOT NULL), each page loaded before the next is read.
 */
function lightWrites(db: RawDatabase, threadId: string, namespace: string, routes: boolean, page: number, intern: (text: string) => string): LoadedWrite[] {
  const where = (id: string) => `checkpoint "${id}" of thread "${threadId}" in "${db.file}"`;
  const writes: LoadedWrite[] = [];
  const pages = keysetPages(
    page,
    (after: [string, string, number] | undefined) =>
      after
        ? db.all<WriteRow & { valued: number }>(writesSql(routes, " AND (checkpoint_id, task_id, idx) > (?, ?, ?)"), threadId, namespace, ...after, page)
        : db.all<WriteRow & { valued: number }>(writesSql(routes, ""), threadId, namespace, page),
    (last): [string, string, number] => [last.checkpoint_id, last.task_id, last.idx],
  );
  // Rows come in key order: a checkpoint's writes, and a task's, are next to each other, so an id equal to the
  // previous row's is that row's string, without a lookup (hashing every row's fresh ids was a tenth of the
  // light read). A task id is its checkpoint's alone: kept once per task, it needs no lookup at all.
  let previous: LoadedWrite | undefined;
  for (const rows of pages)
    for (const row of rows) {
      const write = lightWrite(row, where);
      write.checkpointId = write.checkpointId === previous?.checkpointId ? previous.checkpointId : intern(write.checkpointId);
      if (write.taskId === previous?.taskId) write.taskId = previous.taskId;
      write.channel = intern(write.channel);
      writes.push((previous = write));
    }
  return writes;
}

/** A writesSql row as a write, its value only where the read kept it. */
function lightWrite(row: WriteRow & { valued: number }, where: (id: string) => string): LoadedWrite {
  return row.valued ? loadWrite(row, where(row.checkpoint_id)) : { checkpointId: row.checkpoint_id, taskId: row.task_id, idx: row.idx, channel: row.channel, type: row.type, value: null };
}

/**
 * The named checkpoints that exist (at most a few hundred), without values as readLightHistory reads them,
 * oldest first, with every write stored against them (routing writes' values included, for who wrote an
 * update). A window of the history without values: what a timeline row reads.
 */
export function readLightWindow(db: RawDatabase, threadId: string, namespace: string, dialect: Dialect, ids: readonly string[]): { checkpoints: LoadedCheckpoint[]; writes: LoadedWrite[] } {
  if (ids.length === 0) return { checkpoints: [], writes: [] };
  const checkpoints = lightPage(db, db.all<TextSqlRow>(textSql(idsIn(ids.length)), threadId, namespace, ...ids, ids.length), threadId, namespace, dialect);
  const where = (id: string) => `checkpoint "${id}" of thread "${threadId}" in "${db.file}"`;
  const rows = db.all<WriteRow & { valued: number }>(writesSql(true, idsIn(ids.length)), threadId, namespace, ...ids, -1);
  return { checkpoints, writes: rows.map((row) => lightWrite(row, where)) };
}

/**
 * The rows of one ordered read, `page` at a time: `read(undefined)` is the first page, `read(key)` the page
 * after the row whose key it is (keyOf of the previous page's last row); it stops after a short page. The
 * caller is done with a page before the next is read.
 */
function* keysetPages<R, K>(page: number, read: (after: K | undefined) => R[], keyOf: (last: R) => K): Generator<R[]> {
  let after: K | undefined;
  for (;;) {
    const rows = read(after);
    yield rows;
    if (rows.length < page) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

interface SkeletonSqlRow {
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  type: string | null;
  light: string | null;
}

/** A textSql row: its checkpoint's JSON text (`light`) and metadata's (`meta`) only when the row is `small`. */
interface TextSqlRow {
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  type: string | null;
  small: number;
  light: string | null;
  meta: string | null;
}

/** SQLite's json_type of a parsed value (null when absent), as far as plainRow and the step read tell types apart. */
function jsonType(value: unknown): string | null {
  if (value === undefined) return null;
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "real";
  return typeof value === "object" ? "object" : typeof value === "string" ? "text" : String(value);
}

/** Set a channel's value as an own property (a "__proto__" channel stays a channel, as JSON.parse keeps it). */
function setChannel(values: Record<string, unknown>, channel: string, value: unknown): void {
  if (channel === "__proto__") Object.defineProperty(values, channel, { value, enumerable: true, writable: true, configurable: true });
  else values[channel] = value;
}

/** SQLite's LIKE 'join:%' (ASCII case-blind), as rowsSql keeps join channels' values. */
const JOIN = /^join:/i;

/**
 * rowsSql's `light` array of a small row, from its JSON text parsed in JavaScript: the same columns SQLite's
 * JSON functions give (invalid JSON: null, decoded whole as SQLite's json_valid would have it).
 */
function textLight(body: string, meta: string): LightColumns | null {
  let checkpoint: unknown;
  let metadata: unknown;
  try {
    checkpoint = JSON.parse(body);
    metadata = JSON.parse(meta);
  } catch {
    return null;
  }
  // A path into an array or a scalar is absent, as in SQLite.
  const cp: Record<string, unknown> = isRecord(checkpoint) ? checkpoint : {};
  const md: Record<string, unknown> = isRecord(metadata) ? metadata : {};
  const values = cp.channel_values;
  const packets = isRecord(values) && values[TASKS] !== undefined ? (Array.isArray(values[TASKS]) ? values[TASKS].length : 0) : null;
  const channelValues: Record<string, unknown> = {};
  if (isRecord(values)) for (const channel in values) setChannel(channelValues, channel, JOIN.test(channel) ? values[channel] : null);
  const snapshots = body.includes("delta_snapshot") || meta.includes("delta_snapshot") ? 1 : 0;
  const absent = (value: unknown) => (value === undefined ? null : value);
  return [
    jsonType(values),
    jsonType(metadata),
    packets,
    jsonType(md.writes),
    jsonType(cp.pending_sends),
    snapshots,
    absent(cp.v),
    absent(cp.ts),
    absent(cp.channel_versions),
    absent(cp.versions_seen),
    channelValues,
    absent(md.step),
    jsonType(md.step),
    absent(md.source),
    absent(md.run_id),
  ];
}

const SOURCES = new Set(["input", "loop", "update", "fork"]);

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

const isVersion = (version: unknown) => typeof version === "number" || typeof version === "string";

/** The versions of a parsed map (model.ts's rule: only numbers and strings), the parsed object itself when it is all versions. */
function versionsOf(value: unknown): Record<string, Version> {
  if (!isRecord(value)) return {};
  // Most maps are all versions: keep the parsed object rather than copy 20,000 of them.
  let all = true;
  for (const channel in value) if (!isVersion(value[channel])) all = false;
  if (all) return value as Record<string, Version>;
  const out: Record<string, Version> = {};
  for (const [channel, version] of Object.entries(value)) if (isVersion(version)) out[channel] = version as Version;
  return out;
}

/** A checkpoint SQLite read, as loadCheckpoint (model.ts) would decode it, with null channel values but joins'. */
function lightCheckpoint(row: Pick<SkeletonSqlRow, "checkpoint_id" | "parent_checkpoint_id" | "type">, light: LightColumns, threadId: string, namespace: string): LoadedCheckpoint {
  const [, , , , , , v, tsValue, versions, seen, values, stepValue, stepType, sourceValue, runId] = light;
  const ts = typeof tsValue === "string" ? tsValue : null;
  const parsed = ts ? Date.parse(ts) : NaN;
  const step = stepType === "integer" || stepType === "real" ? Number(stepValue) : stepFromId(row.checkpoint_id);
  const source = typeof sourceValue === "string" && SOURCES.has(sourceValue) ? (sourceValue as CheckpointSource) : row.parent_checkpoint_id ? "loop" : "input";
  return {
    ...STAND_IN,
    id: row.checkpoint_id,
    parentId: row.parent_checkpoint_id,
    threadId,
    namespace,
    type: row.type,
    v: typeof v === "number" ? v : null,
    ts,
    createdAt: Number.isNaN(parsed) ? null : parsed,
    channelValues: lightValues(values),
    versions: versionsOf(versions),
    versionsSeen: seenOf(seen),
    metadata: typeof runId === "string" ? { run_id: runId } : {},
    step,
    source,
  };
}

/**
 * A checkpoint already parsed (PostgreSQL's JSONB, channel values cut to null but joins', Send packets and delta
 * snapshots), as lightCheckpoint reads it when the row is plain (plainRow's rule, judged on the objects);
 * null when it is not, for the caller to decode it whole. `checkpoint` is taken over (its channel values
 * are kept as they are): pass a copy when it is used elsewhere.
 */
export function plainLightCheckpoint(row: Omit<SkeletonSqlRow, "light">, checkpoint: unknown, metadata: unknown, threadId: string, namespace: string): LoadedCheckpoint | null {
  if (!isRecord(checkpoint) || !isRecord(metadata)) return null;
  const values = checkpoint.channel_values === undefined ? {} : checkpoint.channel_values;
  if (!isRecord(values)) return null;
  const packets = values[TASKS];
  for (const channel in values) {
    const value = values[channel];
    if (value !== null && typeof value === "object" && !channel.startsWith("join:") && channel !== TASKS) return null;
  }
  const step = metadata.step;
  const light: LightColumns = [
    "object",
    "object",
    Array.isArray(packets) ? packets.length : null,
    metadata.writes === undefined ? null : "present",
    checkpoint.pending_sends === undefined ? null : "present",
    JSON.stringify(metadata).includes("delta_snapshot") ? 1 : 0,
    checkpoint.v,
    checkpoint.ts,
    checkpoint.channel_versions,
    checkpoint.versions_seen,
    values,
    step,
    typeof step === "number" ? "real" : null,
    metadata.source,
    metadata.run_id,
  ];
  return plainRow(light) ? lightCheckpoint(row, light, threadId, namespace) : null;
}

/** versions_seen with versionsOf's rule per node; the parsed object itself when every node's map is all versions (the usual case: no copy per row). */
function seenOf(seen: unknown): Record<string, Record<string, Version>> {
  if (!isRecord(seen)) return {};
  let same = true;
  for (const node in seen) if (versionsOf(seen[node]) !== seen[node]) same = false;
  if (same) return seen as Record<string, Record<string, Version>>;
  const versionsSeen: Record<string, Record<string, Version>> = {};
  for (const [node, map] of Object.entries(seen)) versionsSeen[node] = versionsOf(map);
  return versionsSeen;
}

/** Channel values as SQLite read them (null but joins'), joins shown as loadCheckpoint shows them; the parsed object itself when all are null. */
function lightValues(values: Record<string, unknown>): Record<string, unknown> {
  let shown = false;
  for (const channel in values) if (values[channel] !== null) shown = true;
  if (!shown) return values;
  const channelValues: Record<string, unknown> = {};
  for (const channel in values) setChannel(channelValues, channel, values[channel] === null ? null : showJson(values[channel]));
  return channelValues;
}

const keptInJs = (channel: string, value: unknown) =>
  channel === TASKS || channel.startsWith("join:") || (value !== null && typeof value === "object" && "$delta_snapshot" in value);

/** A decoded checkpoint with only what the facts and next nodes read: channel names, versions, Send packets, join and delta values, metadata. */
function cutDown(checkpoint: LoadedCheckpoint): LoadedCheckpoint {
  const channelValues: Record<string, unknown> = {};
  for (const [channel, value] of Object.entries(checkpoint.channelValues)) channelValues[channel] = keptInJs(channel, value) ? value : null;
  return { ...checkpoint, channelValues, problems: [], payload: { value: null }, metadataPayload: { value: null } };
}

/**
 * One (thread, namespace) as a NamespaceHistory without values: checkpoints with channel names, versions and
 * the values that schedule nodes (Send packets, joins), writes with the values `routes` asks for. The next
 * nodes, who ran and (with routes) the inferred graph come out of it as from the whole history. Null when
 * the namespace has no checkpoint.
 */
export function readLightHistory(db: RawDatabase, threadId: string, namespace: string, dialect: Dialect, routes = false, page = LIGHT_PAGE): NamespaceHistory | null {
  const checkpoints: LoadedCheckpoint[] = [];
  // Each row brings its own copy of every id and name: one copy each is kept (the writes name the checkpoints
  // they were stored against, a task's writes its id, channels repeat): 34.5 MB held -> 28.3 MB on 20,000 checkpoints.
  const strings = new Map<string, string>();
  const intern = (text: string) => {
    const kept = strings.get(text);
    if (kept !== undefined) return kept;
    strings.set(text, text);
    return text;
  };
  const pages = keysetPages(
    page,
    (after: string | undefined) =>
      after === undefined ? db.all<TextSqlRow>(ROWS_FIRST, threadId, namespace, page) : db.all<TextSqlRow>(ROWS_AFTER, threadId, namespace, after, page),
    (last) => last.checkpoint_id,
  );
  for (const sqlRows of pages) {
    for (const checkpoint of lightPage(db, sqlRows, threadId, namespace, dialect)) {
      checkpoint.id = intern(checkpoint.id);
      if (checkpoint.parentId !== null) checkpoint.parentId = intern(checkpoint.parentId);
      checkpoints.push(checkpoint);
    }
  }
  if (checkpoints.length === 0) return null;
  return new NamespaceHistory(db.file, threadId, namespace, dialect, checkpoints, lightWrites(db, threadId, namespace, routes, page, intern));
}

/**
 * One page of textSql's rows as light checkpoints: small rows parsed in JavaScript (textLight), bigger ones
 * read by rowsSql, the rows neither could read decoded whole and cut down.
 */
function lightPage(db: RawDatabase, sqlRows: readonly TextSqlRow[], threadId: string, namespace: string, dialect: Dialect): LoadedCheckpoint[] {
  // Not JSON (Python's msgpack): decoded whole, as rowsSql would leave it.
  const big = sqlRows.filter((row) => !row.small && (row.type ?? "json") === "json").map((row) => row.checkpoint_id);
  const inSql = new Map<string, LightColumns | null>();
  for (let i = 0; i < big.length; i += 400) {
    const chunk = big.slice(i, i + 400);
    for (const row of db.all<SkeletonSqlRow>(rowsSql(idsIn(chunk.length)), threadId, namespace, ...chunk, chunk.length)) inSql.set(row.checkpoint_id, row.light === null ? null : (JSON.parse(row.light) as LightColumns));
  }
  const lights = sqlRows.map((row) => (row.small ? (row.light !== null && row.meta !== null ? textLight(row.light, row.meta) : null) : (inSql.get(row.checkpoint_id) ?? null)));
  // Rows SQLite could not read are decoded one at a time and cut down at once, so memory holds no values.
  const heavy = heavyRows(db, threadId, namespace, sqlRows.filter((_, index) => !(lights[index] && plainRow(lights[index]!))).map((row) => row.checkpoint_id));
  return sqlRows.flatMap((row, index) => {
    const light = lights[index];
    if (light && plainRow(light)) return [lightCheckpoint(row, light, threadId, namespace)];
    const whole = heavy.get(row.checkpoint_id);
    // Gone between the two reads (only an explicit prune deletes): left out, as a read after it would.
    return whole ? [cutDown(loadCheckpoint(whole, dialect, db.file))] : [];
  });
}

/**
 * Read the skeleton of one (thread, namespace); null when it has no checkpoint. `light` is a history
 * readLightHistory already read (with or without routes: the skeleton reads no write value but the null task's and Send packets).
 */
export function readSkeleton(db: RawDatabase, threadId: string, namespace: string, dialect: Dialect, light?: NamespaceHistory | null): ThreadSkeleton | null {
  const history = light === undefined ? readLightHistory(db, threadId, namespace, dialect) : light;
  if (!history) return null;
  const checkpoints = history.ordered;
  const writeCounts = new Map<string, number>();
  const outcomeIds = new Set<string>();
  for (const [id, list] of history.writes) {
    writeCounts.set(id, list.length);
    if (list.some((write) => write.channel === ERROR || write.channel === INTERRUPT)) outcomeIds.add(id);
  }
  return {
    threadId,
    namespace,
    dialect,
    rows: checkpoints.map((checkpoint) => skeletonRow(history, checkpoint)),
    children: history.children,
    nodes: history.nodes,
    triggers: history.triggers,
    deltas: deltaChannels(history),
    orphanWrites: history.orphanWrites,
    writeCounts,
    outcomeIds,
  };
}

/** The fields a light checkpoint (lightCheckpoint) does not read from SQLite: none of them is shown. */
const STAND_IN: LoadedCheckpoint = {
  id: "",
  parentId: null,
  threadId: "",
  namespace: "",
  type: null,
  readable: true,
  v: null,
  ts: null,
  createdAt: null,
  channelValues: {},
  versions: {},
  versionsSeen: {},
  pendingSends: null,
  metadata: {},
  step: 0,
  source: "input",
  problems: [],
  payload: { value: null },
  metadataPayload: { value: null },
};

function skeletonRow(history: NamespaceHistory, checkpoint: LoadedCheckpoint): SkeletonRow {
  // The nodes LangGraph schedules from the checkpoint (tasks.ts's planned tasks, before matching writes to them; kept
  // on the history for the graph inferred from it).
  const next = plannedOf(history, checkpoint).map((task) => task.name);
  const row: SkeletonRow = { id: checkpoint.id, parentId: checkpoint.parentId, step: checkpoint.step, source: checkpoint.source, createdAt: checkpoint.createdAt, next };
  const runId = checkpoint.metadata.run_id;
  if (typeof runId === "string" && runId.length > 0) row.runId = runId;
  return row;
}
