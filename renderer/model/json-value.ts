/**
 * How the State tab's tree shows a value: a one-line summary, and the children of objects and arrays.
 * Strings come back unchanged; the tree renders them as text nodes, so HTML in state is never parsed.
 */

export type ValueKind = "object" | "array" | "string" | "number" | "boolean" | "null" | "undefined" | "other";

export function kindOf(value: unknown): ValueKind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "object":
      return "object";
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
    case "undefined":
      return "undefined";
    default:
      return "other";
  }
}

export function isExpandable(value: unknown): boolean {
  const kind = kindOf(value);
  return kind === "array" ? (value as unknown[]).length > 0 : kind === "object" ? Object.keys(value as object).length > 0 : false;
}

/** `{3 keys}`, `[12 items]`, `"text"` (cut to `max`), `42`, `true`, `null`. */
export function summarize(value: unknown, max = 120): string {
  const kind = kindOf(value);
  if (kind === "array") {
    const n = (value as unknown[]).length;
    return `[${n} ${n === 1 ? "item" : "items"}]`;
  }
  if (kind === "object") {
    const n = Object.keys(value as object).length;
    return `{${n} ${n === 1 ? "key" : "keys"}}`;
  }
  if (kind === "string") {
    const text = JSON.stringify(value as string);
    return text.length > max ? `${text.slice(0, max - 2)}…"` : text;
  }
  return String(value);
}

/** Children as [label, value] pairs; at most `limit`, with how many were left out. */
export function childrenOf(value: unknown, limit = 200): { entries: Array<[string, unknown]>; hidden: number } {
  const kind = kindOf(value);
  if (kind !== "array" && kind !== "object") return { entries: [], hidden: 0 };
  const all: Array<[string, unknown]> = kind === "array" ? (value as unknown[]).map((item, i) => [String(i), item]) : Object.entries(value as Record<string, unknown>);
  return { entries: all.slice(0, limit), hidden: Math.max(0, all.length - limit) };
}
