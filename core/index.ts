/**
 * Chronograph's engine: graphs in LangGraph's shape that checkpoint every superstep, resume after a
 * crash, and travel in time.
 */
export { StateGraph, type CompileOptions, type StateGraphOptions } from "./graph/state-graph.ts";
export { START, END } from "./graph/constants.ts";
export { Command, Send, isCommand, isSend, type CommandOptions } from "./graph/command.ts";
export type { NodeContext, NodeFunction, NodeOptions, RetryPolicy, Router, RouterResult, State } from "./graph/types.ts";
export type { GraphDescription, ReducerKind } from "./graph/describe.ts";
export { lastValue, append, reducer, appendedFromWrites, type Channel, type ChannelWrite } from "./channels/index.ts";
export { CompiledGraph, type HistoryOptions, type RunResult } from "./pregel/compiled-graph.ts";
export type { RunConfig } from "./pregel/loop.ts";
export type { StreamEvent } from "./pregel/events.ts";
export type { StateSnapshot, SnapshotTask, CheckpointConfig } from "./pregel/snapshot.ts";
export { MemorySaver } from "./checkpoint/memory.ts";
export type * from "./checkpoint/types.ts";
export { ChronographError, isChronographError, type ErrorCode, type ErrorInfo } from "./api/errors.ts";
