/**
 * Cancels that cross Electron's IPC: the page names each call with an id of its own and may later say
 * "cancel that id"; the main process turns it into an AbortSignal for the backend call. Ids are scoped
 * to the page that sent them (one page cannot cancel another's calls) and checked before use. No
 * Electron here, so the bookkeeping is tested in Node.
 */

const CALL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `value` is a call id the page may use: 1 to 64 letters, digits, "-" or "_". */
export function isCallId(value: unknown): value is string {
  return typeof value === "string" && CALL_ID.test(value);
}

export interface CallCancels {
  /** A signal for the call `callId` of page `sender`, aborted by cancel(); undefined for a call without an id. */
  begin(sender: number, callId: unknown): AbortSignal | undefined;
  /** The call has answered: forget it. */
  end(sender: number, callId: unknown): void;
  /** Abort the call, if it is still running. Unknown or malformed ids are ignored. */
  cancel(sender: number, callId: unknown): void;
  /** Calls still running (for tests and leak checks). */
  readonly size: number;
}

export function createCallCancels(): CallCancels {
  const running = new Map<string, AbortController>();
  const key = (sender: number, callId: string) => `${sender}:${callId}`;
  return {
    begin(sender, callId) {
      if (!isCallId(callId)) return undefined;
      const controller = new AbortController();
      running.set(key(sender, callId), controller);
      return controller.signal;
    },
    end(sender, callId) {
      if (isCallId(callId)) running.delete(key(sender, callId));
    },
    cancel(sender, callId) {
      if (!isCallId(callId)) return;
      running.get(key(sender, callId))?.abort();
      running.delete(key(sender, callId));
    },
    get size() {
      return running.size;
    },
  };
}
