/**
 * "Edit state as node" on LangGraph's PostgresSaver tables, written in LangGraph.js's own format so that
 * LangGraph.js's PostgresSaver resumes from it: the checkpoint as JSONB without channel_values, each
 * edited channel's value as a checkpoint_blobs row at the new version ("empty" for a cleared channel),
 * and, when the edited checkpoint is the head, the update task's writes in checkpoint_writes. The plan
 * (routes, versions, next) is the SQLite writer's (plan.ts, routes.ts, js-format.ts).
 *
 * Promises:
 * - Opening reads only; the first edit opens one read-write connection. Each edit is one transaction
 *   that locks the thread, re-reads it, checks, and only INSERTs. The rows and the transaction come from
 *   a PgEditStore (core/storage/postgres/langgraph-writes.ts implements it; core/debugger wires it).
 * - The new version is above every integer version stored for the thread's namespace, so it cannot
 *   collide with a value another branch stored (LangGraph.js issue #1812), nor can the versions
 *   LangGraph.js counts up from it when it resumes.
 * - Python LangGraph's tables (text versions, msgpack blobs) are refused with READ_ONLY saying why.
 */
import { ChronographError } from "../../api/errors.ts";
import type { ThreadKey } from "../../api/types.ts";
import { uuid5 } from "../ids.ts";
import type { NamespaceHistory } from "../langgraph/history.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import { HistoryViews } from "../langgraph/views.ts";
import { loadPostgresHistory, type PostgresRows } from "../postgres/history.ts";
import { EncodeError } from "../serde/python-values.ts";
import { editAnswer, type EditAnswer } from "./can-edit.ts";
import type { LangGraphEditor } from "./editor.ts";
import { jsUpdateRows, nextJsVersion } from "./js-format.ts";
import { knownChannels, planUpdate, type UpdatePlan } from "./plan.ts";
import { resolveRoutes } from "./routes.ts";
import type { UpdateOptions } from "./writer.ts";

/** One value per (channel, version): a serializer type and bytes, or type "empty" with no bytes. */
export interface PgBlobInsert {
  channel: string;
  version: string;
  type: string;
  blob: Uint8Array | null;
}

/** What an edit sees inside its transaction (on LangGraph's tables of one schema, thread and namespace). */
export interface PgEditTransaction {
  /** The thread's rows, read inside the transaction. */
  rows: PostgresRows;
  /** The largest checkpoint id of the thread (any namespace), or null. */
  maxCheckpointId(): Promise<string | null>;
  /** The largest integer version stored for any channel of the (thread, namespace), 0 when none. */
  maxIntegerVersion(): Promise<number>;
  /** Stored JSON values by channel for these (channel, version) pairs, parsed as stored. */
  storedJson(versions: Record<string, unknown>): Promise<Map<string, unknown>>;
  insert(
    checkpoint: { checkpointId: string; parentId: string | null; checkpoint: unknown; metadata: unknown },
    blobs: PgBlobInsert[],
    writes: Array<{ checkpointId: string; taskId: string; idx: number; channel: string; type: string; blob: Uint8Array }>,
  ): Promise<void>;
}

/** LangGraph's tables in one schema: read-only rows, and one locked read-write transaction per edit. */
export interface PgEditStore {
  /** The masked URL (with ?schema=), naming the database in messages. */
  readonly where: string;
  readonly rows: PostgresRows;
  transaction<T>(threadId: string, namespace: string, work: (tx: PgEditTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Nodes and channels of the other namespaces of the same graph shape, read only when an edit names one this thread lacks. */
interface Elsewhere {
  nodes: Set<string>;
  channels: Set<string>;
}
const NOWHERE: Elsewhere = { nodes: new Set(), channels: new Set() };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class PostgresLangGraphWriter implements LangGraphEditor {
  constructor(private readonly store: PgEditStore) {}

  get path(): string {
    return this.store.where;
  }

  async canEdit(thread: ThreadKey, checkpointId: string, channels?: readonly string[]): Promise<EditAnswer> {
    const history = await this.load(this.store.rows, thread);
    const checkpoint = this.checkpointOf(history, checkpointId);
    if (history.dialect !== "js") return { canEdit: false, reason: pythonRefusal(history, checkpoint) };
    return editAnswer(history, checkpoint, "js", channels);
  }

  async previewUpdate(thread: ThreadKey, checkpointId: string, values: Record<string, unknown>, asNode: string, options: UpdateOptions = {}): Promise<{ next: string[]; routes: string[] }> {
    const views = new HistoryViews(await this.load(this.store.rows, thread));
    const checkpoint = this.checkpointOf(views.history, checkpointId);
    const plan = await this.plan(this.store.rows, views, checkpoint, values, asNode, options, nextJsVersion(checkpoint));
    return { next: plan.next, routes: [...plan.set.keys()].filter((channel) => !(channel in values)) };
  }

  /** Write `values` as node `asNode`: a new checkpoint, child of the given one, in one transaction. Returns its id. */
  updateState(thread: ThreadKey, checkpointId: string, values: Record<string, unknown>, asNode: string, options: UpdateOptions = {}): Promise<{ checkpointId: string; next: string[] }> {
    const namespace = thread.namespace ?? "";
    return this.store.transaction(thread.threadId, namespace, async (tx) => {
      const history = await this.load(tx.rows, thread);
      const views = new HistoryViews(history);
      const checkpoint = this.checkpointOf(history, checkpointId);
      const answer: EditAnswer = history.dialect === "js" ? editAnswer(history, checkpoint, "js", Object.keys(values)) : { canEdit: false, reason: pythonRefusal(history, checkpoint) };
      if (!answer.canEdit) throw new ChronographError("READ_ONLY", answer.reason!, { database: this.path, thread: thread.threadId, checkpoint: checkpointId });
      const version = Math.max(nextJsVersion(checkpoint), (await tx.maxIntegerVersion()) + 1);
      const plan = await this.plan(tx.rows, views, checkpoint, values, asNode, options, version);
      // The stored JSON of the parent's values: untouched values (and LangChain messages) are copied as LangGraph.js wrote them.
      const stored = await tx.storedJson(checkpoint.versions);
      const parent: LoadedCheckpoint = { ...checkpoint, payload: { ...checkpoint.payload, json: { ...(checkpoint.payload.json as object), channel_values: Object.fromEntries(stored) } } };
      // Sorts after every checkpoint id of the thread, so the edit becomes its head.
      const after = await tx.maxCheckpointId();
      const rows = encodeRows(history, () => jsUpdateRows({ ...plan, parent }, version, after));
      const body = JSON.parse(decoder.decode(rows.checkpoint)) as Record<string, unknown>;
      const channelValues = body.channel_values as Record<string, unknown>;
      delete body.channel_values;
      const blobs: PgBlobInsert[] = plan.bumped.map((channel) =>
        channel in channelValues ? { channel, version: String(version), type: "json", blob: encoder.encode(JSON.stringify(channelValues[channel])) } : { channel, version: String(version), type: "empty", blob: null },
      );
      const taskId = uuid5("__interrupt__", checkpoint.id);
      const writes = checkpoint.id === history.head.id ? rows.writes.map(([channel, type, blob], idx) => ({ checkpointId: checkpoint.id, taskId, idx, channel, type, blob })) : [];
      await tx.insert({ checkpointId: rows.id, parentId: checkpoint.id, checkpoint: body, metadata: JSON.parse(decoder.decode(rows.metadata)) }, blobs, writes);
      return { checkpointId: rows.id, next: plan.next };
    });
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private async load(rows: PostgresRows, thread: ThreadKey): Promise<NamespaceHistory> {
    const first = await firstDialect(rows, thread);
    const history = await loadPostgresHistory(rows, thread.threadId, thread.namespace ?? "", first);
    if (!history) throw new ChronographError("THREAD_NOT_FOUND", `Thread "${thread.threadId}" has no checkpoints in ${this.path}.`, { database: this.path, thread: thread.threadId });
    return history;
  }

  /** The plan; names this thread lacks are looked up in the other namespaces of the same graph shape, once, only when needed. */
  private async plan(rows: PostgresRows, views: HistoryViews, checkpoint: LoadedCheckpoint, values: Record<string, unknown>, asNode: string, options: UpdateOptions, version: number): Promise<UpdatePlan> {
    const attempt = (other: Elsewhere) => {
      const routes = resolveRoutes(views, checkpoint, asNode, options.goto, (node) => other.nodes.has(node));
      return planUpdate(views, checkpoint, values, asNode, routes, version, (channel) => other.channels.has(channel));
    };
    try {
      return attempt(NOWHERE);
    } catch (error) {
      if (!(error instanceof ChronographError) || (error.code !== "UNKNOWN_NODE" && error.code !== "UNKNOWN_CHANNEL")) throw error;
      return attempt(await elsewhere(rows, views.history));
    }
  }

  private checkpointOf(history: NamespaceHistory, checkpointId: string): LoadedCheckpoint {
    const checkpoint = history.byId.get(checkpointId);
    if (checkpoint) return checkpoint;
    throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${history.threadId}" of ${history.file}.`, { thread: history.threadId, checkpoint: checkpointId });
  }
}

function pythonRefusal(history: NamespaceHistory, checkpoint: LoadedCheckpoint): string {
  return `${history.describe(checkpoint.id)} was written by Python LangGraph; Chronograph writes LangGraph's PostgreSQL tables only in LangGraph.js's format. Edit it with Python LangGraph's update_state.`;
}

function encodeRows<T>(history: NamespaceHistory, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof EncodeError)) throw error;
    throw new ChronographError("INVALID_UPDATE", `The edit cannot be written into thread "${history.threadId}" of ${history.file}: ${error.message}.`, { thread: history.threadId });
  }
}

/** "py" when the thread's first checkpoint has text versions (Python's), else "js". */
async function firstDialect(rows: PostgresRows, thread: ThreadKey): Promise<"js" | "py"> {
  for await (const page of rows.checkpoints(thread.threadId, thread.namespace ?? "")) {
    const versions = (page[0]!.checkpoint as { channel_versions?: Record<string, unknown> } | null)?.channel_versions ?? {};
    return Object.values(versions).some((version) => typeof version === "string") ? "py" : "js";
  }
  return "js";
}

/** Nodes and channels of every other namespace with the same shape (depth and subgraph names), read one at a time. */
async function elsewhere(rows: PostgresRows, history: NamespaceHistory): Promise<Elsewhere> {
  const found: Elsewhere = { nodes: new Set(), channels: new Set() };
  const stem = (namespace: string) => namespace.split("|").map((part) => part.split(":")[0]).join("|");
  const depth = (namespace: string) => (namespace === "" ? 0 : namespace.split("|").length);
  for await (const page of rows.namespaces()) {
    for (const row of page) {
      if (row.thread_id === history.threadId && row.checkpoint_ns === history.namespace) continue;
      if (depth(row.checkpoint_ns) !== depth(history.namespace) || stem(row.checkpoint_ns) !== stem(history.namespace)) continue;
      const other = await loadPostgresHistory(rows, row.thread_id, row.checkpoint_ns, history.dialect);
      if (!other) continue;
      for (const node of other.nodes) found.nodes.add(node);
      for (const channel of knownChannels(other)) found.channels.add(channel);
    }
  }
  return found;
}
