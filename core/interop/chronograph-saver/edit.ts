/**
 * "Edit state as node" on a ChronographSaver file, decided here and written by the caller through the
 * saver's own put and putWrites (core/debugger/saver-edits.ts), as LangGraph.js's updateState writes: a new
 * checkpoint, child of the edited one, with the edited channels and the node's routes at a new version,
 * and, when the edited checkpoint is the thread's head, the update task's writes stored against it.
 * The plan (routes, versions, next) is the LangGraph.js file writer's (plan.ts, routes.ts, js-format.ts);
 * only the version differs: the saver's (the next integer plus a random fraction, so sibling branches
 * never share one), passed in by the caller. Pure: reads through SaverHistories, writes nothing.
 */
import { ChronographError } from "../../api/errors.ts";
import type { ThreadKey } from "../../api/types.ts";
import { editAnswer, type EditAnswer } from "../edit/can-edit.ts";
import { jsUpdateRows, nextJsVersion } from "../edit/js-format.ts";
import { knownChannels, planUpdate, type UpdatePlan } from "../edit/plan.ts";
import { resolveRoutes } from "../edit/routes.ts";
import type { UpdateOptions } from "../edit/writer.ts";
import { uuid5 } from "../ids.ts";
import { maxVersion } from "../langgraph/channels.ts";
import type { NamespaceHistory } from "../langgraph/history.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import type { HistoryViews } from "../langgraph/views.ts";
import { EncodeError } from "../serde/python-values.ts";

/** What to hand the saver: put(config of parentId, checkpoint, metadata, newVersions), then the writes. */
export interface SaverEdit {
  threadId: string;
  namespace: string;
  parentId: string;
  /** The new checkpoint in LangGraph.js's JSON (values as LangGraph.js serialized them). */
  checkpoint: Record<string, unknown>;
  metadata: Record<string, unknown>;
  newVersions: Record<string, number>;
  /** The update task's writes, stored against the edited checkpoint when it is the head (as LangGraph.js does); else null. */
  writes: { taskId: string; values: Array<[string, unknown]> } | null;
  next: string[];
}

const decoder = new TextDecoder();

/** What the planner reads: a file's histories (SaverSource), or a thread's on PostgreSQL (SaverPgSource.thread). */
export interface SaverHistories {
  /** The decoded history of a (thread, namespace). Throws THREAD_NOT_FOUND. */
  views(thread: ThreadKey): HistoryViews;
  /** The namespaces looked in for a node or channel the edited history does not know. */
  namespaces(): ThreadKey[];
  /** The largest checkpoint id of a thread in any namespace, or null. */
  maxCheckpointId(threadId: string): string | null;
}

export class SaverEditPlanner {
  constructor(private readonly source: SaverHistories) {}

  /** Whether `checkpointId` can be edited (for `channels`, or all its state channels), and why not. */
  canEdit(thread: ThreadKey, checkpointId: string, channels?: readonly string[]): EditAnswer {
    const views = this.source.views(thread);
    return editAnswer(views.history, this.checkpointOf(views.history, checkpointId), "js", channels);
  }

  /** What would run next if `values` were written as `asNode`; writes nothing. */
  previewUpdate(thread: ThreadKey, checkpointId: string, values: Record<string, unknown>, asNode: string, options: UpdateOptions = {}): { next: string[]; routes: string[] } {
    const views = this.source.views(thread);
    const checkpoint = this.checkpointOf(views.history, checkpointId);
    const plan = this.plan(views, checkpoint, values, asNode, options, nextJsVersion(checkpoint));
    return { next: plan.next, routes: [...plan.set.keys()].filter((channel) => !(channel in values)) };
  }

  /**
   * The edit as saver calls. `nextVersion` gives the version after the checkpoint's largest (the saver's
   * getNextVersion). Throws READ_ONLY (with canEdit's reason), UNKNOWN_NODE, UNKNOWN_CHANNEL, INVALID_UPDATE,
   * CHECKPOINT_NOT_FOUND, THREAD_NOT_FOUND, each naming the thread and file.
   */
  planUpdate(thread: ThreadKey, checkpointId: string, values: Record<string, unknown>, asNode: string, nextVersion: (current: number | undefined) => number, options: UpdateOptions = {}): SaverEdit {
    const views = this.source.views(thread);
    const { history } = views;
    const checkpoint = this.checkpointOf(history, checkpointId);
    const answer = editAnswer(history, checkpoint, "js", Object.keys(values));
    if (!answer.canEdit) throw new ChronographError("READ_ONLY", answer.reason!, { file: history.file, thread: history.threadId, checkpoint: checkpointId });
    const largest = maxVersion(Object.values(checkpoint.versions));
    const version = nextVersion(typeof largest === "number" ? largest : undefined);
    const plan = this.plan(views, checkpoint, values, asNode, options, version);
    let rows: ReturnType<typeof jsUpdateRows>;
    try {
      // New ids sort after every id of the thread (any namespace), so the edit becomes its head.
      rows = jsUpdateRows(plan, version, this.source.maxCheckpointId(history.threadId));
    } catch (error) {
      if (!(error instanceof EncodeError)) throw error;
      throw new ChronographError("INVALID_UPDATE", `The edit cannot be written into thread "${history.threadId}" of "${history.file}": ${error.message}.`, { thread: history.threadId });
    }
    const isHead = checkpoint.id === history.head.id;
    const writes = rows.writes.map(([channel, , bytes]): [string, unknown] => [channel, JSON.parse(decoder.decode(bytes))]);
    return {
      threadId: history.threadId,
      namespace: history.namespace,
      parentId: checkpoint.id,
      checkpoint: JSON.parse(decoder.decode(rows.checkpoint)) as Record<string, unknown>,
      metadata: JSON.parse(decoder.decode(rows.metadata)) as Record<string, unknown>,
      newVersions: Object.fromEntries(plan.bumped.map((channel) => [channel, version])),
      writes: isHead ? { taskId: uuid5("__interrupt__", checkpoint.id), values: writes } : null,
      next: plan.next,
    };
  }

  private plan(views: HistoryViews, checkpoint: LoadedCheckpoint, values: Record<string, unknown>, asNode: string, options: UpdateOptions, version: number): UpdatePlan {
    const routes = resolveRoutes(views, checkpoint, asNode, options.goto, (node) => this.elsewhere(views.history, (other) => other.nodes.has(node)));
    return planUpdate(views, checkpoint, values, asNode, routes, version, (channel) => this.elsewhere(views.history, (other) => knownChannels(other).has(channel)));
  }

  /** Whether another namespace of the file with the same shape (the same graph) passes `test`. */
  private elsewhere(history: NamespaceHistory, test: (other: NamespaceHistory) => boolean): boolean {
    const stem = (namespace: string) => namespace.split("|").map((part) => part.split(":")[0]).join("|");
    for (const key of this.source.namespaces()) {
      if (key.threadId === history.threadId && key.namespace === history.namespace) continue;
      if (stem(key.namespace) !== stem(history.namespace)) continue;
      if (test(this.source.views(key).history)) return true;
    }
    return false;
  }

  private checkpointOf(history: NamespaceHistory, checkpointId: string): LoadedCheckpoint {
    const checkpoint = history.byId.get(checkpointId);
    if (checkpoint) return checkpoint;
    throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${history.threadId}" of "${history.file}".`, { thread: history.threadId, checkpoint: checkpointId });
  }
}
