/**
 * What changed between two states, as a flat list of paths. Objects are compared key by key, arrays
 * index by index (an item inserted at the front shows as every later index changed: simple, and what
 * the checkpoint actually holds), except LangChain message lists, which are aligned by message id: an
 * inserted or appended message is one added item, not every later index changed. Pure: no I/O, inputs are never changed. In core/api because the
 * backend (diff, compareBranches) and the app (what an edit writes) show changes by the same rule.
 */
import { jsonEqual } from "./json-equal.ts";
import type { DiffChange } from "./types.ts";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A decoded LangChain message (`{"$message": role, id, ...}`, JS and Python alike) with a string id. */
const messageId = (value: unknown): string | null =>
  isPlainObject(value) && typeof value.$message === "string" && typeof value.id === "string" && value.id !== "" ? value.id : null;

/** The ids of a list whose every item is a message with a distinct id; null otherwise. */
function messageIds(list: readonly unknown[]): string[] | null {
  const ids = list.map(messageId);
  if (ids.some((id) => id === null) || new Set(ids).size !== ids.length) return null;
  return ids as string[];
}

/**
 * Two message lists by id: a message in both is compared where it is now (its path is its index in
 * `after`), one only in `after` is added, one only in `before` removed (at its old index).
 */
function diffMessages(before: readonly unknown[], after: readonly unknown[], beforeIds: string[], afterIds: string[], path: string[]): DiffChange[] {
  const was = new Map(beforeIds.map((id, index) => [id, index]));
  const kept = new Set(afterIds);
  const changes: DiffChange[] = [];
  beforeIds.forEach((id, index) => {
    if (!kept.has(id)) changes.push({ path: [...path, String(index)], kind: "removed", before: before[index] });
  });
  afterIds.forEach((id, index) => {
    const at = [...path, String(index)];
    const old = was.get(id);
    if (old === undefined) changes.push({ path: at, kind: "added", after: after[index] });
    else changes.push(...diffValues(before[old], after[index], at));
  });
  return changes;
}

/**
 * Every change from `before` to `after`: `added` (only in after), `removed` (only in before) or `changed`
 * (a leaf, or a value whose type changed, e.g. a list that became a string). Paths start at the root;
 * array indexes are strings. Changes come in key order of `before`, then keys new in `after`.
 */
export function diffValues(before: unknown, after: unknown, path: string[] = []): DiffChange[] {
  if (jsonEqual(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeIds = before.length > 0 ? messageIds(before) : null;
    const afterIds = beforeIds && after.length > 0 ? messageIds(after) : null;
    if (beforeIds && afterIds) return diffMessages(before, after, beforeIds, afterIds, path);
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
