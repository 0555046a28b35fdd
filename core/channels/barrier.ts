/**
 * The state of a join (`addEdge([a, b], c)`): which of its sources have finished since the target last
 * ran. It lives in a hidden channel so a join survives a crash between its sources' supersteps.
 */

/** Name of the hidden channel that tracks the join into `target` from these sources. */
export function barrierChannel(sources: readonly string[], target: string): string {
  return `__join:${[...sources].sort().join("+")}->${target}`;
}

/**
 * Record that `finished` nodes ran. Returns the new arrived list (sorted) and whether every source has now
 * arrived, in which case the join fires and the arrived list starts empty again.
 */
export function arrive(arrived: readonly string[], sources: readonly string[], finished: Iterable<string>): { arrived: string[]; fired: boolean } {
  const next = new Set(arrived);
  for (const node of finished) if (sources.includes(node)) next.add(node);
  if (sources.every((source) => next.has(source))) return { arrived: [], fired: true };
  return { arrived: [...next].sort(), fired: false };
}
