/**
 * Who wrote a checkpoint and what they returned (docs/langgraph-format.md, section 9.5). The writes that explain checkpoint C'
 * are stored against its parent C: for a `loop` checkpoint, the tasks of C that finished; for an input,
 * the input itself; for an update, the node it was written "as" (recorded in old files' metadata.writes
 * and by Chronograph's own edits; otherwise told apart by the routes the update wrote, using the graph
 * inferred from history); a fork has no writer.
 */
import { isInternalChannel, START, TASKS, triggeredNode } from "./channels.ts";
import type { InferredGraph } from "./graph.ts";
import type { NamespaceHistory } from "./history.ts";
import { fieldsOf, type LoadedCheckpoint, type LoadedWrite } from "./model.ts";
import type { CheckpointAnalysis } from "./tasks.ts";

export interface Authorship {
  /** Writer nodes in name order. */
  writers: string[];
  /** What each writer returned (its state updates), or null. */
  writes: Record<string, unknown> | null;
  warning?: string;
}

export interface WriterContext {
  history: NamespaceHistory;
  analyze(checkpointId: string): CheckpointAnalysis;
  graph(): InferredGraph;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** State updates of a list of writes: channel → value, internal channels left out. */
function updatesOf(writes: LoadedWrite[], nodes: ReadonlySet<string>): Record<string, unknown> {
  const update: Record<string, unknown> = {};
  for (const write of writes) if (!isInternalChannel(write.channel, nodes)) update[write.channel] = write.value;
  return update;
}

export function authorship(context: WriterContext, checkpoint: LoadedCheckpoint): Authorship {
  const { history } = context;
  const recorded = checkpoint.metadata.writes;
  if (checkpoint.source === "input") {
    const input = checkpoint.channelValues[START] ?? (isObject(recorded) ? fieldsOf(recorded)[START] : undefined);
    return { writers: ["__input__"], writes: input === undefined ? null : { __input__: input } };
  }
  if (isObject(recorded)) {
    const writes = fieldsOf(recorded);
    // A node that returned nothing is still a writer: its entry is null.
    return { writers: Object.keys(writes).sort(), writes };
  }
  if (checkpoint.source === "fork") return { writers: [], writes: null };
  const parent = checkpoint.parentId === null ? undefined : history.byId.get(checkpoint.parentId);
  if (!parent) {
    const warning = checkpoint.parentId === null ? undefined : `Who wrote ${history.describe(checkpoint.id)} is unknown: its parent "${checkpoint.parentId}" is missing.`;
    return warning ? { writers: [], writes: null, warning } : { writers: [], writes: null };
  }
  const analysis = context.analyze(parent.id);
  if (checkpoint.source === "update") return updateAuthor(context, checkpoint, parent, analysis);
  const writes: Record<string, unknown> = {};
  for (const task of analysis.tasks) {
    if (task.results.length === 0) continue;
    const update = updatesOf(task.results, history.nodes);
    writes[task.name] = task.name in writes ? [...([] as unknown[]).concat(writes[task.name]), update] : update;
  }
  const writers = Object.keys(writes).sort();
  return { writers, writes: writers.length > 0 ? writes : null };
}

function updateAuthor(context: WriterContext, checkpoint: LoadedCheckpoint, parent: LoadedCheckpoint, analysis: CheckpointAnalysis): Authorship {
  const { history } = context;
  const stored = history.writesOf(parent.id).filter((write) => analysis.owners.get(write.taskId)?.role === "update");
  let routes: string[];
  let update: Record<string, unknown>;
  if (stored.length > 0) {
    routes = stored.map((write) => write.channel).filter((channel) => channel === TASKS || triggeredNode(channel) !== null);
    update = updatesOf(stored, history.nodes);
  } else {
    const changed = Object.keys(checkpoint.versions).filter((channel) => checkpoint.versions[channel] !== parent.versions[channel]);
    routes = changed.filter((channel) => channel.startsWith("branch:to:") || channel.startsWith("join:")).filter((channel) => channel in checkpoint.channelValues);
    update = Object.fromEntries(changed.filter((channel) => !isInternalChannel(channel, history.nodes) && channel in checkpoint.channelValues).map((channel) => [channel, checkpoint.channelValues[channel]]));
  }
  const candidates = candidatesFor(context.graph(), routes, Object.keys(update));
  if (candidates.length === 1) return { writers: candidates, writes: { [candidates[0]!]: update } };
  const which = candidates.length > 1 ? `; it could be ${candidates.join(" or ")}` : "";
  return { writers: [], writes: null, warning: `The node ${history.describe(checkpoint.id)} was written as is not recorded in the file${which}.` };
}

/** Nodes whose observed routing covers `routes` (or that ended runs, for no routes), narrowed by what they write. */
function candidatesFor(graph: InferredGraph, routes: string[], channels: string[]): string[] {
  const matching: string[] = [];
  for (const [node, observations] of graph.routes) {
    if (node === START) continue;
    const seen = new Set(observations.flatMap((observation) => observation.routes.map((route) => route.channel)));
    const endsRuns = observations.some((observation) => observation.routes.length === 0);
    if (routes.length === 0 ? endsRuns : routes.every((route) => seen.has(route))) matching.push(node);
  }
  const narrowed = matching.filter((node) => channels.every((channel) => graph.wrote.get(node)?.has(channel)));
  return (narrowed.length > 0 ? narrowed : matching).sort();
}
