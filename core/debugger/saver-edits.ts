/**
 * "Edit state as node" on a ChronographSaver file: planned by interop's SaverEditPlanner (LangGraph.js's
 * updateState rules over the history the debugger shows) and written through ChronographSaver itself,
 * put (the new checkpoint, child of the edited one) then putWrites (the update task's writes, when the
 * edited checkpoint is the head), so LangGraph.js with ChronographSaver resumes from it. Nothing existing
 * changes. The saver is opened for the write and closed after it.
 */
import { dirname } from "node:path";
import { ChronographError } from "../api/errors.ts";
import { type SaverHistories, SaverEditPlanner } from "../interop/chronograph-saver/edit.ts";
import { SaverPgSource } from "../interop/chronograph-saver/pg-source.ts";
import { SaverSource } from "../interop/chronograph-saver/source.ts";
import type { EditRequest } from "./edit-request.ts";
import { loadSaverModule } from "./saver-module.ts";
import type { DatabaseSession } from "./session.ts";

async function readerOf(session: DatabaseSession, threadId: string): Promise<SaverHistories> {
  if (session.source instanceof SaverSource) return session.source;
  if (session.source instanceof SaverPgSource) return session.source.thread(threadId);
  throw new ChronographError("READ_ONLY", `"${session.path}" was not written by ChronographSaver; its edits do not go through the saver.`, { file: session.path });
}

function refuse(session: DatabaseSession, request: EditRequest, reason: string): never {
  throw new ChronographError("READ_ONLY", `Cannot edit: ${reason}`, { file: session.path, thread: request.threadId, checkpoint: request.checkpointId });
}

/** What would run next after the edit. Refuses (READ_ONLY, with the reason) a checkpoint that cannot be written faithfully. */
export async function previewSaverEdit(session: DatabaseSession, request: EditRequest): Promise<{ next: string[] }> {
  const planner = new SaverEditPlanner(await readerOf(session, request.threadId));
  const thread = { threadId: request.threadId, namespace: request.namespace };
  const answer = planner.canEdit(thread, request.checkpointId, Object.keys(request.values));
  if (!answer.canEdit) refuse(session, request, answer.reason!);
  return { next: planner.previewUpdate(thread, request.checkpointId, request.values, request.asNode, { goto: request.goto }).next };
}

/** Write the edit as a new checkpoint (source "update") through ChronographSaver; resolves to its id. */
export async function writeSaverEdit(session: DatabaseSession, request: EditRequest): Promise<{ checkpointId: string }> {
  const planner = new SaverEditPlanner(await readerOf(session, request.threadId));
  // On PostgreSQL the saver connects to the session's URL (with its password; session.path is masked),
  // loaded from the folder Chronograph runs in.
  const onServer = session.source instanceof SaverPgSource;
  const module = await loadSaverModule(onServer ? process.cwd() : dirname(session.path), session.path);
  const saver = module.ChronographSaver.open(onServer ? session.location : session.path);
  try {
    const thread = { threadId: request.threadId, namespace: request.namespace };
    const edit = planner.planUpdate(thread, request.checkpointId, request.values, request.asNode, (current) => saver.getNextVersion(current), { goto: request.goto });
    const configurable = { thread_id: edit.threadId, checkpoint_ns: edit.namespace };
    await saver.put({ configurable: { ...configurable, checkpoint_id: edit.parentId } }, edit.checkpoint, edit.metadata, edit.newVersions);
    if (edit.writes) await saver.putWrites({ configurable: { ...configurable, checkpoint_id: edit.parentId } }, edit.writes.values, edit.writes.taskId);
    session.markWritten();
    return { checkpointId: edit.checkpoint.id as string };
  } finally {
    await saver.close();
  }
}
