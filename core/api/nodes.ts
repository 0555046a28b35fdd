/**
 * The names of the graph's virtual nodes, as LangGraph stores them in checkpoints. The engine, the
 * backend and the app import them from here; core/graph/constants.ts re-exports them for graph code.
 */

/** The virtual node every run starts from; an edit written as START is the graph's input. */
export const START = "__start__";
/** The virtual node that ends a run. */
export const END = "__end__";
/** Prefix reserved for the engine's own nodes and channels (and LangGraph's, such as `__input__`). */
export const RESERVED_PREFIX = "__";
