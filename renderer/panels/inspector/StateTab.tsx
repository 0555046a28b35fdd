import { useMemo, useState } from "react";
import { searchJson } from "../../model/json-search.ts";
import { JsonSearchContext } from "../../ui/json-tree-search.ts";
import { Button } from "../../ui/Button.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { JsonTree } from "../../ui/JsonTree.tsx";
import { isMessageList } from "../../model/messages.ts";
import { ChatView } from "./ChatView.tsx";
import type { InspectorTab, InspectorTabProps } from "./inspector-tab.ts";

/** The full state at the checkpoint, as a collapsible tree; lists of LangChain messages as conversations. */
function StateTab({ view }: InspectorTabProps) {
  const [depth, setDepth] = useState(1);
  const [query, setQuery] = useState("");
  const fields = Object.keys(view.values).length;
  const chats = Object.entries(view.values).filter(([, value]) => isMessageList(value));
  const rest = chats.length === 0 ? view.values : Object.fromEntries(Object.entries(view.values).filter(([, value]) => !isMessageList(value)));
  const search = useMemo(() => searchJson(rest, query), [rest, query]);
  if (fields === 0) return <EmptyState title="Empty state">No field has a value at this checkpoint.</EmptyState>;
  return (
    <div className="tab-body">
      <div className="tab-toolbar">
        <span className="muted">
          {fields} {fields === 1 ? "field" : "fields"}
        </span>
        <input className="input state-search" type="search" placeholder="Search keys and values" aria-label="Search the state" value={query} onChange={(event) => setQuery(event.target.value)} />
        {search && (
          <span className="muted" data-testid="state-search-count">
            {search.matches.size === 1 ? "1 match" : `${search.matches.size}${search.truncated ? "+" : ""} matches`}
          </span>
        )}
        <span className="tab-toolbar__spacer" />
        <Button small variant="ghost" onClick={() => setDepth(depth > 1 ? 1 : 50)}>
          {depth > 1 ? "Collapse all" : "Expand all"}
        </Button>
      </div>
      {chats.map(([field, messages]) => (
        <ChatView key={`${view.checkpointId}:${field}`} title={field} messages={messages as unknown[]} />
      ))}
      {chats.length < fields && (
        <JsonSearchContext.Provider value={search}>
          <JsonTree key={`${view.checkpointId}:${depth}`} value={rest} openDepth={depth} testId="state-tree" />
        </JsonSearchContext.Provider>
      )}
    </div>
  );
}

export const stateTab: InspectorTab = { id: "state", title: "State", Component: StateTab };
