/**
 * The graph's topology as plain JSON: enough to draw it with no code loaded. The checkpointer stores it
 * once per hash, and every checkpoint names the graph (name + hash) that wrote it.
 */
import { createHash } from "node:crypto";

export type ReducerKind = "lastValue" | "append" | "custom";

export interface GraphDescription {
  name: string;
  nodes: Array<{ name: string; retry?: { maxAttempts: number; backoffMs: number } }>;
  /** Fixed edges, START and END included; a join contributes one edge per source, marked with `join`. */
  edges: Array<{ from: string; to: string; join?: string[] }>;
  /** Conditional edges: `targets` lists where the router may go (null when it was not declared). */
  conditional: Array<{ from: string; targets: string[] | null }>;
  channels: Array<{ name: string; reducer: ReducerKind; default: unknown }>;
  interruptBefore: string[];
  interruptAfter: string[];
}

/** A short, stable hash of a topology: the same graph always hashes the same, whatever the key order. */
export function hashDescription(description: GraphDescription): string {
  return createHash("sha256").update(stableStringify(description)).digest("hex").slice(0, 16);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
