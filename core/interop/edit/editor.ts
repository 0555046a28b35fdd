/**
 * What the debugger asks of a writer of LangGraph's format, wherever the tables live: the SQLite file
 * writer (writer.ts, synchronous) and the PostgreSQL one (postgres-writer.ts, asynchronous) both fit.
 */
import type { ThreadKey } from "../../api/types.ts";
import type { EditAnswer } from "./can-edit.ts";
import type { UpdateOptions } from "./writer.ts";

type Maybe<T> = T | Promise<T>;

export interface LangGraphEditor {
  canEdit(thread: ThreadKey, checkpointId: string, channels?: readonly string[]): Maybe<EditAnswer>;
  previewUpdate(thread: ThreadKey, checkpointId: string, values: Record<string, unknown>, asNode: string, options?: UpdateOptions): Maybe<{ next: string[]; routes: string[] }>;
  updateState(thread: ThreadKey, checkpointId: string, values: Record<string, unknown>, asNode: string, options?: UpdateOptions): Maybe<{ checkpointId: string; next: string[] }>;
  close(): Promise<void>;
}
