/**
 * "Edit state as node" on a LangGraph database, through interop's LangGraphWriter: the edit becomes one
 * new checkpoint in the file's own format (LangGraph.js JSON, or Python msgpack where it round-trips
 * exactly), child of the edited one, so LangGraph itself resumes from it. Nothing existing changes; the
 * file is opened for writing only by the first write.
 */
import { ChronographError } from "../api/errors.ts";
import { END } from "../api/nodes.ts";
import type { EditRequest } from "./edit-request.ts";
import type { DatabaseSession } from "./session.ts";

/** What would run next after the edit. Refuses (READ_ONLY, with the reason) a checkpoint that cannot be written faithfully. */
export async function previewLangGraphEdit(session: DatabaseSession, request: EditRequest): Promise<{ next: string[] }> {
  const writer = await session.langGraphWriter();
  const thread = { threadId: request.threadId, namespace: request.namespace };
  await checkNode(session, request);
  // The writer checks this only when it writes; asking first lets the preview say why a save would fail.
  const answer = await writer.canEdit(thread, request.checkpointId, Object.keys(request.values));
  if (!answer.canEdit) {
    throw new ChronographError("READ_ONLY", `Cannot edit: ${answer.reason}`, { file: session.path, thread: request.threadId, checkpoint: request.checkpointId });
  }
  return { next: (await writer.previewUpdate(thread, request.checkpointId, request.values, request.asNode, gotoOf(request))).next };
}

/** Write the edit as a new checkpoint (source "update"); resolves to its id. */
export async function writeLangGraphEdit(session: DatabaseSession, request: EditRequest): Promise<{ checkpointId: string }> {
  const writer = await session.langGraphWriter();
  const thread = { threadId: request.threadId, namespace: request.namespace };
  await checkNode(session, request);
  const { checkpointId } = await writer.updateState(thread, request.checkpointId, request.values, request.asNode, gotoOf(request));
  session.markWritten();
  return { checkpointId };
}

/** The writer's routing option: the chosen next nodes, END meaning the run ends. */
function gotoOf(request: EditRequest): { goto?: string[] } {
  return request.goto === undefined ? {} : { goto: request.goto.filter((node) => node !== END) };
}

/**
 * UNKNOWN_NODE when the thread's history never shows `asNode` (START included: LangGraph files keep no
 * input schema to write through), or a `goto` target that is neither one of its nodes nor END. Checked
 * first, so the user hears "no such node" rather than the writer's later "cannot tell where it routes".
 */
async function checkNode(session: DatabaseSession, request: EditRequest): Promise<void> {
  const graph = await session.source.getGraph({ threadId: request.threadId, namespace: request.namespace });
  const nodes = graph.nodes.filter((node) => node.kind === "node").map((node) => node.id);
  const where = `thread "${request.threadId}" of "${session.path}"`;
  if (!nodes.includes(request.asNode)) {
    throw new ChronographError("UNKNOWN_NODE", `Cannot edit as node "${request.asNode}": ${where} shows no such node (nodes: ${nodes.join(", ")}).`, { thread: request.threadId, node: request.asNode });
  }
  const unknown = (request.goto ?? []).find((node) => node !== END && !nodes.includes(node));
  if (unknown !== undefined) {
    throw new ChronographError("UNKNOWN_NODE", `Cannot run node "${unknown}" after the edit: ${where} shows no such node (nodes: ${nodes.join(", ")}).`, { thread: request.threadId, node: unknown });
  }
}
