/**
 * A namespace's history in the contract's shapes: timeline entries, full checkpoint views, the thread
 * row and the inferred graph. Every derived fact is computed once per history and memoized; the
 * history itself is immutable (a changed file means a new HistoryViews).
 */
import type { CheckpointEntry, CheckpointVersions, CheckpointView, GraphView, PendingWriteView, TaskView, ThreadRow, ThreadStatus } from "../../api/types.ts";
import { ERROR, INTERRUPT, isInternalChannel, RESUME, SCHEDULED, triggeredNode } from "./channels.ts";
import { deltaChannels, deltaValue } from "./delta.ts";
import { inferGraph, type InferredGraph } from "./graph.ts";
import type { NamespaceHistory } from "./history.ts";
import type { LoadedCheckpoint } from "./model.ts";
import { breakpointStop } from "./breakpoint.ts";
import { analyzeCheckpoint, type CheckpointAnalysis, type TaskOutcome } from "./tasks.ts";
import { authorship, type Authorship } from "./writers.ts";

const KIND_OF_CHANNEL: Record<string, string> = { [ERROR]: "error", [INTERRUPT]: "interrupt", [RESUME]: "resume", [SCHEDULED]: "scheduled" };

const graphName = (history: NamespaceHistory) => (history.namespace === "" ? "graph" : history.namespace.split("|").at(-1)!.split(":")[0]!);

/**
 * The inferred graph alone (HistoryViews.graph), keeping no checkpoint's analysis: for a history read only
 * for its graph (20,000 analyses held until the graph is done were most of what the garbage collector moved).
 */
export function graphOnly(history: NamespaceHistory): InferredGraph {
  return inferGraph(history, (id) => analyzeCheckpoint(history, history.byId.get(id)!), graphName(history));
}

export class HistoryViews {
  private readonly analyses = new Map<string, CheckpointAnalysis>();
  private readonly authors = new Map<string, Authorship>();
  private inferred: InferredGraph | undefined;
  private deltas: Set<string> | undefined;

  constructor(readonly history: NamespaceHistory) {}

  analyze(checkpointId: string): CheckpointAnalysis {
    let analysis = this.analyses.get(checkpointId);
    if (!analysis) {
      analysis = analyzeCheckpoint(this.history, this.history.byId.get(checkpointId)!);
      this.analyses.set(checkpointId, analysis);
    }
    return analysis;
  }

  graph(): InferredGraph {
    this.inferred ??= inferGraph(this.history, (id) => this.analyze(id), graphName(this.history));
    return this.inferred;
  }

  graphView(): GraphView {
    return this.graph().view;
  }

  authorship(checkpoint: LoadedCheckpoint): Authorship {
    let author = this.authors.get(checkpoint.id);
    if (!author) {
      author = authorship(this, checkpoint);
      this.authors.set(checkpoint.id, author);
    }
    return author;
  }

  /** The timeline row of a checkpoint. `next` is the history view's (9.4 step 3). */
  entry(checkpoint: LoadedCheckpoint): CheckpointEntry {
    const analysis = this.analyze(checkpoint.id);
    const entry: CheckpointEntry = {
      checkpointId: checkpoint.id,
      parentId: checkpoint.parentId,
      step: checkpoint.step,
      source: checkpoint.source,
      writers: this.authorship(checkpoint).writers,
      next: analysis.tasks.map((task) => task.name),
      createdAt: checkpoint.createdAt,
      durationMs: null,
      errors: analysis.tasks.filter((task) => task.failed).map((task) => task.name),
      interrupted: analysis.tasks.filter((task) => task.waiting).map((task) => task.name),
      // LangGraph marks no stop in its checkpoints: the shape a stop leaves is read instead (breakpoint.ts).
      breakpoint: breakpointStop({
        source: checkpoint.source,
        children: this.history.children.get(checkpoint.id)?.length ?? 0,
        next: analysis.tasks.map((task) => task.name),
        writes: this.history.writesOf(checkpoint.id).length,
      }),
    };
    // LangGraph copies the config's run_id into the metadata when the caller (or LangGraph Platform) gives one.
    const runId = checkpoint.metadata.run_id;
    if (typeof runId === "string" && runId.length > 0) entry.runId = runId;
    // A retried task keeps its error write beside its result: it failed here, and a later attempt got past it.
    const fixed = [...new Set(analysis.tasks.filter((task) => task.error && !task.failed).map((task) => task.name))];
    if (fixed.length > 0) entry.errorFixed = { nodes: fixed, run: null };
    return entry;
  }

  /** A checkpoint in full, with warnings for everything that could not be read as stored. */
  view(checkpoint: LoadedCheckpoint): CheckpointView {
    const { history } = this;
    const analysis = this.analyze(checkpoint.id);
    const author = this.authorship(checkpoint);
    const warnings = [...checkpoint.problems];
    if (checkpoint.parentId !== null && !history.byId.has(checkpoint.parentId)) {
      warnings.push(`The parent checkpoint "${checkpoint.parentId}" of ${history.describe(checkpoint.id)} is missing; what it changed cannot be shown.`);
    }
    if (author.warning) warnings.push(author.warning);
    const writes = history.writesOf(checkpoint.id);
    for (const write of writes) if (write.problem) warnings.push(write.problem);
    if (checkpoint === history.head && history.orphanWrites.length > 0) {
      const missing = [...new Set(history.orphanWrites.map((write) => write.checkpointId))].join(", ");
      warnings.push(`${history.orphanWrites.length} write(s) of thread "${history.threadId}" in "${history.file}" are stored against checkpoints that do not exist (${missing}); they are not shown.`);
    }
    for (const taskId of analysis.unknownTaskIds) warnings.push(`Writes of task "${taskId}" against ${history.describe(checkpoint.id)} match no node this reader can recompute.`);
    const pendingInputs = writes.filter((write) => analysis.owners.get(write.taskId)?.role === "null" && !isInternalChannel(write.channel, history.nodes));
    if (pendingInputs.length > 0) {
      const channels = [...new Set(pendingInputs.map((write) => write.channel))].join(", ");
      warnings.push(`Input given as Command(update) for ${channels} is stored against ${history.describe(checkpoint.id)} and not yet applied; the values shown do not include it (its reducers are not in the file).`);
    }
    const view: CheckpointView = {
      ...this.entry(checkpoint),
      threadId: history.threadId,
      namespace: history.namespace,
      tasks: analysis.tasks.map((task) => taskView(task, this.stepCompleted(checkpoint))),
      pendingWrites: writes.map((write): PendingWriteView => {
        const owner = analysis.owners.get(write.taskId);
        const node = owner?.role === "update" ? this.updateNode(checkpoint) : (owner?.node ?? "");
        return { taskId: write.taskId, node, kind: KIND_OF_CHANNEL[write.channel] ?? write.channel, value: write.value };
      }),
      values: this.values(checkpoint, warnings),
      writes: author.writes,
    };
    if (warnings.length > 0) view.warnings = warnings;
    return view;
  }

  /** The checkpoint's channel_versions and versions_seen (as strings), routing channels and push tasks. */
  versions(checkpoint: LoadedCheckpoint): CheckpointVersions {
    const author = this.authorship(checkpoint);
    const text = (map: Record<string, number | string>) => Object.fromEntries(Object.entries(map).map(([channel, version]) => [channel, String(version)]));
    const routes: Record<string, string> = {};
    for (const channel of Object.keys(checkpoint.versions)) {
      const node = triggeredNode(channel);
      if (node !== null) routes[channel] = node;
    }
    return {
      checkpointId: checkpoint.id,
      parentId: checkpoint.parentId,
      step: checkpoint.step,
      writers: author.writers,
      writes: author.writes,
      versions: text(checkpoint.versions),
      versionsSeen: Object.fromEntries(Object.entries(checkpoint.versionsSeen).map(([node, seen]) => [node, text(seen)])),
      routes,
      sends: this.analyze(checkpoint.id).tasks.filter((task) => task.planned.kind === "push").map((task) => ({ taskId: task.id, node: task.name })),
    };
  }

  /** Whether the step run from `checkpoint` completed: the loop wrote a child checkpoint after it. */
  private stepCompleted(checkpoint: LoadedCheckpoint): boolean {
    return (this.history.children.get(checkpoint.id) ?? []).some((id) => this.history.byId.get(id)?.source === "loop");
  }

  /** The node an update of `checkpoint` was written as (its update child's writer), or "". */
  private updateNode(checkpoint: LoadedCheckpoint): string {
    for (const id of this.history.children.get(checkpoint.id) ?? []) {
      const child = this.history.byId.get(id)!;
      if (child.source === "update") return this.authorship(child).writers[0] ?? "";
    }
    return "";
  }

  /** The state: channel values without internal channels, delta channels rebuilt from ancestors. */
  private values(checkpoint: LoadedCheckpoint, warnings: string[]): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const [channel, value] of Object.entries(checkpoint.channelValues)) {
      if (!isInternalChannel(channel, this.history.nodes)) values[channel] = value;
    }
    this.deltas ??= deltaChannels(this.history);
    for (const channel of this.deltas) {
      const delta = deltaValue(this.history, checkpoint, channel);
      values[channel] = delta.value;
      if (delta.warning) warnings.push(delta.warning);
    }
    return values;
  }

  /** The thread row of this namespace; status and last node come from the head. */
  threadRow(): ThreadRow {
    const { history } = this;
    const head = history.head;
    const first = history.ordered[0]!;
    const writers = head.source === "input" ? [] : this.authorship(head).writers;
    return {
      threadId: history.threadId,
      namespace: history.namespace,
      graphName: null,
      status: this.status(),
      writers,
      step: head.step,
      checkpointCount: history.ordered.length,
      branchCount: history.leaves().length,
      headCheckpointId: head.id,
      createdAt: first.createdAt,
      updatedAt: head.createdAt,
    };
  }

  /** done / error (a task of the head failed) / interrupted (one waits for input) / pending (next non-empty). */
  status(): ThreadStatus {
    const tasks = this.analyze(this.history.head.id).tasks;
    if (tasks.some((task) => task.failed)) return "error";
    if (tasks.some((task) => task.waiting)) return "interrupted";
    return tasks.length > 0 ? "pending" : "done";
  }

  /** What getState reports as `next` for the head: tasks with no write but errors/interrupts (9.4 step 4). */
  headNext(): string[] {
    const writes = this.history.writesOf(this.history.head.id);
    return this.analyze(this.history.head.id).tasks
      .filter((task) => !writes.some((write) => write.taskId === task.id && write.channel !== ERROR && write.channel !== INTERRUPT && write.channel !== SCHEDULED))
      .map((task) => task.name);
  }
}

function taskView(task: TaskOutcome, stepCompleted: boolean): TaskView {
  const view: TaskView = { id: task.id, name: task.name, interrupts: task.waiting ? task.interrupts : [] };
  if (task.planned.kind === "push" && task.planned.packetArg !== undefined) view.arg = task.planned.packetArg;
  if (stepCompleted) view.stepCompleted = true;
  if (task.error) view.error = task.error;
  if (task.results.length > 0) {
    const result: Record<string, unknown> = {};
    for (const write of task.results) result[write.channel] = write.value;
    view.result = result;
  }
  return view;
}
