/**
 * A long LangGraph timeline on PostgreSQL without decoding every checkpoint. The skeleton is the whole
 * namespace with the JSONB cut down in SQL (langgraph-window-reads.ts): versions, what each node saw,
 * times, metadata, and only the values that decide which nodes run next (joins, Send packets, delta
 * snapshots); every other channel is a name whose value is null, and writes carry values only where they
 * name nodes. The same NamespaceHistory and HistoryViews as the whole read work over it, so the facts
 * that span the namespace (nodes, triggers, children, write counts) and each row's next nodes and stops
 * are the whole read's. A window then decodes its checkpoints in full and lays them over the skeleton,
 * so its rows are the whole read's by construction (a row reads names only today: who wrote it comes from
 * its parent's tasks and the channels of their writes); rows with error or interrupt writes (the only
 * ones whose errors, waits or fixed errors can show) are decoded that way for the skeleton too. The graph
 * inferred from history reads tasks, write channels and routes' values, so it is drawn from the skeleton.
 */
import type { TimelineSkeletonRow } from "../../api/history-source.ts";
import type { CheckpointEntry, CheckpointVersions, CheckpointView, GraphView } from "../../api/types.ts";
import { decodePayload } from "../serde/payload.ts";
import { NULL_TASK_ID } from "../ids.ts";
import { ERROR, INTERRUPT } from "../langgraph/channels.ts";
import { deltaChannels } from "../langgraph/delta.ts";
import { plannedTasks } from "../langgraph/next.ts";
import { legacySends } from "../langgraph/tasks.ts";
import { plainLightCheckpoint } from "../langgraph/skeleton.ts";
import { NamespaceHistory } from "../langgraph/history.ts";
import { loadWrite, type Dialect, type LoadedCheckpoint, type LoadedWrite } from "../langgraph/model.ts";
import { HistoryViews } from "../langgraph/views.ts";
import { chunks, newestFirst, type QuietRow, skeletonRows, windowIds, windowViews, type WindowSkeleton } from "../langgraph/window-core.ts";
import { decodeCheckpoints, loadPgCheckpoint, type PgPartRows, type PgSkeletonRows, type PgWrite, warnSharedVersions } from "./history.ts";

export interface TimelineRows {
  /** The skeleton's rows (PostgresRows.skeletonRows). */
  skeleton: PgSkeletonRows;
  /** The named checkpoints in full (PostgresRows.windowRows). */
  window(ids: readonly string[]): Promise<PgPartRows>;
}

/** The skeleton's checkpoints: cut down, with a null value for every channel that has a stored value (kept values decoded). */
function lightCheckpoints(file: string, threadId: string, namespace: string, dialect: Dialect, rows: TimelineRows["skeleton"]): LoadedCheckpoint[] {
  const ns = namespace ? ` (namespace "${namespace}")` : "";
  const kept = new Map<string, { type: string; value: unknown }>();
  /** Per channel, the other versions with a stored value. */
  const stored = new Map<string, Set<string>>();
  for (const blob of rows.blobs) {
    if (blob.versions !== null) {
      stored.set(blob.channel, new Set(blob.versions.split("\u001f")));
      continue;
    }
    const what = `the value of channel "${blob.channel}" at version ${blob.version} of thread "${threadId}"${ns} in ${file}`;
    kept.set(`${blob.channel}\u0000${blob.version}`, { type: blob.type!, value: blob.blob === null ? null : decodePayload(blob.type, blob.blob, what).value });
  }
  return rows.checkpoints.map((row) => {
    // A plain row (the usual one) is read from the parsed JSONB as it is; the others are decoded as the whole read decodes them.
    const header = { checkpoint_id: row.checkpoint_id, parent_checkpoint_id: row.parent_checkpoint_id, type: "json" };
    const checkpoint = plainLightCheckpoint(header, row.checkpoint, row.metadata, threadId, namespace) ?? loadPgCheckpoint(row, threadId, namespace, dialect, file);
    for (const [channel, version] of Object.entries(checkpoint.versions)) {
      if (channel in checkpoint.channelValues) continue;
      // As the whole read: an "empty" blob or a missing one leaves the channel out.
      if (stored.get(channel)?.has(String(version))) {
        checkpoint.channelValues[channel] = null;
        continue;
      }
      const blob = kept.get(`${channel}\u0000${String(version)}`);
      if (blob !== undefined && blob.type !== "empty") checkpoint.channelValues[channel] = blob.value;
    }
    return checkpoint;
  });
}

/** Per checkpoint, the warnings warnSharedVersions (history.ts) gives it over the whole namespace, from the skeleton's versions. */
function sharedVersionWarnings(checkpoints: readonly LoadedCheckpoint[]): Map<string, string[]> {
  const copies = checkpoints.map((checkpoint) => ({ ...checkpoint, problems: [] as string[] }));
  warnSharedVersions(copies);
  return new Map(copies.map((copy) => [copy.id, copy.problems]));
}

/** Stored values at most this long are decoded once per skeleton (a long thread's routing writes hold a few distinct ones). */
const SMALL_VALUE = 64;

/**
 * A valued write as loadWrite decodes it; a small value decoded before to a primitive (null, a node's name)
 * is taken from `small` (keyed by type and bytes) rather than decoded again.
 */
function lightWrite(row: PgWrite, small: Map<string, unknown>, where: string): LoadedWrite {
  if (row.value === null || row.value.length > SMALL_VALUE) return loadWrite(row, where);
  const key = `${row.type}\u0000${Buffer.from(row.value.buffer, row.value.byteOffset, row.value.length).toString("latin1")}`;
  if (small.has(key)) return { checkpointId: row.checkpoint_id, taskId: row.task_id, idx: row.idx, channel: row.channel, type: row.type, value: small.get(key) };
  const write = loadWrite(row, where);
  if (write.problem === undefined && (write.value === null || typeof write.value !== "object")) small.set(key, write.value);
  return write;
}

/** The order NamespaceHistory groups writes in: by checkpoint, task and idx. */
function byWriteKey(a: LoadedWrite, b: LoadedWrite): number {
  if (a.checkpointId !== b.checkpointId) return a.checkpointId < b.checkpointId ? -1 : 1;
  if (a.taskId !== b.taskId) return a.taskId < b.taskId ? -1 : 1;
  return a.idx - b.idx;
}

export class PgThreadTimeline {
  private readonly light: HistoryViews;
  /** The light history's facts that span the namespace, for its windows. */
  private readonly facts: WindowSkeleton;
  private readonly lightWrites: LoadedWrite[];
  /** Checkpoints with an error or interrupt write. */
  private readonly outcomeIds = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly threadId: string,
    private readonly namespace: string,
    private readonly dialect: Dialect,
    private readonly rows: TimelineRows,
    /** Already decoded (a skeleton extended by newer rows): the light checkpoints and writes before rows.skeleton's. */
    before?: { checkpoints: LoadedCheckpoint[]; writes: LoadedWrite[] },
  ) {
    const ns = namespace ? ` (namespace "${namespace}")` : "";
    const checkpoints = [...(before?.checkpoints ?? []), ...lightCheckpoints(file, threadId, namespace, dialect, rows.skeleton)];
    const small = new Map<string, unknown>();
    const writes = rows.skeleton.writes.map(
      (row): LoadedWrite =>
        row.valued
          ? lightWrite(row, small, `checkpoint "${row.checkpoint_id}" of thread "${threadId}"${ns} in ${file}`)
          : { checkpointId: row.checkpoint_id, taskId: row.task_id, idx: row.idx, channel: row.channel, type: row.type, value: null },
    );
    this.lightWrites = before ? [...before.writes, ...writes].sort(byWriteKey) : writes;
    for (const write of this.lightWrites) if (write.channel === ERROR || write.channel === INTERRUPT) this.outcomeIds.add(write.checkpointId);
    const history = new NamespaceHistory(file, threadId, namespace, dialect, checkpoints, this.lightWrites);
    this.light = new HistoryViews(history);
    const { children, nodes, triggers, orphanWrites, head } = history;
    this.facts = { file, threadId, namespace, dialect, children, nodes, triggers, orphanWrites, headId: head.id, lightHead: head };
  }

  /** The newest checkpoint id and how many checkpoints and writes the skeleton holds. */
  get extent(): { headId: string; checkpoints: number; writes: number } {
    return { headId: this.light.history.head.id, checkpoints: this.light.history.ordered.length, writes: this.lightWrites.length };
  }

  /**
   * This skeleton with newer rows added (`rows`: the checkpoints after its head, and every write against the
   * checkpoints `reread` says, which replace the ones held for them), decoding only the new rows.
   */
  extended(rows: TimelineRows, reread: (checkpointId: string) => boolean): PgThreadTimeline {
    const kept = this.lightWrites.filter((write) => !reread(write.checkpointId));
    return new PgThreadTimeline(this.file, this.threadId, this.namespace, this.dialect, rows, { checkpoints: this.light.history.ordered, writes: kept });
  }


  /** How many checkpoints the namespace has. */
  get size(): number {
    return this.light.history.ordered.length;
  }

  /**
   * Every checkpoint's TimelineSkeletonRow, newest first, equal to its whole entry but for writers and
   * duration. A row without error or interrupt writes has none of either, so its next nodes are the
   * planned tasks' names (no task ids to compute) and its stop is read from them; the others are decoded.
   */
  async skeleton(): Promise<TimelineSkeletonRow[]> {
    const { history } = this.light;
    const decided = new Map<string, CheckpointEntry>();
    for (const chunk of chunks([...this.outcomeIds].filter((id) => history.byId.has(id)))) for (const entry of await this.entries(chunk)) decided.set(entry.checkpointId, entry);
    const writeCounts = (id: string) => history.writesOf(id).length;
    const quiet = (checkpoint: LoadedCheckpoint): QuietRow => {
      const nullWrites = history.writesOf(checkpoint.id).filter((write) => write.taskId === NULL_TASK_ID);
      const next = plannedTasks({ checkpoint, nullWrites, legacySends: legacySends(history, checkpoint), nodes: history.nodes }).map((task) => task.name);
      const runId = checkpoint.metadata.run_id;
      return { parentId: checkpoint.parentId, step: checkpoint.step, source: checkpoint.source, createdAt: checkpoint.createdAt, next, runId: typeof runId === "string" && runId.length > 0 ? runId : undefined };
    };
    return skeletonRows(history.ordered, decided, quiet, { children: (id) => history.children.get(id)?.length ?? 0, writes: writeCounts });
  }

  /** Who wrote a checkpoint, as the whole read says (an update's writer is told apart with the graph inferred from the whole namespace). */
  writersOf(checkpointId: string): string[] {
    const checkpoint = this.light.history.byId.get(checkpointId);
    return checkpoint ? this.light.authorship(checkpoint).writers : [];
  }

  /**
   * One checkpoint in full, as the whole read gives it, decoding it, its parent (what its writers returned)
   * and its children (whether its step completed, which node an update was written as); its warnings about
   * versions another branch stored first come from the skeleton's versions. Undefined when the checkpoint
   * does not exist, or when the namespace has delta channels (their values are rebuilt from every ancestor:
   * the caller reads the whole history then).
   */
  async view(checkpointId: string): Promise<CheckpointView | undefined> {
    if ((this.deltas ??= deltaChannels(this.light.history)).size > 0) return undefined;
    const around = await this.around(checkpointId);
    if (!around) return undefined;
    around.checkpoint.problems.push(...(this.shared ??= sharedVersionWarnings(this.light.history.ordered)).get(checkpointId)!);
    return around.views.view(around.checkpoint);
  }

  /**
   * The named checkpoints that exist in full, newest first, as view() gives each, decoding them with their
   * parents and children in one window read (inspect's pages). Undefined when the namespace has delta channels.
   */
  async views(ids: readonly string[]): Promise<CheckpointView[] | undefined> {
    if ((this.deltas ??= deltaChannels(this.light.history)).size > 0) return undefined;
    const { history } = this.light;
    const shown = newestFirst(ids, (id) => history.byId.has(id));
    const wanted = windowIds(history.byId, history.children, shown, true);
    if (wanted.size === 0) return [];
    const views = windowViews(this.facts, decodeCheckpoints(this.file, this.threadId, this.namespace, this.dialect, await this.rows.window([...wanted])), () => this.light.graph());
    const shared = (this.shared ??= sharedVersionWarnings(history.ordered));
    return shown.flatMap((id) => {
      const checkpoint = views.history.byId.get(id);
      if (!checkpoint) return [];
      checkpoint.problems.push(...shared.get(id)!);
      return [views.view(checkpoint)];
    });
  }

  /** One checkpoint's versions, versions seen, routes and Send tasks, decoded as view() decodes it. Undefined when it does not exist. */
  async versions(checkpointId: string): Promise<CheckpointVersions | undefined> {
    const around = await this.around(checkpointId);
    return around && around.views.versions(around.checkpoint);
  }

  /** The checkpoint, its parent and its children decoded, in views over the skeleton's facts. */
  private async around(checkpointId: string): Promise<{ views: HistoryViews; checkpoint: LoadedCheckpoint } | undefined> {
    const { history } = this.light;
    const checkpoint = history.byId.get(checkpointId);
    if (!checkpoint) return undefined;
    const ids = windowIds(history.byId, history.children, [checkpointId], true);
    const full = decodeCheckpoints(this.file, this.threadId, this.namespace, this.dialect, await this.rows.window([...ids]));
    const shown = full.checkpoints.find((item) => item.id === checkpointId);
    return shown && { views: windowViews(this.facts, full, () => this.light.graph()), checkpoint: shown };
  }

  private deltas: Set<string> | undefined;
  private shared: Map<string, string[]> | undefined;

  /** The graph inferred from the namespace's history (its tasks, write channels and routes: all in the skeleton). */
  graphView(): GraphView {
    return this.light.graphView();
  }

  /** The timeline rows of the named checkpoints that exist, newest first, as the whole read gives them. */
  async entries(ids: readonly string[]): Promise<CheckpointEntry[]> {
    const { history } = this.light;
    const shown = newestFirst(ids, (id) => history.byId.has(id));
    if (shown.length === 0) return [];
    const full = decodeCheckpoints(this.file, this.threadId, this.namespace, this.dialect, await this.rows.window(shown));
    const byId = new Map(full.checkpoints.map((checkpoint) => [checkpoint.id, checkpoint]));
    // Who wrote a row is read from its parent's tasks and the names of their writes: the skeleton's parent serves.
    for (const id of shown) {
      const parent = history.byId.get(history.byId.get(id)!.parentId ?? "");
      if (parent && !byId.has(parent.id)) byId.set(parent.id, parent);
    }
    const checkpoints = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const writes = [...checkpoints.flatMap((checkpoint) => (full.checkpoints.includes(checkpoint) ? [] : history.writesOf(checkpoint.id))), ...full.writes];
    const views = windowViews(this.facts, { checkpoints, writes });
    return shown.map((id) => views.entry(views.history.byId.get(id)!));
  }
}
