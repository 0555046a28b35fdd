import { Group, Panel, Separator } from "react-resizable-panels";
import { CompareView } from "../panels/compare/CompareView.tsx";
import { GraphPanel } from "../panels/graph/GraphPanel.tsx";
import { InspectorPanel } from "../panels/inspector/InspectorPanel.tsx";
import { ThreadsPanel } from "../panels/threads/ThreadsPanel.tsx";
import { TimelinePanel } from "../panels/timeline/TimelinePanel.tsx";

/** The three columns: threads | graph over timeline | inspector, all resizable. */
export function Workspace() {
  return (
    <>
      <Group orientation="horizontal" className="workspace">
        <Panel id="threads" defaultSize="22%" minSize="14%">
          <ThreadsPanel />
        </Panel>
        <Separator className="sep sep--v" />
        <Panel id="middle" defaultSize="45%" minSize="25%">
          <Group orientation="vertical">
            <Panel id="graph" defaultSize="48%" minSize="15%">
              <GraphPanel />
            </Panel>
            <Separator className="sep sep--h" />
            <Panel id="timeline" defaultSize="52%" minSize="15%">
              <TimelinePanel />
            </Panel>
          </Group>
        </Panel>
        <Separator className="sep sep--v" />
        <Panel id="inspector" defaultSize="33%" minSize="20%">
          <InspectorPanel />
        </Panel>
      </Group>
      {/* The branch compare opens over the columns. */}
      <CompareView />
    </>
  );
}
