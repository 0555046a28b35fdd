/**
 * The inspector is a list of parts (STYLE 4.5): each tab is an entry with an id, a title and a component
 * taking the same props. A new tab is one new file plus one line in inspector-tabs.ts.
 */
import type { ComponentType } from "react";
import type { CheckpointEntry, CheckpointView, DatabaseInfo, ThreadKey } from "../../../core/api/types.ts";
import type { TabItem } from "../../ui/TabStrip.tsx";

export interface InspectorTabProps {
  view: CheckpointView;
  entry: CheckpointEntry;
  thread: ThreadKey;
  database: DatabaseInfo;
}

export interface InspectorTab {
  id: string;
  title: string;
  Component: ComponentType<InspectorTabProps>;
  /** Whether the tab applies to this checkpoint (default: always). */
  available?(props: InspectorTabProps): boolean;
  badge?(props: InspectorTabProps): TabItem["badge"];
}
