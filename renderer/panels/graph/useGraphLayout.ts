import { useEffect, useState } from "react";
import type { GraphView } from "../../../core/api/types.ts";
import { fromElkGraph, toElkGraph, type GraphLayout } from "../../model/graph-layout.ts";

type Elk = { layout: (graph: ReturnType<typeof toElkGraph>) => Promise<ReturnType<typeof toElkGraph>> };

let elk: Promise<Elk> | null = null;
/** ELK is loaded on first use (1.5 MB) so the thread list does not wait for it. */
function loadElk(): Promise<Elk> {
  elk ??= import("elkjs/lib/elk.bundled.js").then((module) => new module.default() as unknown as Elk);
  return elk;
}

const cache = new Map<string, GraphLayout>();

/** Lays out a graph with ELK (left to right); the same topology is laid out once per window. */
export function useGraphLayout(graph: GraphView | null): { layout: GraphLayout | null; error: string | null } {
  const key = graph ? JSON.stringify([graph.nodes, graph.edges]) : null;
  const [state, setState] = useState<{ key: string | null; layout: GraphLayout | null; error: string | null }>({ key: null, layout: null, error: null });
  useEffect(() => {
    if (!graph || key === null) return;
    // A cached layout is already what this hook returns for `key` (see below), so there is nothing to set.
    if (cache.has(key)) return;
    let live = true;
    loadElk()
      .then((engine) => engine.layout(toElkGraph(graph)))
      .then((laidOut) => {
        const layout = fromElkGraph(graph, laidOut);
        cache.set(key, layout);
        if (live) setState({ key, layout, error: null });
      })
      .catch((error: unknown) => {
        if (live) setState({ key, layout: null, error: `Could not lay out the graph: ${error instanceof Error ? error.message : String(error)}` });
      });
    return () => {
      live = false;
    };
  }, [key, graph]);
  if (key === null) return { layout: null, error: null };
  return state.key === key ? { layout: state.layout, error: state.error } : { layout: cache.get(key) ?? null, error: null };
}
