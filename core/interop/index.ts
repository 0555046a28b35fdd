/**
 * Reading (and editing) LangGraph checkpoint databases. The debugger's table of readers by kind
 * (core/debugger/sources.ts) lists LANGGRAPH_SOURCE_FACTORIES for the LangGraph kinds; the CLI calls
 * `detectKind`, opens the matching source and `inspectDatabase`.
 */
import type { HistorySource } from "../api/history-source.ts";
import { LangGraphSource, type LangGraphKind } from "./langgraph/source.ts";

export { detectKind } from "./detect.ts";
export { inspectDatabase } from "./inspect.ts";
export { LangGraphSource, type LangGraphKind, type LangGraphSourceOptions } from "./langgraph/source.ts";
export { canEdit, LangGraphWriter, type EditAnswer, type UpdateOptions } from "./edit/writer.ts";
export { graphViewFromCode } from "./langgraph/code-graph.ts";

/** Opens one kind of LangGraph file read-only; matches the debugger's SourceFactory signature. */
export type LangGraphSourceFactory = (path: string, options?: { busyTimeoutMs?: number; cacheDir?: string }) => Promise<HistorySource>;

/**
 * A reader factory per LangGraph kind, for the debugger's table of readers. Both read the dialect from
 * the file itself (detectKind's thorough rules), so a coarser guess by the caller cannot mislead them.
 */
const openLangGraph: LangGraphSourceFactory = (path, options) => LangGraphSource.open(path, { busyTimeoutMs: options?.busyTimeoutMs, statusCacheDir: options?.cacheDir });
export const LANGGRAPH_SOURCE_FACTORIES: Record<LangGraphKind, LangGraphSourceFactory> = { "langgraph-js": openLangGraph, "langgraph-py": openLangGraph };
