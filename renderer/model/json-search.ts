/**
 * Search in a JSON value (the State tab's search box): the paths whose key or leaf value contains the
 * text (case-insensitive), and every path on the way to them, so the tree can open down to each match and
 * leave the rest out. Paths are keys joined with NUL. Pure.
 */
import { childrenOf } from "./json-value.ts";

export interface JsonSearch {
  query: string;
  /** Paths whose key or value matches. */
  matches: ReadonlySet<string>;
  /** Paths to show: the matches, their ancestors, and everything under a match. */
  visible: (path: readonly string[]) => boolean;
  /** Paths to open: a match's ancestors, and a matching container itself. */
  open: ReadonlySet<string>;
  /** The search stopped at `limit` matches. */
  truncated: boolean;
}

export const pathKey = (path: readonly string[]) => path.join("\u0000");

function leafText(value: unknown): string | null {
  if (value === null || typeof value !== "object") return typeof value === "string" ? value : String(value);
  return null;
}

/** Search `value` for `query`; null for an empty query. */
export function searchJson(value: unknown, query: string, limit = 2000): JsonSearch | null {
  const needle = query.trim().toLowerCase();
  if (needle === "") return null;
  const matches = new Set<string>();
  const open = new Set<string>();
  let truncated = false;
  const walk = (node: unknown, path: string[]): boolean => {
    if (matches.size >= limit) {
      truncated = true;
      return false;
    }
    let found = false;
    const key = path[path.length - 1];
    const text = leafText(node);
    if ((key !== undefined && key.toLowerCase().includes(needle)) || (text !== null && text.toLowerCase().includes(needle))) {
      matches.add(pathKey(path));
      found = true;
    }
    for (const [childKey, child] of childrenOf(node, Number.MAX_SAFE_INTEGER).entries) {
      if (walk(child, [...path, childKey])) found = true;
    }
    if (found && childrenOf(node, 1).entries.length > 0) open.add(pathKey(path));
    return found;
  };
  walk(value, []);
  const visible = (path: readonly string[]) => {
    for (let i = path.length; i >= 1; i -= 1) if (matches.has(pathKey(path.slice(0, i)))) return true;
    return open.has(pathKey(path));
  };
  return { query: needle, matches, visible, open, truncated };
}
