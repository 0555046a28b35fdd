/**
 * What the user is looking at: the thread, the checkpoint, and the diff's "compare with" start. Moving
 * the selection loads what the panels need; the history itself stays in the backend (STYLE 4.1).
 */
import type { ThreadKey } from "../../core/api/types.ts";
import type { SliceCreator } from "./types.ts";

export type Move = "up" | "down" | "parent" | "child" | "first" | "last" | "pageUp" | "pageDown";

const PAGE = 20;

export interface SelectionSlice {
  selectedThreadKey: string | null;
  selectedThread: ThreadKey | null;
  selectedCheckpointId: string | null;
  /** The diff's other end; null means "the parent" (the default). */
  compareFromId: string | null;
  /** Open a thread: its graph and timeline load, and its newest checkpoint is selected. */
  selectThread(key: string): void;
  selectCheckpoint(checkpointId: string): void;
  /** Move along the timeline (rows, or up/down the tree). */
  moveSelection(move: Move): void;
  setCompareFrom(checkpointId: string | null): void;
  /** Forget everything tied to the previous database. */
  resetForDatabase(): void;
}

export const createSelectionSlice: SliceCreator<SelectionSlice> = () => (set, get) => ({
  selectedThreadKey: null,
  selectedThread: null,
  selectedCheckpointId: null,
  compareFromId: null,

  selectThread(key) {
    const row = get().threadRows.get(key);
    if (!row) return;
    if (get().selectedThreadKey === key) return;
    const thread = { threadId: row.threadId, namespace: row.namespace };
    set({ selectedThreadKey: key, selectedThread: thread, selectedCheckpointId: null, compareFromId: null });
    get().clearThreadViews();
    void get().loadGraph(thread);
    void get().loadTimeline(thread, { select: row.headCheckpointId });
  },

  selectCheckpoint(checkpointId) {
    if (get().selectedCheckpointId === checkpointId) return;
    set({ selectedCheckpointId: checkpointId, compareFromId: get().compareFromId === checkpointId ? null : get().compareFromId });
    void get().loadCheckpoint(checkpointId);
  },

  moveSelection(move) {
    const { timelineLayout: layout, selectedCheckpointId: selected } = get();
    if (!layout || layout.rows.length === 0) return;
    const index = selected === null ? -1 : (layout.indexById.get(selected) ?? -1);
    const last = layout.rows.length - 1;
    let target: string | undefined;
    switch (move) {
      case "up":
        target = layout.rows[Math.max(0, index - 1)]?.checkpointId;
        break;
      case "down":
        target = layout.rows[Math.min(last, index + 1)]?.checkpointId;
        break;
      case "pageUp":
        target = layout.rows[Math.max(0, index - PAGE)]?.checkpointId;
        break;
      case "pageDown":
        target = layout.rows[Math.min(last, index + PAGE)]?.checkpointId;
        break;
      case "first":
        target = layout.rows[0]?.checkpointId;
        break;
      case "last":
        target = layout.rows[last]?.checkpointId;
        break;
      case "parent":
        target = index < 0 ? undefined : layout.rows[layout.rows[index]!.parent]?.checkpointId;
        break;
      case "child":
        target = selected === null ? undefined : layout.children.get(selected)?.[0];
        break;
    }
    // The layout knows every row; their entries load as the list scrolls to them.
    if (target !== undefined && layout.indexById.has(target)) get().selectCheckpoint(target);
  },

  setCompareFrom(checkpointId) {
    set({ compareFromId: checkpointId === get().selectedCheckpointId ? null : checkpointId });
  },

  resetForDatabase() {
    set({ selectedThreadKey: null, selectedThread: null, selectedCheckpointId: null, compareFromId: null });
    get().clearThreadViews();
    get().clearThreads();
    // A banner belongs to a thread of the database it ran on, never to a same-named thread of the next one.
    get().clearRuns();
  },
});
