/**
 * A Transport plus what the window needs to know about the host behind it: whether the event stream is
 * connected (so the UI can say "reconnecting" and refresh after a gap).
 */
import type { Transport } from "../../core/api/contract.ts";

export type ConnectionStatus = "connecting" | "connected" | "disconnected";

export interface HostTransport extends Transport {
  /** Calls `listener` now with the current status, then on every change. Returns an unsubscribe. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}
