/**
 * The Edit tab's draft: the state at a checkpoint as JSON text, checked as the user types, and the update
 * to send. Only fields whose value changed are written (through their channel's reducer, as LangGraph's
 * updateState does), so an untouched list channel is not appended to itself.
 */
import { jsonEqual } from "../../core/api/json-equal.ts";
import { locateJsonError } from "./json-locate.ts";

export type DraftCheck =
  | { ok: true; values: Record<string, unknown> }
  | { ok: false; message: string; line?: number; column?: number; offset?: number };

export function formatState(values: Record<string, unknown>): string {
  return JSON.stringify(values, null, 2);
}

/** Line and column (1-based) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < Math.min(offset, text.length); i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Parse the draft; a failure says where, in the words of the JSON parser. */
export function checkDraft(text: string): DraftCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem = locateJsonError(text);
    if (problem) return { ok: false, message: `Invalid JSON: ${problem.message}.`, offset: problem.offset, ...positionOf(text, problem.offset) };
    return { ok: false, message: `Invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, message: "The state must be a JSON object of fields, like { \"field\": value }." };
  }
  return { ok: true, values: value as Record<string, unknown> };
}

export interface DraftUpdate {
  /** Fields to write, with their new values. */
  values: Record<string, unknown>;
  /** Fields the draft dropped; an update cannot delete a field, so these block saving. */
  removed: string[];
}

export function draftUpdate(original: Record<string, unknown>, edited: Record<string, unknown>): DraftUpdate {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(edited)) {
    if (!Object.hasOwn(original, key) || !jsonEqual(original[key], value)) values[key] = value;
  }
  const removed = Object.keys(original).filter((key) => !Object.hasOwn(edited, key));
  return { values, removed };
}
