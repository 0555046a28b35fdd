import { childrenOf, isExpandable } from "../model/json-value.ts";
import { JsonNode } from "./JsonNode.tsx";

/**
 * A collapsible JSON tree. For an object at the root, its fields are the top rows (the state's
 * channels); anything else is shown as one root value.
 */
export function JsonTree({ value, openDepth = 1, testId }: { value: unknown; openDepth?: number; testId?: string }) {
  const rootIsObject = typeof value === "object" && value !== null && !Array.isArray(value);
  return (
    <div className="json-tree" data-testid={testId}>
      {rootIsObject && isExpandable(value) ? (
        childrenOf(value, 10_000).entries.map(([key, child]) => <JsonNode key={key} label={key} value={child} depth={0} openDepth={openDepth} path={[key]} />)
      ) : rootIsObject ? (
        <div className="json-summary">{"{}"} (empty)</div>
      ) : (
        <JsonNode label={null} value={value} depth={0} openDepth={openDepth + 1} path={[]} />
      )}
    </div>
  );
}
