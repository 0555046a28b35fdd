/**
 * A thread's history as branches: each leaf checkpoint and the path from the thread's first checkpoint
 * to it. The examples print these to show that a fork adds a branch and leaves the others alone.
 */
import type { StateSnapshot } from "../core/index.ts";

/** Root-to-leaf paths, one per leaf, the oldest leaf (the original run) first. */
export function branchesOf<S extends Record<string, unknown>>(history: StateSnapshot<S>[]): StateSnapshot<S>[][] {
  const byId = new Map(history.map((snapshot) => [snapshot.config.checkpointId, snapshot]));
  const parents = new Set(history.flatMap((snapshot) => (snapshot.parentConfig ? [snapshot.parentConfig.checkpointId] : [])));
  // History is newest first; reversing it puts the leaves in the order they were created.
  const leaves = [...history].reverse().filter((snapshot) => !parents.has(snapshot.config.checkpointId));
  return leaves.map((leaf) => {
    const path: StateSnapshot<S>[] = [];
    for (let at: StateSnapshot<S> | undefined = leaf; at; at = at.parentConfig ? byId.get(at.parentConfig.checkpointId) : undefined) path.unshift(at);
    return path;
  });
}

/** "input", the node(s) that wrote a loop checkpoint, "update as <node>", or "fork". */
export function stepLabel(snapshot: StateSnapshot): string {
  const writers = Object.keys(snapshot.metadata.writes ?? {}).join("+");
  switch (snapshot.metadata.source) {
    case "input":
      return "input";
    case "fork":
      return "fork";
    case "update":
      return `update as ${writers}`;
    case "loop":
      return writers || "(no writes)";
  }
}

/** One line per branch: `branch 2: input -> gather_sources -> ... (leaf 01a2...)`. */
export function describeBranches<S extends Record<string, unknown>>(history: StateSnapshot<S>[]): string[] {
  return branchesOf(history).map((path, index) => {
    const leaf = path[path.length - 1]!;
    return `branch ${index + 1}: ${path.map((snapshot) => stepLabel(snapshot as StateSnapshot)).join(" -> ")} (leaf …${leaf.config.checkpointId.slice(-8)})`;
  });
}
