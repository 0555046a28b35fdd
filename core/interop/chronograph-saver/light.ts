/**
 * A long ChronographSaver thread without rebuilding its state at every checkpoint. Decoding a namespace
 * whole splices each checkpoint's values (a message list rebuilt from its appended parts) into its text and
 * parses it: on a 20,000-checkpoint thread that is most of the cost. The timeline, its order and run marks,
 * the inferred graph and the checkpoint ids need none of the state's values, only the routing ones (the
 * `__` channels and the channels that schedule a node: branch:, join:, start:): the light history keeps
 * those and every write, so its entries equal the whole history's. A state view (the inspector, inspect)
 * decodes a window: the checkpoints asked for with their parents and children in full (part-rows.ts),
 * the rest of the namespace light.
 */
import type { TimelineSkeletonRow } from "../../api/history-source.ts";
import type { CheckpointEntry, CheckpointView, GraphView, ThreadKey } from "../../api/types.ts";
import { NULL_TASK_ID } from "../ids.ts";
import { breakpointStop } from "../langgraph/breakpoint.ts";
import { ERROR, INTERRUPT } from "../langgraph/channels.ts";
import { keepRecent } from "../langgraph/history-cache.ts";
import { NamespaceHistory } from "../langgraph/history.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import { plannedTasks } from "../langgraph/next.ts";
import { legacySends } from "../langgraph/tasks.ts";
import { HistoryViews } from "../langgraph/views.ts";
import { saverHistory, type SaverNamespaceRows } from "./history.ts";
import { partRows, routing, type SaverPartReads } from "./part-rows.ts";

/** Light histories kept (the timelines being looked at). */
const KEEP = 4;


/** The namespace's history with only its routing channels' values. Null when it has no checkpoint. */
export function lightHistory(file: string, threadId: string, namespace: string, rows: SaverNamespaceRows): NamespaceHistory | null {
  return saverHistory(file, threadId, namespace, { ...rows, values: rows.values.filter((row) => routing(row.channel)) });
}

export class LightHistories {
  private readonly held = new Map<string, HistoryViews>();
  private heldToken = "";

  constructor(
    private readonly file: string,
    private readonly token: () => Promise<string>,
    /** Every row of a namespace (checkpoints oldest first). */
    private readonly rows: (threadId: string, namespace: string) => Promise<SaverNamespaceRows>,
    private readonly reads: SaverPartReads,
    private readonly notFound: (thread: ThreadKey) => Error,
  ) {}

  /** The namespace's light views, read on first use and kept until the token moves. Throws the reader's not-found error. */
  async views(thread: ThreadKey): Promise<HistoryViews> {
    const token = await this.token();
    if (token !== this.heldToken) {
      this.held.clear();
      this.heldToken = token;
    }
    const namespace = thread.namespace ?? "";
    const key = `${thread.threadId}\u0000${namespace}`;
    let views = this.held.get(key);
    if (!views) {
      const history = lightHistory(this.file, thread.threadId, namespace, await this.rows(thread.threadId, namespace));
      if (!history) throw this.notFound(thread);
      views = new HistoryViews(history);
    }
    return keepRecent(this.held, key, views, KEEP);
  }

  /** Every checkpoint's timeline row, newest first (equal to the whole history's entries). */
  async entries(thread: ThreadKey): Promise<CheckpointEntry[]> {
    const views = await this.views(thread);
    return [...views.history.ordered].reverse().map((checkpoint) => views.entry(checkpoint));
  }

  /**
   * Every checkpoint's TimelineSkeletonRow, newest first, equal to its entry's fields: a checkpoint with an
   * error or interrupt write (the only ones whose row can show errors, waiting nodes or fixed errors) from its
   * entry, the others from the tasks LangGraph plans from it (no task ids hashed, no writers worked out).
   */
  async skeleton(thread: ThreadKey): Promise<TimelineSkeletonRow[]> {
    const views = await this.views(thread);
    const { history } = views;
    return [...history.ordered].reverse().map((checkpoint): TimelineSkeletonRow => {
      const writes = history.writesOf(checkpoint.id);
      if (writes.some((write) => write.channel === ERROR || write.channel === INTERRUPT)) {
        const { writers: _writers, durationMs: _duration, ...rest } = views.entry(checkpoint);
        return rest;
      }
      const next = plannedTasks({ checkpoint, nullWrites: writes.filter((write) => write.taskId === NULL_TASK_ID), legacySends: legacySends(history, checkpoint), nodes: history.nodes }).map((task) => task.name);
      const breakpoint = breakpointStop({ source: checkpoint.source, children: history.children.get(checkpoint.id)?.length ?? 0, next, writes: writes.length });
      const row: TimelineSkeletonRow = { checkpointId: checkpoint.id, parentId: checkpoint.parentId, step: checkpoint.step, source: checkpoint.source, createdAt: checkpoint.createdAt, next, errors: [], interrupted: [], breakpoint };
      const runId = checkpoint.metadata.run_id;
      if (typeof runId === "string" && runId.length > 0) row.runId = runId;
      return row;
    });
  }

  /** The named checkpoints' timeline rows that exist, newest first. */
  async entriesOf(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointEntry[]> {
    const views = await this.views(thread);
    return newestFirst(views, ids).map((checkpoint) => views.entry(checkpoint));
  }

  async graphView(thread: ThreadKey): Promise<GraphView> {
    return (await this.views(thread)).graphView();
  }

  /** Checkpoint ids, newest first. */
  async ids(thread: ThreadKey): Promise<string[]> {
    return [...(await this.views(thread)).history.ordered].reverse().map((checkpoint) => checkpoint.id);
  }

  /** The named checkpoints in full, newest first: they, their parents and children decoded with values, the rest light. */
  async viewsOf(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointView[]> {
    const light = await this.views(thread);
    const { history } = light;
    const asked = newestFirst(light, ids);
    if (asked.length === 0) return [];
    const wanted = new Set<string>();
    for (const checkpoint of asked) {
      wanted.add(checkpoint.id);
      if (checkpoint.parentId !== null && history.byId.has(checkpoint.parentId)) wanted.add(checkpoint.parentId);
      for (const child of history.children.get(checkpoint.id) ?? []) wanted.add(child);
    }
    const full = saverHistory(this.file, history.threadId, history.namespace, await partRows(this.reads, history.threadId, history.namespace, [...wanted]));
    const decoded = new Map((full?.ordered ?? []).map((checkpoint) => [checkpoint.id, checkpoint]));
    const checkpoints = history.ordered.map((checkpoint) => decoded.get(checkpoint.id) ?? checkpoint);
    const writes = [...history.writes.values()].flat().concat(history.orphanWrites);
    const window = new HistoryViews(new NamespaceHistory(history.file, history.threadId, history.namespace, history.dialect, checkpoints, writes));
    return asked.map((checkpoint) => window.view(window.history.byId.get(checkpoint.id)!));
  }

  clear(): void {
    this.held.clear();
  }
}

function newestFirst(views: HistoryViews, ids: readonly string[]): LoadedCheckpoint[] {
  return [...new Set(ids)]
    .flatMap((id) => views.history.byId.get(id) ?? [])
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
