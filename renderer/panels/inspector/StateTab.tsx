import { useState } from "react";
import { Button } from "../../ui/Button.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { JsonTree } from "../../ui/JsonTree.tsx";
import type { InspectorTab, InspectorTabProps } from "./inspector-tab.ts";

/** The full state at the checkpoint, as a collapsible tree. */
function StateTab({ view }: InspectorTabProps) {
  const [depth, setDepth] = useState(1);
  const fields = Object.keys(view.values).length;
  if (fields === 0) return <EmptyState title="Empty state">No field has a value at this checkpoint.</EmptyState>;
  return (
    <div className="tab-body">
      <div className="tab-toolbar">
        <span className="muted">
          {fields} {fields === 1 ? "field" : "fields"}
        </span>
        <span className="tab-toolbar__spacer" />
        <Button small variant="ghost" onClick={() => setDepth(depth > 1 ? 1 : 50)}>
          {depth > 1 ? "Collapse all" : "Expand all"}
        </Button>
      </div>
      <JsonTree key={`${view.checkpointId}:${depth}`} value={view.values} openDepth={depth} testId="state-tree" />
    </div>
  );
}

export const stateTab: InspectorTab = { id: "state", title: "State", Component: StateTab };
