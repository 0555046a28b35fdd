/** Turns whatever a call threw into the contract's ErrorInfo, so panels render one shape. */
import { ChronographError, type ErrorInfo } from "../../core/api/errors.ts";

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ChronographError) return error.toInfo();
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}
