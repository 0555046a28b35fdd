/**
 * Every error that Chronograph raises on purpose carries one of these codes and a message that names
 * the file, thread, checkpoint, channel or node at fault. Codes are stable strings: the app and scripts
 * match on them, so never rename one.
 */
export const ERROR_CODES = [
  "INVALID_GRAPH",
  "INVALID_UPDATE",
  "UNKNOWN_CHANNEL",
  "UNKNOWN_NODE",
  "UNSERIALIZABLE_VALUE",
  "THREAD_NOT_FOUND",
  "CHECKPOINT_NOT_FOUND",
  "AMBIGUOUS_AS_NODE",
  "RECURSION_LIMIT",
  "NOTHING_TO_RESUME",
  "INVALID_ARGUMENT",
  "NOT_A_DATABASE",
  "NOT_A_CHECKPOINT_DATABASE",
  "FILE_NOT_FOUND",
  "DATABASE_LOCKED",
  "READ_ONLY",
  "SCHEMA_TOO_NEW",
  "GRAPH_MODULE",
  "GRAPH_MISMATCH",
  "MODULE_OUTSIDE_PROJECT",
  "RUN_ABORTED",
  /** The child process running graph code ended without answering (process.exit, a crash, out of memory). */
  "GRAPH_PROCESS",
  /** The caller abandoned the call (another thread was clicked); the backend stopped reading. */
  "CANCELLED",
  /** Another worker advanced the same thread first; this worker's checkpoint was not stored. */
  "THREAD_CONFLICT",
  /** The database server could not be reached, refused the login, or the connection was lost or timed out. */
  "DATABASE_UNAVAILABLE",
  /** A PostgreSQL URL came with its password masked (a recent connection): the app asks for the password. */
  "PASSWORD_REQUIRED",
  /** A prune's confirm token no longer matches the database (it changed since the preview). */
  "STALE_PREVIEW",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Plain, serializable form of an error, as it crosses the contract between backend and app. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** What the error is about, when it is about one thing: `{ thread: "t1", channel: "messages" }`. */
  subject?: Record<string, string>;
}

/** An error raised on purpose, with a stable code. */
export class ChronographError extends Error {
  readonly code: ErrorCode;
  readonly subject: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, subject?: Record<string, string>) {
    super(message);
    this.name = "ChronographError";
    this.code = code;
    this.subject = subject;
  }

  toInfo(): ErrorInfo {
    return this.subject ? { code: this.code, message: this.message, subject: this.subject } : { code: this.code, message: this.message };
  }
}

const CODES = new Set<string>(ERROR_CODES);

/**
 * The code of a coded Chronograph error, or null. Recognised by shape, not class: a graph module runs on
 * its own instance of the engine, and an error that crossed a process or the contract is a plain object.
 */
export function errorCodeOf(error: unknown): ErrorCode | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  return error.name === "ChronographError" && typeof code === "string" && CODES.has(code) ? (code as ErrorCode) : null;
}

/**
 * Any thrown value as the contract's ErrorInfo, the one conversion the backend, the hosts and the app
 * use. A coded error keeps its code, message and subject; anything else becomes INTERNAL with its
 * message's first line. Never a stack trace: it would leak paths and say nothing useful to the user.
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

export function isChronographError(error: unknown, code?: ErrorCode): error is ChronographError {
  return error instanceof ChronographError && (code === undefined || error.code === code);
}
