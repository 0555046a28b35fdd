/**
 * One "edit state as node" request, as the backend hands it to either editor: edits.ts (Chronograph
 * databases, through the engine) or langgraph-edits.ts (LangGraph files, through interop's writer).
 */
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
}
