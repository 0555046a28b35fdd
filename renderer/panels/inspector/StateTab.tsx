import { useState } from "react";
import { Button } from "../../ui/Button.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { JsonTree } from "../../ui/JsonTree.tsx";
import { isMessageList } from "../../model/messages.ts";
import { ChatView } from "./ChatView.tsx";
import type { InspectorTab, InspectorTabProps } from "./inspector-tab.ts";

/** The full state at the checkpoint, as a collapsible tree; lists of LangChain messages as conversations. */
function StateTab({ view }: InspectorTabProps) {
  const [depth, setDepth] = useState(1);
  const fields = Object.keys(view.values).length;
  const chats = Object.entries(view.values).filter(([, value]) => isMessageList(value));
  const rest = chats.length === 0 ? view.values : Object.fromEntries(Object.entries(view.values).filter(([, value]) => !isMessageList(value)));
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
      {chats.map(([field, messages]) => (
        <ChatView key={`${view.checkpointId}:${field}`} title={field} messages={messages as unknown[]} />
      ))}
      {chats.length < fields && <JsonTree key={`${view.checkpointId}:${depth}`} value={rest} openDepth={depth} testId="state-tree" />}
    </div>
  );
}

export const stateTab: InspectorTab = { id: "state", title: "State", Component: StateTab };
