/**
 * The graph builder. It only records what the user declares; `compile()` validates it all at once so
 * every mistake is reported with the node it concerns.
 */
import type { Checkpointer } from "../checkpoint/types.ts";
import { ChronographError } from "../api/errors.ts";
import { CompiledGraph } from "../pregel/compiled-graph.ts";
import { buildSpec, type Declarations } from "./compile.ts";
import type { ChannelMap, NodeFunction, NodeOptions, Router, State } from "./types.ts";

export interface StateGraphOptions<S extends object> {
  /** Shown in the debugger and stored with every checkpoint. */
  name: string;
  channels: ChannelMap<S>;
}

export interface CompileOptions {
  /** Where checkpoints go. Without one the graph runs but cannot resume or travel in time. */
  checkpointer?: Checkpointer;
  /** Stop the run before these nodes run (a breakpoint). */
  interruptBefore?: string[];
  /** Stop the run after these nodes ran. */
  interruptAfter?: string[];
}

export class StateGraph<S extends object = State> {
  private readonly declarations: Declarations;

  constructor(options: StateGraphOptions<S>) {
    if (!options || typeof options.name !== "string" || options.name.trim() === "") {
      throw new ChronographError("INVALID_GRAPH", "A StateGraph needs a non-empty name: new StateGraph({ name, channels }).");
    }
    this.declarations = { name: options.name, channels: options.channels as ChannelMap<State>, nodes: [], edges: [], branches: [] };
  }

  /** Add a node. `fn(state, ctx)` returns a partial update, a Command, or nothing. */
  addNode(name: string, fn: NodeFunction<S>, options: NodeOptions = {}): this {
    if (this.declarations.nodes.some((node) => node.name === name)) {
      throw new ChronographError("INVALID_GRAPH", `Graph "${this.declarations.name}": node "${name}" is added twice.`, { node: name });
    }
    this.declarations.nodes.push({ name, fn: fn as NodeFunction<State>, options });
    return this;
  }

  /** A fixed edge. With a list of sources, `to` runs once all of them have finished (a join). */
  addEdge(from: string | string[], to: string): this {
    this.declarations.edges.push({ from, to });
    return this;
  }

  /**
   * After `from`, call `router(state)` to choose where to go: a node, END, a list, or Send items.
   * `targets` declares the possible destinations (a list, or a map from the router's answers to nodes).
   */
  addConditionalEdges(from: string, router: Router<S>, targets?: string[] | Record<string, string>): this {
    this.declarations.branches.push({ from, router: router as Router<State>, targets });
    return this;
  }

  /** Validate and freeze the graph. Throws INVALID_GRAPH naming the node for every kind of mistake. */
  compile(options: CompileOptions = {}): CompiledGraph<S> {
    const spec = buildSpec(this.declarations, options.interruptBefore ?? [], options.interruptAfter ?? []);
    return new CompiledGraph<S>(spec, options.checkpointer);
  }
}
