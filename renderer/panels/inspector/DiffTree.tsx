import { ChevronDown, ChevronRight } from "lucide-react";
import type { DiffGroup, DiffLeaf, DiffNode } from "../../model/diff-tree.ts";
import "./diff-tree.css";

const SIGNS = { added: "+", removed: "−", changed: "~" } as const;

interface TreeProps {
  nodes: readonly DiffNode[];
  collapsed: ReadonlySet<string>;
  onToggle: (key: string) => void;
}

/** The Diff tab's tree: collapsible groups by path, whole values, word-level marks in changed text. */
export function DiffTree({ nodes, collapsed, onToggle }: TreeProps) {
  return (
    <ul className="diff-tree" data-testid="diff-tree">
      {nodes.map((node) => (node.type === "group" ? <Group key={node.key} group={node} collapsed={collapsed} onToggle={onToggle} /> : <Leaf key={node.key} leaf={node} />))}
    </ul>
  );
}

function Group({ group, collapsed, onToggle }: { group: DiffGroup } & Omit<TreeProps, "nodes">) {
  const open = !collapsed.has(group.key);
  const { added, removed, changed } = group.counts;
  return (
    <li className="diff-group" data-group-path={group.path} data-open={open}>
      <button type="button" className="diff-group__head" aria-expanded={open} onClick={() => onToggle(group.key)}>
        {open ? <ChevronDown size={13} /> : <ChevronRight size={13} />}
        <span className="diff-group__label">{group.label}</span>
        {added > 0 && <span className="diff-count diff-count--added">+{added}</span>}
        {removed > 0 && <span className="diff-count diff-count--removed">−{removed}</span>}
        {changed > 0 && <span className="diff-count diff-count--changed">~{changed}</span>}
      </button>
      {open && <DiffTree nodes={group.children} collapsed={collapsed} onToggle={onToggle} />}
    </li>
  );
}

function Leaf({ leaf }: { leaf: DiffLeaf }) {
  return (
    <li className={`diff-leaf diff-leaf--${leaf.kind}`} data-path={leaf.path} data-kind={leaf.kind} data-testid="diff-leaf">
      <div className="diff-leaf__head">
        <span className="diff-leaf__sign">{SIGNS[leaf.kind]}</span>
        <span className="diff-leaf__label">{leaf.label}</span>
        {leaf.note && <span className="muted">{leaf.note}</span>}
        {leaf.words && <span className="muted">words changed</span>}
      </div>
      {leaf.words ? (
        <pre className="diff-leaf__text" data-testid="word-diff">
          {leaf.words.map((part, i) =>
            part.kind === "same" ? <span key={i}>{part.text}</span> : part.kind === "added" ? <ins key={i}>{part.text}</ins> : <del key={i}>{part.text}</del>,
          )}
        </pre>
      ) : (
        <>
          {leaf.before !== null && <pre className="diff-leaf__text diff-leaf__before">{leaf.before}</pre>}
          {leaf.after !== null && <pre className="diff-leaf__text diff-leaf__after">{leaf.after}</pre>}
        </>
      )}
    </li>
  );
}
