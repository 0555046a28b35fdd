/**
 * What LangGraph's channel names mean (docs/langgraph-format.md, sections 3.1 and 5), with no graph code: which channels are state
 * and which are bookkeeping, which channel triggers which node, and how versions compare. Pure.
 */

export type Version = number | string;

export const START = "__start__";
export const END = "__end__";
export const TASKS = "__pregel_tasks";
export const ERROR = "__error__";
export const INTERRUPT = "__interrupt__";
export const RESUME = "__resume__";
export const SCHEDULED = "__scheduled__";

/** Write channels that are outcomes, not results: a task with only these has not finished. */
export const SPECIAL_WRITES = new Set([ERROR, INTERRUPT, RESUME, SCHEDULED]);

/** `versions_seen` keys that are not nodes. */
const NOT_NODES = new Set(["__input__", INTERRUPT, "__snapshot_bumps__"]);

/**
 * True for engine channels that are not part of the user's state: names starting "__", "branch:",
 * "join:", "start:" and (old layouts) a channel named exactly like a node.
 */
export function isInternalChannel(name: string, nodes: ReadonlySet<string>): boolean {
  return name.startsWith("__") || name.startsWith("branch:") || name.startsWith("join:") || name.startsWith("start:") || nodes.has(name);
}

/** The node a routing channel schedules, or null: branch:to:N, join:A+B:N, start:N, branch:src:cond:N. */
export function triggeredNode(channel: string): string | null {
  if (channel === START) return START;
  if (channel.startsWith("branch:to:")) return channel.slice("branch:to:".length);
  if (channel.startsWith("join:")) {
    const last = channel.lastIndexOf(":");
    return last > "join:".length ? channel.slice(last + 1) : null;
  }
  if (channel.startsWith("start:")) return channel.slice("start:".length);
  if (channel.startsWith("branch:")) {
    const parts = channel.split(":");
    return parts.length >= 4 ? parts.slice(3).join(":") : null;
  }
  return null;
}

/** The sources a join channel waits for: `join:a+b+c:n` → [a, b, c]. */
export function joinSources(channel: string): string[] {
  const body = channel.slice("join:".length, channel.lastIndexOf(":"));
  return body.split("+");
}

/** Node names mentioned by a set of channel names and a versions_seen map. */
export function nodesOf(channels: Iterable<string>, versionsSeen: Record<string, unknown>): Set<string> {
  const nodes = new Set<string>();
  for (const channel of channels) {
    const node = triggeredNode(channel);
    if (node !== null) nodes.add(node);
  }
  for (const node of Object.keys(versionsSeen)) if (!NOT_NODES.has(node)) nodes.add(node);
  return nodes;
}

/** Compare versions: numbers numerically, strings by code point (Python's order for its padded strings). */
export function compareVersions(a: Version, b: Version): number {
  if (typeof a === "number" && typeof b === "number") return Math.sign(a - b);
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The largest of some versions, or undefined for none. */
export function maxVersion(versions: Iterable<Version>): Version | undefined {
  let max: Version | undefined;
  for (const version of versions) if (max === undefined || compareVersions(version, max) > 0) max = version;
  return max;
}

/** The version a node has "seen" of a channel it never consumed: 0 for numbers, "" for strings. */
export function nullVersionLike(version: Version): Version {
  return typeof version === "number" ? 0 : "";
}
