import { threadKeyString } from "../../../core/api/thread-key.ts";
import type { TaskView } from "../../../core/api/types.ts";
import { interruptPlace } from "../../model/interrupt-place.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";

/** Where the checkpoint's waiting tasks wait, joined as one string (a primitive, so the banner re-renders only when it changes). */
const placesOf = (s: AppState, tasks: readonly TaskView[]): string => {
  const shown = s.selectedThread;
  const root = shown ? s.threadRows.get(threadKeyString({ threadId: shown.threadId, namespace: "" })) : undefined;
  return tasks
    .filter((task) => task.interrupts.length > 0)
    .map((task) => interruptPlace(root?.namespaces ?? [], shown?.namespace ?? "", task))
    .join(", ");
};

/** The interrupt banner's "where": the innermost subgraph namespace each waiting task waits in ("research › deep"). */
export function InterruptPlaces({ tasks }: { tasks: readonly TaskView[] }) {
  const places = useAppStore((s: AppState) => placesOf(s, tasks));
  return (
    <span className="mono" data-testid="interrupt-place">
      {places}
    </span>
  );
}
