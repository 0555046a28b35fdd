/**
 * The graph as React Flow elements: laid-out nodes and routed edges, with each node's lighting for the
 * selected checkpoint, its breakpoint, and the failed task's message. Pure, so the panel only renders.
 */
import type { Edge, Node } from "@xyflow/react";
import type { ElkPoint } from "elkjs/lib/elk-api";
import { edgeKey, toneOf, type GraphLighting, type NodeLight, type NodeTone } from "./graph-lighting.ts";
import type { GraphEdgeKind, GraphLayout, GraphNodeKind } from "./graph-layout.ts";

export type GraphNodeData = {
  label: string;
  kind: GraphNodeKind;
  tone: NodeTone;
  light: NodeLight | null;
  breakpoint: boolean;
  /** The failed task's message, when this node failed at the selected checkpoint. */
  errorMessage: string | null;
  /** Nodes this one waits for (it runs once all of them have finished), from its join edges. */
  joins: string[];
};

export type GraphEdgeData = {
  kind: GraphEdgeKind;
  points: ElkPoint[];
  active: boolean;
};

export type GraphFlowNode = Node<GraphNodeData, "step" | "terminal">;
export type GraphFlowEdge = Edge<GraphEdgeData, "route">;

export interface FlowInput {
  layout: GraphLayout;
  lighting: GraphLighting;
  breakpoints: readonly string[];
  errors: ReadonlyMap<string, string>;
}

export function toFlowElements({ layout, lighting, breakpoints, errors }: FlowInput): { nodes: GraphFlowNode[]; edges: GraphFlowEdge[] } {
  const stops = new Set(breakpoints);
  const joins = new Map<string, string[]>();
  for (const edge of layout.edges) if (edge.kind === "join") joins.set(edge.to, [...(joins.get(edge.to) ?? []), edge.from]);
  const nodes = layout.nodes.map((node): GraphFlowNode => {
    const light = lighting.nodes.get(node.id) ?? null;
    return {
      id: node.id,
      type: node.kind === "node" ? "step" : "terminal",
      position: { x: node.x, y: node.y },
      width: node.width,
      height: node.height,
      data: { label: node.label, kind: node.kind, tone: toneOf(light ?? undefined), light, breakpoint: stops.has(node.id), errorMessage: errors.get(node.id) ?? null, joins: joins.get(node.id) ?? [] },
      draggable: false,
      connectable: false,
      selectable: false,
    };
  });
  const edges = layout.edges.map((edge): GraphFlowEdge => {
    const active = lighting.edges.has(edgeKey(edge.from, edge.to));
    return {
      id: edge.id,
      source: edge.from,
      target: edge.to,
      type: "route",
      data: { kind: edge.kind, points: edge.points, active },
      markerEnd: { type: "arrowclosed", width: 14, height: 14, color: active ? "var(--accent)" : "var(--edge)" },
      zIndex: active ? 1 : 0,
      selectable: false,
      focusable: false,
    };
  });
  return { nodes, edges };
}
