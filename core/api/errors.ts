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

export function isChronographError(error: unknown, code?: ErrorCode): error is ChronographError {
  return error instanceof ChronographError && (code === undefined || error.code === code);
}
