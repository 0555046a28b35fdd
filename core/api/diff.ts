/**
 * What changed between two states, as a flat list of paths. Objects are compared key by key, arrays
 * index by index (an item inserted at the front shows as every later index changed: simple, and what
 * the checkpoint actually holds). Pure: no I/O, inputs are never changed. In core/api because the
 * backend (diff, compareBranches) and the app (what an edit writes) show changes by the same rule.
 */
import { jsonEqual } from "./json-equal.ts";
import type { DiffChange } from "./types.ts";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}


/**
 * Every change from `before` to `after`: `added` (only in after), `removed` (only in before) or `changed`
 * (a leaf, or a value whose type changed, e.g. a list that became a string). Paths start at the root;
 * array indexes are strings. Changes come in key order of `before`, then keys new in `after`.
 */
export function diffValues(before: unknown, after: unknown, path: string[] = []): DiffChange[] {
  if (jsonEqual(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: DiffChange[] = [];
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index += 1) {
      const at = [...path, String(index)];
      if (index >= before.length) changes.push({ path: at, kind: "added", after: after[index] });
      else if (index >= after.length) changes.push({ path: at, kind: "removed", before: before[index] });
      else changes.push(...diffValues(before[index], after[index], at));
    }
    return changes;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const changes: DiffChange[] = [];
    for (const key of Object.keys(before)) {
      const at = [...path, key];
      if (!Object.hasOwn(after, key)) changes.push({ path: at, kind: "removed", before: before[key] });
      else changes.push(...diffValues(before[key], after[key], at));
    }
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) changes.push({ path: [...path, key], kind: "added", after: after[key] });
    }
    return changes;
  }
  return [{ path, kind: "changed", before, after }];
}
