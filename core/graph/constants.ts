/** The virtual node every run starts from. */
export const START = "__start__";
/** The virtual node that ends a run. */
export const END = "__end__";
/** Prefix reserved for the engine's own nodes and channels. */
export const RESERVED_PREFIX = "__";
