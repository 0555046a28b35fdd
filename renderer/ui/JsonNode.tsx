import { ChevronRight } from "lucide-react";
import { memo, useContext, useState } from "react";
import { formatPath } from "../model/diff-presentation.ts";
import { pathKey } from "../model/json-search.ts";
import { childrenOf, isExpandable, kindOf, summarize } from "../model/json-value.ts";
import { JsonSearchContext } from "./json-tree-search.ts";

const LONG_STRING = 1200;

export interface JsonNodeProps {
  label: string | null;
  value: unknown;
  depth: number;
  /** Levels opened at first. */
  openDepth: number;
  /** Keys from the tree's root to this value (for Copy path and search). */
  path: readonly string[];
}

const copy = (text: string) => void navigator.clipboard?.writeText(text).catch(() => undefined);

/** One key/value of the JSON tree. Values are rendered as text nodes only: HTML in a string stays text. */
export const JsonNode = memo(function JsonNode({ label, value, depth, openDepth, path }: JsonNodeProps) {
  const expandable = isExpandable(value);
  const search = useContext(JsonSearchContext);
  const [toggled, setOpen] = useState(depth < openDepth);
  // While searching, the tree opens down to each match and leaves out what does not lead to one.
  const open = search ? search.open.has(pathKey(path)) || (toggled && search.matches.has(pathKey(path))) : toggled;
  const hit = search !== null && search.matches.has(pathKey(path));
  const [limit, setLimit] = useState(200);
  const [fullText, setFullText] = useState(false);
  const kind = kindOf(value);
  const indent = { paddingLeft: depth * 14 };
  let shown: string;
  if (kind === "string" && !fullText && (value as string).length > LONG_STRING) shown = summarize(value, LONG_STRING);
  else shown = kind === "string" ? JSON.stringify(value) : summarize(value);
  const { entries, hidden } = open ? childrenOf(value, limit) : { entries: [], hidden: 0 };
  if (search && !search.visible(path)) return null;
  return (
    <>
      <div className={`json-row${hit ? " json-row--hit" : ""}`} style={indent} data-path-label={label ?? "(root)"} data-path={formatPath(path)}>
        {expandable ? (
          <button type="button" className="json-toggle" aria-expanded={open} aria-label={open ? `Collapse ${label ?? "value"}` : `Expand ${label ?? "value"}`} onClick={() => setOpen(!open)}>
            <ChevronRight />
          </button>
        ) : (
          <span className="json-spacer" />
        )}
        {label !== null && <span className="json-key">{label}:</span>}
        <span className={expandable ? "json-summary" : `json-${kind}`}>{shown}</span>
        {kind === "string" && (value as string).length > LONG_STRING && (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setFullText(!fullText)}>
            {fullText ? "less" : `all ${(value as string).length} chars`}
          </button>
        )}
        <span className="json-copy">
          <button type="button" className="json-copy__btn" title="Copy this value as JSON" onClick={() => copy(JSON.stringify(value, null, 2) ?? String(value))}>
            Copy value
          </button>
          <button type="button" className="json-copy__btn" title="Copy the path to this value" onClick={() => copy(formatPath(path))}>
            Copy path
          </button>
        </span>
      </div>
      {entries.map(([key, child]) => (
        <JsonNode key={key} label={key} value={child} depth={depth + 1} openDepth={openDepth} path={[...path, key]} />
      ))}
      {hidden > 0 && (
        <div className="json-more" style={{ paddingLeft: (depth + 1) * 14 + 17 }}>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setLimit(limit + 500)}>
            show {Math.min(500, hidden)} more of {hidden} hidden
          </button>
        </div>
      )}
    </>
  );
});
