/**
 * The Diff tab's tree: the backend's changes grouped by path (state field → list item → key), each group
 * collapsible, with whole values (no cut) and a word-level diff where a string changed. A chain of groups
 * with one child each is folded into one label (`messages[3].content`). Pure.
 */
import { wordDiff, type WordPart } from "../../core/api/word-diff.ts";
import type { DiffChange } from "../../core/api/types.ts";
import { formatPath } from "./diff-presentation.ts";
import { isMessage, roleLabel } from "./messages.ts";

export interface DiffLeaf {
  type: "leaf";
  key: string;
  /** The path below the parent group, as written in code. */
  label: string;
  path: string;
  kind: DiffChange["kind"];
  /** Whole values as text: strings as they are, other values as indented JSON; null for the absent side. */
  before: string | null;
  after: string | null;
  /** For a changed string: the words removed and added; null when not a string or too long to compare. */
  words: WordPart[] | null;
  /** "AI message a1" when the value is a LangChain message. */
  note: string | null;
}

export interface DiffGroup {
  type: "group";
  key: string;
  label: string;
  path: string;
  counts: { added: number; removed: number; changed: number };
  children: DiffNode[];
}

export type DiffNode = DiffLeaf | DiffGroup;

const INDEX = /^(0|[1-9]\d*)$/;

/** Whole text of a value: a string as itself, anything else as indented JSON. */
export function wholeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The path from `depth` on, read below its group: `[3].content`, `b.c`. */
function labelOf(segments: readonly string[], depth: number): string {
  if (depth === 0) return formatPath(segments);
  const text = formatPath(["_", ...segments.slice(depth)]).slice(1);
  return text.startsWith(".") ? text.slice(1) : text;
}

function noteOf(change: DiffChange): string | null {
  const value = change.kind === "removed" ? change.before : change.after;
  if (!isMessage(value)) return null;
  return `${roleLabel(value.$message)} message${typeof value.id === "string" ? ` ${value.id}` : ""}`;
}

function leafOf(change: DiffChange, key: string): DiffLeaf {
  const strings = change.kind === "changed" && typeof change.before === "string" && typeof change.after === "string";
  return {
    type: "leaf",
    key,
    label: "",
    path: formatPath(change.path),
    kind: change.kind,
    before: change.kind === "added" ? null : wholeValue(change.before),
    after: change.kind === "removed" ? null : wholeValue(change.after),
    words: strings ? wordDiff(change.before as string, change.after as string) : null,
    note: noteOf(change),
  };
}

interface Trie {
  segments: string[];
  change: DiffChange | null;
  children: Map<string, Trie>;
}

function compareSegments(a: string, b: string): number {
  if (INDEX.test(a) && INDEX.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The changes as a tree of groups; top-level groups are the state's fields. */
export function diffTree(changes: readonly DiffChange[]): DiffNode[] {
  const root: Trie = { segments: [], change: null, children: new Map() };
  for (const change of changes) {
    let node = root;
    change.path.forEach((segment, i) => {
      // A removed item sits beside whatever now has its index (message lists aligned by id).
      const last = i === change.path.length - 1;
      const slot = last && change.kind === "removed" ? `${segment}\u0000removed` : segment;
      let next = node.children.get(slot);
      if (!next) node.children.set(slot, (next = { segments: change.path.slice(0, i + 1), change: null, children: new Map() }));
      node = next;
    });
    node.change = change;
  }
  return toNodes(root, 0);
}

function toNodes(trie: Trie, depth: number): DiffNode[] {
  const entries = [...trie.children.entries()].sort(([a], [b]) => compareSegments(a.split("\u0000")[0]!, b.split("\u0000")[0]!) || a.length - b.length);
  return entries.flatMap(([slot, child]) => build(child, depth, slot));
}

function build(trie: Trie, depth: number, slot: string): DiffNode[] {
  const own = trie.change ? [leafOf(trie.change, `${trie.segments.join("\u0000")}\u0001${slot}`)] : [];
  if (trie.children.size === 0) return own.map((leaf) => ({ ...leaf, label: labelOf(trie.segments, depth) }));
  // Fold a chain of single children into one label.
  if (!trie.change && trie.children.size === 1) {
    const [childSlot, child] = [...trie.children.entries()][0]!;
    return build(child, depth, childSlot);
  }
  const children = [...own.map((leaf) => ({ ...leaf, label: "(this value)" })), ...toNodes(trie, trie.segments.length)];
  const counts = { added: 0, removed: 0, changed: 0 };
  const count = (nodes: DiffNode[]) => {
    for (const node of nodes) {
      if (node.type === "leaf") counts[node.kind] += 1;
      else count(node.children);
    }
  };
  count(children);
  return [{ type: "group", key: `${trie.segments.join("\u0000")}\u0001${slot}`, label: labelOf(trie.segments, depth), path: formatPath(trie.segments), counts, children }];
}

/** Every group's key, for "expand all". */
export function groupKeys(nodes: readonly DiffNode[]): string[] {
  return nodes.flatMap((node) => (node.type === "group" ? [node.key, ...groupKeys(node.children)] : []));
}
