/**
 * Cancellation inside the backend: a long read checks its caller's AbortSignal between its steps and
 * stops with CANCELLED naming what it was reading, instead of finishing work nobody will look at.
 */
import { ChronographError } from "../api/errors.ts";

/** Throws CANCELLED naming `what` (e.g. `getTimeline of thread "t1"`) when `signal` has aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new ChronographError("CANCELLED", `${what} was cancelled by the caller.`);
}

/** The CallResult a transport answers for a call its caller abandoned before the answer came. */
export function cancelledResult(method: string): { ok: false; error: { code: "CANCELLED"; message: string } } {
  return { ok: false, error: { code: "CANCELLED", message: `${method} was cancelled by the caller.` } };
}
