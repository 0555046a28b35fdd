/**
 * The selected thread's graph (topology only; lighting is derived per checkpoint) and the user's
 * breakpoints: nodes to stop before on the next run, remembered per graph name.
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import { threadArgs } from "../../core/api/thread-key.ts";
import type { GraphView, ThreadKey } from "../../core/api/types.ts";
import { latest } from "./latest.ts";
import type { LoadStatus, SliceCreator } from "./types.ts";

export interface GraphSlice {
  graphView: GraphView | null;
  graphStatus: LoadStatus;
  graphError: ErrorInfo | null;
  /** Stop-before breakpoints by graph name. */
  breakpoints: Record<string, string[]>;
  loadGraph(thread: ThreadKey): Promise<void>;
  clearGraph(): void;
  /** Toggle "stop before `node`" for the next run of the shown graph. */
  toggleBreakpoint(node: string): void;
}

export const createGraphSlice: SliceCreator<GraphSlice> = (client) => (set, get) => {
  const request = latest();
  return {
    graphView: null,
    graphStatus: "idle",
    graphError: null,
    breakpoints: {},

    async loadGraph(thread) {
      const current = request.take();
      set({ graphStatus: "loading", graphError: null });
      try {
        const graphView = await client.getGraph(threadArgs(thread));
        if (current()) set({ graphView, graphStatus: "ready" });
      } catch (error) {
        if (current()) set({ graphView: null, graphStatus: "failed", graphError: toErrorInfo(error) });
      }
    },

    clearGraph() {
      request.take();
      set({ graphView: null, graphStatus: "idle", graphError: null });
    },

    toggleBreakpoint(node) {
      const graph = get().graphView;
      if (!graph) return;
      const current = get().breakpoints[graph.name] ?? [];
      const next = current.includes(node) ? current.filter((name) => name !== node) : [...current, node];
      set({ breakpoints: { ...get().breakpoints, [graph.name]: next } });
    },
  };
};
