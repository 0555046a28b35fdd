import { BaseEdge, getBezierPath, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { roundedPath } from "../../model/graph-layout.ts";
import type { GraphFlowEdge } from "../../model/flow-elements.ts";

/**
 * An edge drawn along ELK's orthogonal route (nodes do not move, so the route stays right). Conditional
 * edges are dashed, fixed ones solid, join edges thicker (their target wears a "join" tag); edges the run
 * took are highlighted.
 */
export const RouteEdge = memo(function RouteEdge(props: EdgeProps<GraphFlowEdge>) {
  const { data, markerEnd, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const points = data?.points ?? [];
  const path = points.length >= 2 ? roundedPath(points) : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition })[0];
  const kind = data?.kind ?? "fixed";
  return <BaseEdge path={path} markerEnd={markerEnd} className={`gedge gedge--${kind}${data?.active ? " gedge--active" : ""}`} />;
});
