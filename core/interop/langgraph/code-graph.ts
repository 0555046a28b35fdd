/**
 * The real graph, when the user has loaded the LangGraph.js module that built it: a compiled graph's
 * `getGraphAsync()` (or `getGraph()`) drawing, as a GraphView with origin "code". Duck-typed, so core
 * does not depend on @langchain/langgraph; anything that does not look like a drawing is refused with
 * GRAPH_MODULE naming what was missing.
 */
import { ChronographError } from "../../api/errors.ts";
import type { GraphView } from "../../api/types.ts";
import { END, START } from "./channels.ts";

interface Drawing {
  nodes: Record<string, { id: string; name?: string }> | Array<{ id: string; name?: string }>;
  edges: Array<{ source: string; target: string; conditional?: boolean }>;
}

interface Drawable {
  getGraphAsync?: () => Promise<Drawing>;
  getGraph?: () => Drawing | Promise<Drawing>;
}

/** The graph a compiled LangGraph.js graph draws of itself. `name` labels it. */
export async function graphViewFromCode(compiled: unknown, name: string): Promise<GraphView> {
  const drawable = compiled as Drawable | null;
  const draw = drawable?.getGraphAsync?.bind(drawable) ?? drawable?.getGraph?.bind(drawable);
  if (!draw) throw new ChronographError("GRAPH_MODULE", `The graph "${name}" has no getGraphAsync() or getGraph(); it is not a compiled LangGraph.js graph.`, { graph: name });
  const drawing = await draw();
  const nodes = Array.isArray(drawing?.nodes) ? drawing.nodes : Object.values(drawing?.nodes ?? {});
  if (!Array.isArray(drawing?.edges)) throw new ChronographError("GRAPH_MODULE", `The drawing of graph "${name}" has no edges list.`, { graph: name });
  return {
    name,
    nodes: nodes.map((node) => ({ id: node.id, kind: node.id === START ? ("start" as const) : node.id === END ? ("end" as const) : ("node" as const) })),
    edges: drawing.edges.map((edge) => ({ from: edge.source, to: edge.target, kind: edge.conditional ? ("conditional" as const) : ("fixed" as const) })),
    origin: "code",
  };
}
