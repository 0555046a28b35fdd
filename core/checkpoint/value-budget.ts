/**
 * How much of one stored value a reader decodes before it gives up and shows a placeholder instead.
 * A crafted file can hold a value of millions of tiny items or nested 100,000 deep: decoding it whole
 * costs seconds and gigabytes, and rendering it overflows the stack. Each value gets its own budget.
 */
import { isTooLarge, type TooLargeValue } from "../api/too-large.ts";

export { isTooLarge, type TooLargeValue };

export interface ValueBudget {
  /** Stored bytes (or JSON characters) of one value. */
  bytes: number;
  /** Array items plus object or map entries, counted over the whole value. */
  items: number;
  /** Nesting levels of arrays, objects and maps. */
  depth: number;
}

/** What the debugger decodes of one value unless asked for more. */
export const DEFAULT_BUDGET: ValueBudget = { bytes: 8 * 1024 * 1024, items: 500_000, depth: 1000 };

/** The placeholder shown in place of a value over budget. */
export function tooLarge(bytes: number, items: number | null, reason: string): TooLargeValue {
  return { $placeholder: "too-large", bytes, items, reason };
}

/** The limit a parsed JSON value passes, walked iteratively (no recursion), or null when it fits. */
export function jsonOverBudget(value: unknown, budget: ValueBudget): { items: number; reason: string } | null {
  let items = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [next, depth] = stack.pop()!;
    if (next === null || typeof next !== "object") continue;
    if (depth >= budget.depth) return { items, reason: `nested deeper than ${budget.depth} levels` };
    const children = Array.isArray(next) ? next : Object.values(next);
    items += children.length;
    if (items > budget.items) return { items, reason: `more than ${budget.items} items` };
    for (const child of children) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return null;
}

/**
 * Parse JSON text within `budget`: text longer than the byte budget is not parsed at all. Throws
 * what JSON.parse throws on malformed text. Returns the value or its placeholder.
 */
export function parseJsonWithin(text: string, budget: ValueBudget = DEFAULT_BUDGET): unknown {
  if (text.length > budget.bytes) return tooLarge(text.length, null, `larger than ${budget.bytes} bytes`);
  const value = JSON.parse(text) as unknown;
  const over = jsonOverBudget(value, budget);
  return over === null ? value : tooLarge(text.length, over.items, over.reason);
}
