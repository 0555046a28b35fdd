/**
 * Any thrown value as the contract's ErrorInfo. Errors are recognised by shape, not class: a graph
 * module runs on its own instance of the engine, whose ChronographError is a different class.
 */
import { ERROR_CODES, type ErrorCode, type ErrorInfo } from "../api/errors.ts";

const CODES = new Set<string>(ERROR_CODES);

/** The code of a coded Chronograph error from any engine instance, or null. */
export function errorCodeOf(error: unknown): ErrorCode | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  return error.name === "ChronographError" && typeof code === "string" && CODES.has(code) ? (code as ErrorCode) : null;
}

/**
 * A coded error keeps its code, message and subject; anything else becomes INTERNAL with its message's
 * first line. Never a stack trace: it would leak paths and say nothing useful to the user.
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  const code = errorCodeOf(error);
  if (code) {
    const subject = (error as { subject?: unknown }).subject;
    const info: ErrorInfo = { code, message: (error as Error).message };
    if (subject && typeof subject === "object") info.subject = subject as Record<string, string>;
    return info;
  }
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "Unknown error";
  return { code: "INTERNAL", message: message.split("\n")[0] || "Unknown error" };
}
