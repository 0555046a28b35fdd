/**
 * Which names are LangGraph's bookkeeping rather than the user's graph: the input pseudo-writer
 * `__input__`, `__start__` when it appears as a writer or task, routing channels (`branch:*`,
 * `join:*`, `start:*`), `__pregel_*` channels, and the `__error__` / `__interrupt__` / `__resume__` /
 * `__scheduled__` outcome channels. Normal views hide them or say them in words; the "raw" setting
 * shows them as stored. Views ask this module; none decides on its own.
 */

const OUTCOME_CHANNELS = new Set(["__error__", "__interrupt__", "__resume__", "__scheduled__"]);
const INPUT_WRITERS = new Set(["__input__", "__start__"]);

/** True for a channel name that is engine bookkeeping, not a state field. */
export function isInternalChannel(name: string): boolean {
  return (
    OUTCOME_CHANNELS.has(name) ||
    name.startsWith("__pregel_") ||
    name.startsWith("branch:") ||
    name.startsWith("join:") ||
    name.startsWith("start:") ||
    name === "__input__" ||
    name === "__start__"
  );
}

/** How a writer or task name reads: `__input__` and `__start__` are "input" unless raw. */
export function writerLabel(name: string, raw: boolean): string {
  return !raw && INPUT_WRITERS.has(name) ? "input" : name;
}

/** Writer names for display: input pseudo-writers said once as "input", others as they are. */
export function writerLabels(names: readonly string[], raw: boolean): string[] {
  return [...new Set(names.map((name) => writerLabel(name, raw)))];
}

/** A record without its internal keys (all keys when raw); null when nothing is left. */
export function visibleFields(record: Record<string, unknown>, raw: boolean): Record<string, unknown> | null {
  if (raw) return record;
  const kept = Object.entries(record).filter(([key]) => !isInternalChannel(key));
  return kept.length === 0 ? null : Object.fromEntries(kept);
}

/** Whether a pending write of this kind is listed: kinds that are channel names are hidden unless raw. */
export function showsWriteKind(kind: string, raw: boolean): boolean {
  return raw || !isInternalChannel(kind);
}

/** Node names that run next, for display: `__start__` (the input being applied) is "start" unless raw. */
export function nextLabels(names: readonly string[], raw: boolean): string[] {
  return raw ? [...names] : names.map((name) => (name === "__start__" ? "start" : name));
}
