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
 * `blocked` is why Continue cannot run now (the database's own reason, e.g. Python nodes), or null.
 */
export function StoppedBanner({ entry, blocked }: { entry: CheckpointEntry; blocked: string | null }) {
  const start = useAppStore(selectStart);
  if (!entry.breakpoint) return null;
  const { when, nodes } = entry.breakpoint;
  return (
    <ErrorBanner
      tone="warn"
      testId="stopped-banner"
      actions={
        <Button small icon={<Play />} disabled={blocked !== null || entry.next.length === 0} title={blocked ?? `Run on from here without stopping at ${nodes.join(", ")}`} onClick={() => void start("replay", undefined, { skipBreakpoints: nodes })}>
          Continue
        </Button>
      }
    >
      Stopped {when} <span className="mono">{nodes.join(", ")}</span>
    </ErrorBanner>
  );
}
