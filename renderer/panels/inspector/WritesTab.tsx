import { EmptyState } from "../../ui/EmptyState.tsx";
import { JsonTree } from "../../ui/JsonTree.tsx";
import type { InspectorTab, InspectorTabProps } from "./inspector-tab.ts";

/** What each writer node returned in the step that produced this checkpoint. */
function WritesTab({ view }: InspectorTabProps) {
  const writes = view.writes ? Object.entries(view.writes) : [];
  if (writes.length === 0) {
    const why = view.source === "input" ? "This is the run's input." : view.source === "fork" ? "A fork copies its parent without writes." : "No node wrote this checkpoint.";
    return <EmptyState title="No writes">{why}</EmptyState>;
  }
  return (
    <div className="tab-body" data-testid="writes">
      {writes.map(([node, value]) => (
        <section key={node} className="section" data-writer={node}>
          <h3 className="section__title">
            <span className="mono">{node}</span>
            <span className="muted"> wrote</span>
          </h3>
          <JsonTree value={value} openDepth={2} />
        </section>
      ))}
    </div>
  );
}

export const writesTab: InspectorTab = {
  id: "writes",
  title: "Writes",
  Component: WritesTab,
  badge: ({ view }) => (view.writes && Object.keys(view.writes).length > 0 ? { text: String(Object.keys(view.writes).length) } : null),
};
