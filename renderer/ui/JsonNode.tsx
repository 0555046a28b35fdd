import { ChevronRight } from "lucide-react";
import { memo, useState } from "react";
import { childrenOf, isExpandable, kindOf, summarize } from "../model/json-value.ts";

const LONG_STRING = 1200;

export interface JsonNodeProps {
  label: string | null;
  value: unknown;
  depth: number;
  /** Levels opened at first. */
  openDepth: number;
}

/** One key/value of the JSON tree. Values are rendered as text nodes only: HTML in a string stays text. */
export const JsonNode = memo(function JsonNode({ label, value, depth, openDepth }: JsonNodeProps) {
  const expandable = isExpandable(value);
  const [open, setOpen] = useState(depth < openDepth);
  const [limit, setLimit] = useState(200);
  const [fullText, setFullText] = useState(false);
  const kind = kindOf(value);
  const indent = { paddingLeft: depth * 14 };
  let shown: string;
  if (kind === "string" && !fullText && (value as string).length > LONG_STRING) shown = summarize(value, LONG_STRING);
  else shown = kind === "string" ? JSON.stringify(value) : summarize(value);
  const { entries, hidden } = open ? childrenOf(value, limit) : { entries: [], hidden: 0 };
  return (
    <>
      <div className="json-row" style={indent} data-path-label={label ?? "(root)"}>
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
      </div>
      {entries.map(([key, child]) => (
        <JsonNode key={key} label={key} value={child} depth={depth + 1} openDepth={openDepth} />
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
