/**
 * One "edit state as node" request, as the backend hands it to either editor: edits.ts (Chronograph
 * databases, through the engine) or langgraph-edits.ts (LangGraph files, through interop's writer).
 */
import type { MethodArgs } from "../api/contract.ts";
import { threadKeyOf } from "../api/thread-key.ts";

export interface EditRequest {
  threadId: string;
  /** Checkpoint namespace, "" for the root graph. */
  namespace: string;
  /** The checkpoint edited; the edit becomes its child. */
  checkpointId: string;
  /** Channel values written, by channel name. */
  values: Record<string, unknown>;
  /** The node the write is attributed to; it decides what runs next. */
  asNode: string;
  /** The nodes that run next instead of `asNode`'s own routes (`[]` ends the run); absent: its routes. */
  goto?: string[];
}

/** The request a previewUpdate or updateState call makes. */
export function editRequestOf(args: MethodArgs<"updateState">): EditRequest {
  const request: EditRequest = { ...threadKeyOf(args), checkpointId: args.checkpointId, values: args.values, asNode: args.asNode };
  if (args.goto !== undefined) request.goto = args.goto;
  return request;
}
