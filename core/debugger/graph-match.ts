/**
 * Whether loaded graph code belongs to the open database: same graph name, and a topology that wrote
 * checkpoints there (its hash is stored in the file). A module written for another graph, or an edited
 * topology, is refused with GRAPH_MISMATCH naming both sides: running it would write a history the
 * stored one cannot explain.
 */
import { ChronographError } from "../api/errors.ts";
import type { GraphView } from "../api/types.ts";
import type { GraphCode, LoadedCodeGraph } from "./graph-host/protocol.ts";

/** What the open database says about the graphs that wrote it. */
export interface StoredGraphs {
  /** Path of the database, for messages. */
  database: string;
  /** Graph names found in its threads; empty when unknown or when it has no threads yet. */
  names: ReadonlySet<string>;
  /** Whether checkpoints in the file were written by the topology with this hash. */
  knows(hash: string): Promise<boolean>;
  /** The hash of the graph named `name` that wrote the newest thread of that name, if any. */
  newestHash(name: string): Promise<string | undefined>;
}

/**
 * The candidates that match the database. With `graphName` (from chronograph.config.json) only a graph of
 * that name is considered. Throws GRAPH_MISMATCH when none matches, naming the module, the database and
 * the graphs on both sides.
 */
export async function matchGraphs(candidates: readonly GraphCode[], stored: StoredGraphs, graphName?: string): Promise<GraphCode[]> {
  const file = candidates[0]?.file ?? "";
  const named = graphName === undefined ? candidates : candidates.filter((candidate) => candidate.name === graphName);
  if (named.length === 0) {
    const exported = candidates.map((candidate) => `"${candidate.name}"`).join(", ");
    throw mismatch(`Graph module "${file}" exports graph ${exported}, but the config beside "${stored.database}" maps it to graph "${graphName}".`, file);
  }
  if (stored.names.size === 0) return [...named];

  const matching: GraphCode[] = [];
  let hashProblem: string | null = null;
  for (const candidate of named) {
    const { name, topologyHash } = candidate;
    if (!stored.names.has(name)) continue;
    if (await stored.knows(topologyHash)) {
      matching.push(candidate);
      continue;
    }
    const storedHash = (await stored.newestHash(name)) ?? "unknown";
    hashProblem ??=
      `Graph "${name}" in module "${file}" (topology ${topologyHash}) is not the graph "${name}" that wrote "${stored.database}" (topology ${storedHash}): ` +
      "its nodes, edges or channels differ. Load the version of the code that wrote these checkpoints.";
  }
  if (matching.length > 0) return matching;
  if (hashProblem) throw mismatch(hashProblem, file);
  const exported = named.map((candidate) => `"${candidate.name}"`).join(", ");
  const inFile = [...stored.names].map((name) => `"${name}"`).join(", ");
  throw mismatch(`Graph module "${file}" exports graph ${exported}, but "${stored.database}" holds graph ${inFile}.`, file);
}

function mismatch(message: string, file: string): ChronographError {
  return new ChronographError("GRAPH_MISMATCH", message, { file });
}

/**
 * The loaded LangGraph.js graph that can have written a thread whose history shows `inferred`: every node
 * the history saw is one of the code graph's nodes. The first such graph wins; undefined when none fits.
 */
export function codeGraphFor(loaded: readonly LoadedCodeGraph[], inferred: GraphView): LoadedCodeGraph | undefined {
  const seen = inferred.nodes.filter((node) => node.kind === "node").map((node) => node.id);
  return loaded.find((candidate) => {
    const known = new Set(candidate.view.nodes.map((node) => node.id));
    return seen.every((node) => known.has(node));
  });
}
