/** The virtual nodes and the reserved prefix: defined in core/api (the app uses them too), re-exported for graph code. */
export { END, RESERVED_PREFIX, START } from "../api/nodes.ts";
