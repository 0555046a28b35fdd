/**
 * The graph view's layout, minus the ELK call itself: GraphView → ELK input (left to right, START in the
 * first layer, END in the last), and ELK's answer → positioned nodes and routed edges. Edges are drawn
 * along ELK's orthogonal routes with rounded corners, so back edges (loops) go around nodes, not through.
 */
import type { ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import type { GraphView } from "../../core/api/types.ts";

export type GraphNodeKind = GraphView["nodes"][number]["kind"];
export type GraphEdgeKind = GraphView["edges"][number]["kind"];

export interface LaidOutNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  id: string;
  from: string;
  to: string;
  kind: GraphEdgeKind;
  /** Route from the source's border to the target's border; empty when ELK gave none. */
  points: ElkPoint[];
}

export interface GraphLayout {
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

const NODE_HEIGHT = 34;
const TERMINAL = { width: 64, height: 26 };
const CHAR_WIDTH = 7.2;
// Room for the padding and the status icon (running, failed, interrupted) beside the label.

export function labelOf(node: { id: string; kind: GraphNodeKind }): string {
  if (node.kind === "start") return "START";
  if (node.kind === "end") return "END";
  return node.id;
}

export function nodeSize(node: { id: string; kind: GraphNodeKind }): { width: number; height: number } {
  if (node.kind !== "node") return TERMINAL;
  const width = Math.round(Math.min(240, Math.max(96, labelOf(node).length * CHAR_WIDTH + 58)));
  return { width, height: NODE_HEIGHT };
}

const RANK: Record<GraphEdgeKind, number> = { join: 0, fixed: 1, conditional: 2 };

/** One edge per (from, to): a join beats a fixed edge, which beats a conditional one. */
export function uniqueEdges(graph: GraphView): GraphView["edges"] {
  const best = new Map<string, GraphView["edges"][number]>();
  for (const edge of graph.edges) {
    const key = `${edge.from}->${edge.to}`;
    const seen = best.get(key);
    if (!seen || RANK[edge.kind] < RANK[seen.kind]) best.set(key, edge);
  }
  const ids = new Set(graph.nodes.map((node) => node.id));
  return [...best.values()].filter((edge) => ids.has(edge.from) && ids.has(edge.to));
}

export function toElkGraph(graph: GraphView): ElkNode {
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.layered.spacing.nodeNodeBetweenLayers": "36",
      "elk.spacing.nodeNode": "22",
      "elk.spacing.edgeNode": "14",
      "elk.spacing.edgeEdge": "8",
      "elk.layered.spacing.edgeNodeBetweenLayers": "14",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      // Break loops the way the run reads: an edge back to an earlier node is the back edge.
      "elk.layered.cycleBreaking.strategy": "DEPTH_FIRST",
    },
    children: graph.nodes.map((node): ElkNode => {
      const layer = node.kind === "start" ? "FIRST" : node.kind === "end" ? "LAST" : null;
      return { id: node.id, ...nodeSize(node), ...(layer ? { layoutOptions: { "elk.layered.layering.layerConstraint": layer } } : {}) };
    }),
    edges: uniqueEdges(graph).map((edge, i) => ({ id: `e${i}:${edge.from}->${edge.to}`, sources: [edge.from], targets: [edge.to] })),
  };
}

export function fromElkGraph(graph: GraphView, laidOut: ElkNode): GraphLayout {
  const placed = new Map((laidOut.children ?? []).map((child) => [child.id, child]));
  const nodes = graph.nodes.map((node): LaidOutNode => {
    const child = placed.get(node.id);
    const size = nodeSize(node);
    return { id: node.id, kind: node.kind, label: labelOf(node), x: child?.x ?? 0, y: child?.y ?? 0, width: child?.width ?? size.width, height: child?.height ?? size.height };
  });
  const routes = new Map((laidOut.edges ?? []).map((edge) => [edge.id, edge as ElkExtendedEdge]));
  const edges = uniqueEdges(graph).map((edge, i): LaidOutEdge => {
    const id = `e${i}:${edge.from}->${edge.to}`;
    const section = routes.get(id)?.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    return { id, from: edge.from, to: edge.to, kind: edge.kind, points };
  });
  return { nodes, edges };
}

/** An SVG path through the points with corners rounded to `radius` (less where segments are short). */
export function roundedPath(points: readonly ElkPoint[], radius = 8): string {
  if (points.length === 0) return "";
  const [first, ...rest] = points;
  let path = `M ${first!.x} ${first!.y}`;
  for (let i = 0; i < rest.length; i += 1) {
    const corner = rest[i]!;
    const after = rest[i + 1];
    if (!after) {
      path += ` L ${corner.x} ${corner.y}`;
      break;
    }
    const before = i === 0 ? first! : rest[i - 1]!;
    const inLength = Math.hypot(corner.x - before.x, corner.y - before.y);
    const outLength = Math.hypot(after.x - corner.x, after.y - corner.y);
    const r = Math.min(radius, inLength / 2, outLength / 2);
    if (r <= 0) {
      path += ` L ${corner.x} ${corner.y}`;
      continue;
    }
    const enter = { x: corner.x - ((corner.x - before.x) / inLength) * r, y: corner.y - ((corner.y - before.y) / inLength) * r };
    const leave = { x: corner.x + ((after.x - corner.x) / outLength) * r, y: corner.y + ((after.y - corner.y) / outLength) * r };
    path += ` L ${enter.x} ${enter.y} Q ${corner.x} ${corner.y} ${leave.x} ${leave.y}`;
  }
  return path;
}
