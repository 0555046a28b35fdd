/**
 * Editing a LangGraph database: "edit state as node" (updateState semantics) and "fork" (a copy of a
 * checkpoint as a new branch, what LangGraph writes for `updateState(config, undefined, "__copy__")`),
 * written in the file's own format so that LangGraph itself resumes from them.
 *
 * Promises:
 * - The file stays read-only until the first write; then one read-write connection is opened.
 * - An edit only ever appends: one checkpoint row (plain INSERT, never REPLACE) and, where the runtime
 *   would, the update task's writes against the edited checkpoint (INSERT OR IGNORE). No existing row
 *   changes. Each edit is one IMMEDIATE transaction that re-reads the thread inside it.
 * - New checkpoint ids sort after every id of the thread, so the edit becomes the thread's head.
 * - Refusals are ChronographErrors naming file, thread, checkpoint, node or channel: READ_ONLY (the
 *   file's format cannot be written faithfully, with canEdit's reason), UNKNOWN_NODE, UNKNOWN_CHANNEL,
 *   INVALID_UPDATE, CHECKPOINT_NOT_FOUND, THREAD_NOT_FOUND.
 */
import { ChronographError } from "../../api/errors.ts";
import type { ThreadKey } from "../../api/types.ts";
import { openRawDatabase, type RawDatabase } from "../../storage/sqlite/raw.ts";
import { uuid5 } from "../ids.ts";
import { NamespaceHistory } from "../langgraph/history.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import { maxCheckpointId, namespaceRows } from "../langgraph/rows.ts";
import { LangGraphSource } from "../langgraph/source.ts";
import { HistoryViews } from "../langgraph/views.ts";
import { EncodeError } from "../serde/python-values.ts";
import { editAnswer, type EditAnswer } from "./can-edit.ts";
import { jsForkRows, jsUpdateRows, nextJsVersion, type RowPayloads } from "./js-format.ts";
import { knownChannels, planUpdate, type UpdatePlan } from "./plan.ts";
import { nextPythonVersion, pythonForkRows, pythonUpdateRows } from "./py-format.ts";
import { resolveRoutes } from "./routes.ts";

export type { EditAnswer } from "./can-edit.ts";

export interface UpdateOptions {
  /** The nodes that run after the edit; `[]` ends the run. Default: what history shows the node doing. */
  goto?: string[];
}

export class LangGraphWriter {
  private writable: RawDatabase | null = null;

  private constructor(private readonly source: LangGraphSource) {}

  /** Open `path` read-only for previews; writes open a second, writable connection on first use. */
  static async open(path: string, options: { busyTimeoutMs?: number } = {}): Promise<LangGraphWriter> {
    return new LangGraphWriter(await LangGraphSource.open(path, options));
  }

  get path(): string {
    return this.source.path;
  }

  /** Whether `checkpointId` can be edited (for `channels`, or all its state channels), and why not. */
  canEdit(thread: ThreadKey, checkpointId: string, channels?: readonly string[]): EditAnswer {
    const views = this.source.views(thread);
    return editAnswer(views.history, this.checkpointOf(views.history, checkpointId), views.history.dialect, channels);
  }

  /** What would run next if `values` were written as `asNode` at the checkpoint; writes nothing. */
  previewUpdate(thread: ThreadKey, checkpointId: string, values: Record<string, unknown>, asNode: string, options: UpdateOptions = {}): { next: string[]; routes: string[] } {
    const views = this.source.views(thread);
    const plan = this.plan(views, this.checkpointOf(views.history, checkpointId), values, asNode, options);
    return { next: plan.next, routes: [...plan.set.keys()].filter((channel) => !(channel in values)) };
  }

  /** Write `values` as node `asNode`: a new checkpoint, child of the given one. Returns its id. */
  updateState(thread: ThreadKey, checkpointId: string, values: Record<string, unknown>, asNode: string, options: UpdateOptions = {}): { checkpointId: string; next: string[] } {
    return this.append(thread, checkpointId, Object.keys(values), (views, checkpoint, after) => {
      const plan = this.plan(views, checkpoint, values, asNode, options);
      const rows = this.encode(views, () =>
        views.history.dialect === "js" ? jsUpdateRows(plan, plan.parentVersion as number, after) : pythonUpdateRows(plan, plan.parentVersion, after),
      );
      const storeWrites = views.history.dialect === "py" || checkpoint.id === views.history.head.id;
      return { rows, storeWrites, next: plan.next };
    });
  }

  /** Copy the checkpoint as a new branch beside it (parent = its parent); a plain resume continues it. */
  fork(thread: ThreadKey, checkpointId: string): { checkpointId: string } {
    const result = this.append(thread, checkpointId, [], (views, checkpoint, after) => ({
      rows: this.encode(views, () => (views.history.dialect === "js" ? jsForkRows(checkpoint, after) : pythonForkRows(checkpoint, after))),
      storeWrites: false,
      next: [],
    }));
    return { checkpointId: result.checkpointId };
  }

  async close(): Promise<void> {
    this.writable?.close();
    this.writable = null;
    await this.source.close();
  }

  private plan(views: HistoryViews, checkpoint: LoadedCheckpoint, values: Record<string, unknown>, asNode: string, options: UpdateOptions): UpdatePlan & { parentVersion: number | string } {
    const routes = resolveRoutes(views, checkpoint, asNode, options.goto, (node) => this.elsewhere(views.history, (other) => other.nodes.has(node)));
    const version = views.history.dialect === "js" ? nextJsVersion(checkpoint) : nextPythonVersion(checkpoint);
    const channelElsewhere = (channel: string) => this.elsewhere(views.history, (other) => knownChannels(other).has(channel));
    return { ...planUpdate(views, checkpoint, values, asNode, routes, version, channelElsewhere), parentVersion: version };
  }

  /** Whether another thread of the file, running the same graph (same namespace shape), passes `test`. */
  private elsewhere(history: NamespaceHistory, test: (other: NamespaceHistory) => boolean): boolean {
    const depth = history.namespace === "" ? 0 : history.namespace.split("|").length;
    const stem = (namespace: string) => namespace.split("|").map((part) => part.split(":")[0]).join("|");
    for (const row of namespaceRows(this.source.database)) {
      if (row.thread_id === history.threadId && row.checkpoint_ns === history.namespace) continue;
      const rowDepth = row.checkpoint_ns === "" ? 0 : row.checkpoint_ns.split("|").length;
      if (rowDepth !== depth || stem(row.checkpoint_ns) !== stem(history.namespace)) continue;
      if (test(this.source.views({ threadId: row.thread_id, namespace: row.checkpoint_ns }).history)) return true;
    }
    return false;
  }

  private encode(views: HistoryViews, build: () => RowPayloads): RowPayloads {
    try {
      return build();
    } catch (error) {
      if (!(error instanceof EncodeError)) throw error;
      throw new ChronographError("INVALID_UPDATE", `The edit cannot be written into thread "${views.history.threadId}" of "${views.history.file}": ${error.message}.`, { thread: views.history.threadId });
    }
  }

  private checkpointOf(history: NamespaceHistory, checkpointId: string): LoadedCheckpoint {
    const checkpoint = history.byId.get(checkpointId);
    if (!checkpoint) {
      throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${history.threadId}" of "${history.file}".`, { thread: history.threadId, checkpoint: checkpointId });
    }
    return checkpoint;
  }

  /** Re-read the thread inside one IMMEDIATE transaction, check, build the rows, insert them. */
  private append(
    thread: ThreadKey,
    checkpointId: string,
    channels: string[],
    build: (views: HistoryViews, checkpoint: LoadedCheckpoint, after: string | null) => { rows: RowPayloads; storeWrites: boolean; next: string[] },
  ): { checkpointId: string; next: string[] } {
    this.writable ??= openRawDatabase(this.source.path, { readonly: false });
    const db = this.writable;
    const namespace = thread.namespace ?? "";
    return db.transaction(() => {
      const history = NamespaceHistory.load(db, thread.threadId, namespace, this.source.dialect);
      if (!history) throw new ChronographError("THREAD_NOT_FOUND", `Thread "${thread.threadId}" has no checkpoints in "${db.file}".`, { file: db.file, thread: thread.threadId });
      const views = new HistoryViews(history);
      const checkpoint = this.checkpointOf(history, checkpointId);
      const answer = editAnswer(history, checkpoint, history.dialect, channels);
      if (!answer.canEdit) throw new ChronographError("READ_ONLY", answer.reason!, { file: db.file, thread: thread.threadId, checkpoint: checkpointId });
      const { rows, storeWrites, next } = build(views, checkpoint, maxCheckpointId(db, thread.threadId));
      db.run(
        "INSERT INTO checkpoints (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)",
        thread.threadId, namespace, rows.id, rows.parentId, rows.type, rows.checkpoint, rows.metadata,
      );
      if (storeWrites) {
        const taskId = uuid5("__interrupt__", checkpoint.id);
        rows.writes.forEach(([channel, type, value], idx) => {
          db.run("INSERT OR IGNORE INTO writes (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", thread.threadId, namespace, checkpoint.id, taskId, idx, channel, type, value);
        });
      }
      return { checkpointId: rows.id, next };
    });
  }
}

/** Open `path` read-only and answer whether `checkpointId` of `thread` can be edited, and why not. */
export async function canEdit(path: string, thread: ThreadKey, checkpointId: string, channels?: readonly string[]): Promise<EditAnswer> {
  const writer = await LangGraphWriter.open(path);
  try {
    return writer.canEdit(thread, checkpointId, channels);
  } finally {
    await writer.close();
  }
}
