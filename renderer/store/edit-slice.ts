/**
 * The Edit tab's draft: JSON text of the state at one checkpoint, the node the edit is written as, the
 * node chosen to run next (goto, where the database allows it), a preview of what would run next, and
 * saving it as a new checkpoint (a new branch; nothing is changed).
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import type { CheckpointView } from "../../core/api/types.ts";
import { checkDraft, draftUpdate, formatState } from "../model/edit-draft.ts";
import { latest } from "./latest.ts";
import { threadArgs } from "../../core/api/thread-key.ts";
import type { LoadStatus, SliceCreator } from "./types.ts";

export interface EditPreview {
  status: LoadStatus;
  /** Text + node the preview was computed for. */
  key: string | null;
  next: string[] | null;
  error: ErrorInfo | null;
}

export interface EditSlice {
  /** The checkpoint the draft edits. */
  editFor: string | null;
  editText: string;
  editOriginal: Record<string, unknown> | null;
  editAsNode: string | null;
  /** The nodes chosen to run after the edit (`[]`: the run ends); null: the node's own routes. */
  editGoto: string[] | null;
  editPreview: EditPreview;
  editSaving: boolean;
  editError: ErrorInfo | null;
  /** The checkpoint the last save created. */
  editSavedId: string | null;
  /** Start a draft from a checkpoint (keeps the current draft when it is already for this checkpoint). */
  beginEdit(view: CheckpointView, asNode: string | null): void;
  setEditText(text: string): void;
  setEditAsNode(node: string): void;
  setEditGoto(goto: string[] | null): void;
  /** Ask the backend what would run next with the draft; writes nothing. */
  previewEdit(): Promise<void>;
  /** Write the changed fields as `editAsNode`; selects the new checkpoint. Resolves true when saved. */
  saveEdit(): Promise<boolean>;
  resetEdit(): void;
  /** What to run on the user's side to go on from a checkpoint of the selected thread whose graph is Python (pythonSnippet). */
  pythonSnippet(request: PythonSnippetRequest): Promise<string>;
}

/** A pythonSnippet call's arguments, the thread left out (the selected one). */
export interface PythonSnippetRequest {
  checkpointId: string;
  resumeValue?: unknown;
  values?: Record<string, unknown>;
  asNode?: string;
}

const NO_PREVIEW: EditPreview = { status: "idle", key: null, next: null, error: null };

export const createEditSlice: SliceCreator<EditSlice> = (client) => (set, get) => {
  const previewRequest = latest();
  const pending = () => {
    const { editText, editOriginal, editAsNode, editGoto } = get();
    const check = checkDraft(editText);
    if (!check.ok || !editOriginal || !editAsNode) return null;
    const update = draftUpdate(editOriginal, check.values);
    // With the next node chosen, an edit that changes no value still routes the run.
    if (update.removed.length > 0 || (Object.keys(update.values).length === 0 && editGoto === null)) return null;
    return editGoto === null ? { values: update.values, asNode: editAsNode } : { values: update.values, asNode: editAsNode, goto: editGoto };
  };
  return {
    editFor: null,
    editText: "",
    editOriginal: null,
    editAsNode: null,
    editGoto: null,
    editPreview: NO_PREVIEW,
    editSaving: false,
    editError: null,
    editSavedId: null,

    beginEdit(view, asNode) {
      if (get().editFor === view.checkpointId) return;
      previewRequest.take();
      set({ editFor: view.checkpointId, editText: formatState(view.values), editOriginal: view.values, editAsNode: asNode, editGoto: null, editPreview: NO_PREVIEW, editError: null });
    },

    setEditText(text) {
      set({ editText: text, editError: null });
    },

    setEditAsNode(node) {
      set({ editAsNode: node, editError: null });
    },

    setEditGoto(goto) {
      set({ editGoto: goto, editError: null });
    },

    async previewEdit() {
      const thread = get().selectedThread;
      const checkpointId = get().editFor;
      const update = pending();
      if (!thread || !checkpointId || !update) {
        previewRequest.take();
        set({ editPreview: NO_PREVIEW });
        return;
      }
      const key = `${update.asNode}\u0000${JSON.stringify(update.goto ?? null)}\u0000${JSON.stringify(update.values)}`;
      if (get().editPreview.key === key) return;
      const current = previewRequest.take();
      set({ editPreview: { status: "loading", key, next: get().editPreview.next, error: null } });
      try {
        const { next } = await client.previewUpdate({ ...threadArgs(thread), checkpointId, ...update });
        if (current()) set({ editPreview: { status: "ready", key, next, error: null } });
      } catch (error) {
        if (current()) set({ editPreview: { status: "failed", key, next: null, error: toErrorInfo(error) } });
      }
    },

    async saveEdit() {
      const thread = get().selectedThread;
      const checkpointId = get().editFor;
      const update = pending();
      if (!thread || !checkpointId || !update || get().editSaving) return false;
      set({ editSaving: true, editError: null });
      try {
        const saved = await client.updateState({ ...threadArgs(thread), checkpointId, ...update });
        set({ editSaving: false, editSavedId: saved.checkpointId });
        await get().loadTimeline(thread, { select: saved.checkpointId });
        void get().loadThreads();
        void get().refreshDatabase();
        return true;
      } catch (error) {
        set({ editSaving: false, editError: toErrorInfo(error) });
        return false;
      }
    },

    async pythonSnippet(request) {
      const thread = get().selectedThread;
      if (!thread) throw new Error("No thread is selected.");
      return (await client.pythonSnippet({ ...threadArgs(thread), ...request })).snippet;
    },

    resetEdit() {
      const view = get().editFor ? get().checkpointViews.get(get().editFor!) : undefined;
      previewRequest.take();
      set({ editText: view ? formatState(view.values) : get().editText, editPreview: NO_PREVIEW, editError: null });
    },
  };
};
