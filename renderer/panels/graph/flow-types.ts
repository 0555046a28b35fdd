/** React Flow's custom types, defined once at module scope so React Flow never sees new objects. */
import type { EdgeTypes, NodeTypes } from "@xyflow/react";
import { RouteEdge } from "./RouteEdge.tsx";
import { StepNode } from "./StepNode.tsx";
import { TerminalNode } from "./TerminalNode.tsx";

export const NODE_TYPES: NodeTypes = { step: StepNode, terminal: TerminalNode };
export const EDGE_TYPES: EdgeTypes = { route: RouteEdge };
