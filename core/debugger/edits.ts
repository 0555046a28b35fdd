/**
 * Editing state at a checkpoint (human in the loop): preview what would run next, or write the values as
 * a node. A write is always a new checkpoint whose parent is the edited one; nothing existing changes.
 * With the graph's code loaded the engine's own CompiledGraph.updateState does it, inside a graph host
 * (the child process that runs user code, see graph-host/); without, the stored
 * topology does (see graph-less.ts). LangGraph databases are edited in their own format (langgraph-edits.ts),
 * ChronographSaver files through the saver (saver-edits.ts).
 */
import { ChronographError } from "../api/errors.ts";
import type { Checkpointer, CheckpointRecord, CheckpointTuple } from "../checkpoint/types.ts";
import { END, START } from "../graph/constants.ts";
import type { GraphDescription } from "../graph/describe.ts";
import type { EditRequest } from "./edit-request.ts";
import { applyGraphLessUpdate, specFromDescription } from "./graph-less.ts";
import { runInGraphHost } from "./graph-host/host.ts";
import type { GraphCode } from "./graph-host/protocol.ts";
import { previewLangGraphEdit, writeLangGraphEdit } from "./langgraph-edits.ts";
import { previewSaverEdit, writeSaverEdit } from "./saver-edits.ts";
import type { DatabaseSession } from "./session.ts";

interface EditPlan {
  base: CheckpointTuple;
  description: GraphDescription;
  loaded: GraphCode | undefined;
}

/** What would run next after the edit. Writes nothing and opens nothing for writing. */
export async function previewEdit(session: DatabaseSession, request: EditRequest): Promise<{ next: string[] }> {
  if (session.traits.writer === "langgraph") return previewLangGraphEdit(session, request);
  if (session.traits.writer === "saver") return previewSaverEdit(session, request);
  const plan = await planEdit(session, request, "preview an edit");
  if (plan.loaded) return { next: (await updateInGraphHost(session, plan.loaded, request, true)).next };
  const record = await writeGraphLess(plan, request, undefined);
  return { next: [...new Set(record.tasks.map((task) => task.node))] };
}

/** Write the edit as a new checkpoint (source "update"); resolves to its id. */
export async function writeEdit(session: DatabaseSession, request: EditRequest): Promise<{ checkpointId: string }> {
  if (session.traits.writer === "langgraph") return writeLangGraphEdit(session, request);
  if (session.traits.writer === "saver") return writeSaverEdit(session, request);
  const plan = await planEdit(session, request, "edit state");
  const writer = await session.writable("edit state");
  if (plan.loaded) return { checkpointId: (await updateInGraphHost(session, plan.loaded, request, false)).checkpointId };
  return { checkpointId: (await writeGraphLess(plan, request, writer)).checkpointId };
}

function updateInGraphHost(session: DatabaseSession, loaded: GraphCode, request: EditRequest, dryRun: boolean) {
  const { threadId, checkpointId, values, asNode } = request;
  const where = { database: session.location, busyTimeoutMs: session.busyTimeoutMs, file: loaded.file, exportName: loaded.exportName };
  const goto = request.goto !== undefined ? { goto: request.goto } : {};
  return runInGraphHost({ kind: "update", ...where, threadId, checkpointId, values, asNode, ...goto, dryRun }, { launcher: session.launcher });
}

function writeGraphLess(plan: EditPlan, request: EditRequest, saver: Checkpointer | undefined): Promise<CheckpointRecord> {
  return applyGraphLessUpdate({ spec: specFromDescription(plan.description), graph: plan.base.record.graph!, base: plan.base, values: request.values, asNode: request.asNode, ...(request.goto !== undefined ? { goto: request.goto } : {}), saver });
}

/** Find the checkpoint and its graph, and check the channels and node before anything runs. */
async function planEdit(session: DatabaseSession, request: EditRequest, action: string): Promise<EditPlan> {
  const source = session.chronograph(action);
  const { threadId, checkpointId } = request;
  const where = `checkpoint "${checkpointId}" of thread "${threadId}"`;
  const base = request.namespace === "" ? await source.saver.getTuple(threadId, checkpointId) : undefined;
  if (!base) throw new ChronographError("CHECKPOINT_NOT_FOUND", `Cannot ${action}: ${where} does not exist in "${session.path}".`, { thread: threadId, checkpoint: checkpointId });
  const graphRef = base.record.graph;
  const loaded = session.graphFor(graphRef?.name);
  const description = loaded ? loaded.description : graphRef ? await source.saver.loadGraph(graphRef.hash) : undefined;
  if (!description) {
    throw new ChronographError("GRAPH_MODULE", `Cannot ${action}: ${where} names no stored graph, so its reducers are unknown; load the graph's module first.`, {
      thread: threadId,
      checkpoint: checkpointId,
    });
  }
  const channels = description.channels.map((channel) => channel.name);
  for (const channel of Object.keys(request.values)) {
    if (!channels.includes(channel)) {
      throw new ChronographError("UNKNOWN_CHANNEL", `Cannot ${action}: graph "${description.name}" has no channel "${channel}" (${where}; channels: ${channels.join(", ")}).`, {
        thread: threadId,
        checkpoint: checkpointId,
        channel,
      });
    }
  }
  const nodes = description.nodes.map((node) => node.name);
  if (request.asNode !== START && !nodes.includes(request.asNode)) {
    throw new ChronographError("UNKNOWN_NODE", `Cannot ${action}: graph "${description.name}" has no node "${request.asNode}" to write as (nodes: ${nodes.join(", ")}).`, {
      thread: threadId,
      node: request.asNode,
    });
  }
  const unknown = (request.goto ?? []).find((node) => node !== END && !nodes.includes(node));
  if (unknown !== undefined) {
    throw new ChronographError("UNKNOWN_NODE", `Cannot ${action}: graph "${description.name}" has no node "${unknown}" to run next (${where}; nodes: ${nodes.join(", ")}).`, {
      thread: threadId,
      node: unknown,
    });
  }
  return { base, description, loaded };
}
