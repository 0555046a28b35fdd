/**
 * Channel versions for ChronographSaver. Values are keyed by (thread, namespace, channel, version), so
 * two branches forked from one checkpoint must never produce the same version: LangGraph's integer
 * versions would (both branches count on from the fork point). As LangGraph's own PostgresSaver does,
 * a version is a zero-padded counter (so LangGraph's string comparison orders them) with a random
 * suffix that keeps sibling branches apart.
 */

const COUNTER_DIGITS = 16;

/** The counter part of a version: a number as is, a string's part before the dot, 0 for none. */
export function versionCounter(current: string | number | undefined): number {
  if (current === undefined) return 0;
  if (typeof current === "number") return current;
  const counter = Number.parseInt(current.split(".")[0] ?? "", 10);
  return Number.isFinite(counter) ? counter : 0;
}

/** The version after `current`: the next counter, padded, with a random suffix of 8 digits from `random`. */
export function nextVersion(current: string | number | undefined, random: () => number = Math.random): string {
  const counter = String(versionCounter(current) + 1).padStart(COUNTER_DIGITS, "0");
  const suffix = String(Math.floor(random() * 1e8)).padStart(8, "0");
  return `${counter}.${suffix}`;
}
