/** A call's answer, or CANCELLED as soon as its signal aborts (whichever comes first). */
import type { CallResult } from "../../core/api/contract.ts";

export function abandonable(method: string, answer: Promise<CallResult>, signal: AbortSignal | undefined): Promise<CallResult> {
  if (!signal) return answer;
  const cancelled: CallResult = { ok: false, error: { code: "CANCELLED", message: `${method} was cancelled by the caller.` } };
  if (signal.aborted) return Promise.resolve(cancelled);
  return new Promise((resolve) => {
    signal.addEventListener("abort", () => resolve(cancelled), { once: true });
    answer.then(resolve, () => resolve({ ok: false, error: { code: "INTERNAL", message: `${method} failed in transport.` } }));
  });
}
