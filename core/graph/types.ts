import type { Channel } from "../channels/base.ts";
import type { Command, Send } from "./command.ts";

export type State = Record<string, unknown>;

/** What a node function receives besides the state. */
export interface NodeContext {
  threadId: string;
  /** The superstep this task belongs to. */
  step: number;
  node: string;
  /** 1 on the first attempt, then 2, 3... when `retry` re-runs the node. */
  attempt: number;
  /** Aborted when the run is stopped; long work should listen to it. */
  signal: AbortSignal;
  /**
   * Stop the run here and ask a human. The first time, this throws (the run ends interrupted and the
   * snapshot shows `payload`); when the run is resumed with `new Command({ resume: value })`, the node
   * runs again and this call returns `value`. Call it in the same order on every run of the node.
   */
  interrupt<R = unknown>(payload: unknown): R;
}

export type NodeResult<S> = Partial<S> | Command<S> | void | undefined | null;

export type NodeFunction<S extends object = State> = (state: S, ctx: NodeContext) => NodeResult<S> | Promise<NodeResult<S>>;

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  maxAttempts: number;
  /** Wait before the second attempt; doubled for each attempt after it. Default 0. */
  backoffMs?: number;
}

export interface NodeOptions {
  retry?: RetryPolicy;
  /** Where a `Command({ goto })` from this node may go, so the graph can be validated and drawn. */
  ends?: string[];
}

export type RouteTarget = string | Send;
export type RouterResult = RouteTarget | RouteTarget[];
export type Router<S extends object = State> = (state: S) => RouterResult | Promise<RouterResult>;

export type ChannelMap<S extends object> = { [K in keyof S]: Channel<S[K]> };

/** A validated graph, as compile() hands it to the engine. Plain data plus the user's functions. */
export interface GraphSpec {
  name: string;
  channels: Record<string, Channel>;
  nodes: Map<string, { fn: NodeFunction<State>; retry: Required<RetryPolicy> | null; ends: string[] }>;
  /** Fixed edges by source (START included). */
  edges: Map<string, string[]>;
  joins: Array<{ sources: string[]; target: string; channel: string }>;
  branches: Map<string, Array<{ router: Router<State>; pathMap: Record<string, string> | null; targets: string[] | null }>>;
  interruptBefore: Set<string>;
  interruptAfter: Set<string>;
}
