/**
 * The one place a host hands a call to the backend: check the method name against the contract,
 * validate the arguments with its schema, run it, and turn any failure into a coded ErrorInfo. Every
 * host (Electron IPC, the web server, the in-memory transport) goes through here, so none of them can
 * forget a check.
 */
import { isMethodName, parseArgs, type CallOptions, type CallResult, type DebuggerApi } from "../api/contract.ts";
import { cancelledResult } from "./cancel.ts";
import { toErrorInfo } from "../api/errors.ts";

/**
 * Never rejects: resolves to the method's value or to INVALID_ARGUMENT / the method's own coded error.
 * `options.signal` reaches the method (its long reads stop with CANCELLED); a call abandoned before it
 * starts is not run at all.
 */
export async function dispatch(api: DebuggerApi, method: unknown, args: unknown, options: CallOptions = {}): Promise<CallResult> {
  if (!isMethodName(method)) {
    const name = typeof method === "string" ? `"${method.slice(0, 100)}"` : typeof method;
    return { ok: false, error: { code: "INVALID_ARGUMENT", message: `Unknown method ${name}.`, subject: { method: String(method).slice(0, 100) } } };
  }
  const parsed = parseArgs(method, args);
  if (!parsed.ok) return parsed;
  if (options.signal?.aborted) return cancelledResult(method);
  try {
    const call = api[method] as (value: unknown, options: CallOptions) => Promise<unknown>;
    return { ok: true, value: await call.call(api, parsed.value, options) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
