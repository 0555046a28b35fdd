import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";

const selectStatus = (s: AppState) => s.hostStatus;

/** Live-update connection to the host: a quiet dot when connected, a warning while reconnecting. */
export function HostStatus() {
  const status = useAppStore(selectStatus);
  return (
    <span className={`host host--${status}`} data-testid="host-status" data-status={status} title={status === "connected" ? "Live updates on" : "Live updates are reconnecting to the host"}>
      <span className="host__dot" />
      {status === "connected" ? "live" : status === "connecting" ? "connecting…" : "reconnecting…"}
    </span>
  );
}
