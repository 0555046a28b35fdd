import { Play } from "lucide-react";
import type { CheckpointEntry } from "../../../core/api/types.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";

const selectStart = (s: AppState) => s.startRun;

/**
 * A checkpoint where a run stopped at a static breakpoint: "Stopped before X", and Continue replays from it
 * without that breakpoint. (Interrupts have their own notice in the inspector, which opens the Resume tab.)
 */
export function StoppedBanner({ entry, canRun }: { entry: CheckpointEntry; canRun: boolean }) {
  const start = useAppStore(selectStart);
  if (!entry.breakpoint) return null;
  const { when, nodes } = entry.breakpoint;
  return (
    <ErrorBanner
      tone="warn"
      testId="stopped-banner"
      actions={
        <Button small icon={<Play />} disabled={!canRun || entry.next.length === 0} title={canRun ? `Run on from here without stopping at ${nodes.join(", ")}` : "Load the graph's code to continue."} onClick={() => void start("replay", undefined, { skipBreakpoints: nodes })}>
          Continue
        </Button>
      }
    >
      Stopped {when} <span className="mono">{nodes.join(", ")}</span>
    </ErrorBanner>
  );
}
