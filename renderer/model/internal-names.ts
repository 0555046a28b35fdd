/**
 * Which names are LangGraph's bookkeeping rather than the user's graph: the input pseudo-writer
 * `__input__` and `__start__` as writers or tasks (said "input" and "start", like the graph's START), routing channels (`branch:*`,
 * `join:*`, `start:*`), `__pregel_*` channels, and the `__error__` / `__interrupt__` / `__resume__` /
 * `__scheduled__` outcome channels. Normal views hide them or say them in words; the "raw" setting
 * shows them as stored. Views ask this module; none decides on its own.
 */

const OUTCOME_CHANNELS = new Set(["__error__", "__interrupt__", "__resume__", "__scheduled__"]);
const LABELS: Record<string, string> = { __input__: "input", __start__: "start" };

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

/** How a writer or task name reads: `__input__` is "input" and `__start__` (applying it) "start", unless raw. */
export function writerLabel(name: string, raw: boolean): string {
  return raw ? name : (LABELS[name] ?? name);
}

/** Writer names for display, each said once. */
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
  return names.map((name) => writerLabel(name, raw));
}
