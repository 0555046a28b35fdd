/**
 * PostgreSQL URLs as the store shows them (masked by core/api/mask-url.ts, re-exported here, so no
 * message, log line or error carries a credential). Also turns pg's failures into ChronographErrors
 * that name the (masked) server, and the schema name check.
 */
import { ChronographError } from "../../api/errors.ts";
import { maskUrl } from "../../api/mask-url.ts";

export { maskUrl };

/** Refuse a schema name that is not a plain identifier: it is spliced into SQL (quoted) in many places. */
export function checkSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ChronographError("INVALID_ARGUMENT", `Schema "${schema}" is not a plain lower-case PostgreSQL identifier (letters, digits, _; at most 63).`);
  }
}

/** SQLSTATEs our own functions raise. */
export const CONFLICT_STATE = "CGC01";
export const MISSING_PARENT_STATE = "CGP01";
export const MISSING_CHECKPOINT_STATE = "CGN01";

interface PgLikeError {
  code?: string;
  message?: string;
}

/** Node's socket error codes and pg's own messages that mean "the connection is gone or never came". */
const UNAVAILABLE = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|Connection terminated|timeout|not queryable|The server does not support SSL|Client has encountered a connection error/i;

/**
 * Any error thrown by pg while working on `url`, as a ChronographError naming the masked URL. pg's own
 * message is kept, after masking anything in it that looks like the URL.
 */
export function postgresError(error: unknown, url: string, thread?: string): unknown {
  if (error instanceof ChronographError) return error;
  const { code = "", message = String(error) } = (error ?? {}) as PgLikeError;
  const where = maskUrl(url);
  const reason = message.split(url).join(where);
  const subject: Record<string, string> = thread === undefined ? { database: where } : { database: where, thread };
  if (code === "55P03") {
    const what = thread === undefined ? "a row" : `thread "${thread}"`;
    return new ChronographError("DATABASE_LOCKED", `PostgreSQL at ${where}: another connection held ${what} for too long (${reason}); try again when the other writer is done.`, subject);
  }
  if (code === "28P01" || code === "28000") return new ChronographError("DATABASE_UNAVAILABLE", `PostgreSQL at ${where} refused the login: ${reason}.`, subject);
  if (code === "3D000") return new ChronographError("DATABASE_UNAVAILABLE", `PostgreSQL at ${where}: ${reason}.`, subject);
  if (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "57014" || UNAVAILABLE.test(code) || UNAVAILABLE.test(message)) {
    return new ChronographError("DATABASE_UNAVAILABLE", `Lost or could not open the connection to PostgreSQL at ${where}: ${reason}.`, subject);
  }
  if (code === "25006" || code === "42501") return new ChronographError("READ_ONLY", `PostgreSQL at ${where} refused a write: ${reason}.`, subject);
  return new ChronographError("INTERNAL", `PostgreSQL failed at ${where}: ${reason}${code ? ` (${code})` : ""}.`, subject);
}
