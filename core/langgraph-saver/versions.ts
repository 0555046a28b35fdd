/**
 * Channel versions for ChronographSaver. Values are keyed by (thread, namespace, channel, version), so
 * two branches forked from one checkpoint must never produce the same version: LangGraph's integer
 * versions would (both branches count on from the fork point). A version here is the next integer plus a
 * random fraction in (0, 0.5]: still a number, so LangGraph compares versions with a subtraction (string
 * versions, as LangGraph's Python savers use, go through localeCompare on every trigger check of every
 * step), and sibling branches differ unless two draws out of 10^9 meet.
 */

const FRACTIONS = 1e9;

/** The integer part of a version: a number's floor, a string's digits before the dot, 0 for none. */
export function versionCounter(current: string | number | undefined): number {
  if (current === undefined) return 0;
  if (typeof current === "number") return Math.floor(current);
  const counter = Number.parseInt(current.split(".")[0] ?? "", 10);
  return Number.isFinite(counter) ? counter : 0;
}

/** The version after `current`: the next integer plus (1 + a draw from `random` in [0, 10^9)) / (2 * 10^9). */
export function nextVersion(current: string | number | undefined, random: () => number = Math.random): number {
  return versionCounter(current) + 1 + (1 + Math.floor(random() * FRACTIONS)) / (2 * FRACTIONS);
}
