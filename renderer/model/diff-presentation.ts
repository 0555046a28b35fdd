/**
 * Turns the backend's DiffResult into the lines the Diff tab shows: a readable path, a sign, and short
 * previews of the value before and after. Lines are sorted by path so a list's items read in order.
 */
import type { DiffChange, DiffResult } from "../../core/api/types.ts";

export interface DiffLine {
  key: string;
  path: string;
  /** Top-level state field the change is under (lines are grouped by it). */
  field: string;
  kind: DiffChange["kind"];
  sign: "+" | "-" | "~";
  before: string | null;
  after: string | null;
}

export interface DiffPresentation {
  lines: DiffLine[];
  counts: { added: number; removed: number; changed: number };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const INDEX = /^(0|[1-9]\d*)$/;

/** `["messages", "3", "content"]` → `messages[3].content`; odd keys are quoted. */
export function formatPath(path: readonly string[]): string {
  if (path.length === 0) return "(state)";
  return path
    .map((segment, i) => {
      if (INDEX.test(segment) && i > 0) return `[${segment}]`;
      if (IDENTIFIER.test(segment)) return i === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join("");
}

/** One-line JSON preview, cut to `max` characters. Undefined (absent) is shown as such. */
export function previewValue(value: unknown, max = 160): string {
  if (value === undefined) return "undefined";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (INDEX.test(x) && INDEX.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

const SIGNS = { added: "+", removed: "-", changed: "~" } as const;

export function presentDiff(diff: DiffResult, maxPreview = 160): DiffPresentation {
  const counts = { added: 0, removed: 0, changed: 0 };
  const sorted = [...diff.changes].sort((a, b) => comparePaths(a.path, b.path));
  const lines = sorted.map((change, i): DiffLine => {
    counts[change.kind] += 1;
    return {
      key: `${i}:${change.path.join("\u0000")}`,
      path: formatPath(change.path),
      field: change.path[0] ?? "",
      kind: change.kind,
      sign: SIGNS[change.kind],
      before: change.kind === "added" ? null : previewValue(change.before, maxPreview),
      after: change.kind === "removed" ? null : previewValue(change.after, maxPreview),
    };
  });
  return { lines, counts };
}
