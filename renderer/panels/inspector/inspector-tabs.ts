/** The inspector's tabs, in order. Add a tab: write its file, add one line here. */
import { diffTab } from "./DiffTab.tsx";
import { editTab } from "./EditTab.tsx";
import type { InspectorTab } from "./inspector-tab.ts";
import { resumeTab } from "./ResumeTab.tsx";
import { stateTab } from "./StateTab.tsx";
import { tasksTab } from "./TasksTab.tsx";
import { writesTab } from "./WritesTab.tsx";

export const INSPECTOR_TABS: readonly InspectorTab[] = [stateTab, writesTab, diffTab, tasksTab, editTab, resumeTab];
