import { useMemo } from "react";
import { toFlowElements, type GraphFlowEdge, type GraphFlowNode } from "../../model/flow-elements.ts";
import { lightGraph } from "../../model/graph-lighting.ts";
import { selectBreakpoints, selectGraphView, selectLiveNodes, selectSelectedEntry, selectSelectedView } from "../../store/selectors.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { useGraphLayout } from "./useGraphLayout.ts";

const NO_ERRORS = new Map<string, string>();

/** The selected thread's graph as React Flow elements, lit for the selected checkpoint. */
export function useGraphElements(): { nodes: GraphFlowNode[]; edges: GraphFlowEdge[]; layoutKey: string | null; layoutError: string | null } {
  const graph = useAppStore(selectGraphView);
  const entry = useAppStore(selectSelectedEntry);
  const view = useAppStore(selectSelectedView);
  const live = useAppStore(selectLiveNodes);
  const breakpoints = useAppStore(selectBreakpoints);
  const { layout, error } = useGraphLayout(graph);
  const errors = useMemo(() => {
    if (!view) return NO_ERRORS;
    const map = new Map<string, string>();
    for (const task of view.tasks) if (task.error) map.set(task.name, `${task.error.name}: ${task.error.message}`);
    return map;
  }, [view]);
  const lighting = useMemo(() => (graph ? lightGraph(graph, entry, live ?? undefined) : null), [graph, entry, live]);
  const elements = useMemo(
    () => (layout && lighting ? toFlowElements({ layout, lighting, breakpoints, errors }) : { nodes: [], edges: [] }),
    [layout, lighting, breakpoints, errors],
  );
  return { ...elements, layoutKey: layout ? (graph?.name ?? "") + layout.nodes.map((node) => node.id).join("|") : null, layoutError: error };
}
