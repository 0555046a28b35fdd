import { Group, Panel, Separator } from "react-resizable-panels";
import { CompareView } from "../panels/compare/CompareView.tsx";
import { GraphPanel } from "../panels/graph/GraphPanel.tsx";
import { InspectorPanel } from "../panels/inspector/InspectorPanel.tsx";
import { ThreadsPanel } from "../panels/threads/ThreadsPanel.tsx";
import { TimelinePanel } from "../panels/timeline/TimelinePanel.tsx";

/**
 * The three columns: threads | graph over timeline | inspector, all resizable. The library gives each
 * panel its id as a test id unless told otherwise: "inspector" would name both this column and the panel inside it.
 */
export function Workspace() {
  return (
    <>
      <Group orientation="horizontal" className="workspace">
        <Panel id="threads" data-testid="threads-column" defaultSize="22%" minSize="14%">
          <ThreadsPanel />
        </Panel>
        <Separator className="sep sep--v" />
        <Panel id="middle" data-testid="middle-column" defaultSize="45%" minSize="25%">
          <Group orientation="vertical">
            <Panel id="graph" data-testid="graph-column" defaultSize="48%" minSize="15%">
              <GraphPanel />
            </Panel>
            <Separator className="sep sep--h" />
            <Panel id="timeline" data-testid="timeline-column" defaultSize="52%" minSize="15%">
              <TimelinePanel />
            </Panel>
          </Group>
        </Panel>
        <Separator className="sep sep--v" />
        <Panel id="inspector" data-testid="inspector-column" defaultSize="33%" minSize="20%">
          <InspectorPanel />
        </Panel>
      </Group>
      {/* The branch compare opens over the columns. */}
      <CompareView />
    </>
  );
}
