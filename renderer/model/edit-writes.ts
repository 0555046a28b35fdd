/**
 * What an edit will write, as diff lines: for each field the draft changes, the path-level changes from
 * the value at the checkpoint to the value written. (The channel's reducer then applies the written value;
 * an append channel adds it rather than replacing.) Pure.
 */
import { diffValues } from "../../core/api/diff.ts";
import { presentDiff, type DiffPresentation } from "./diff-presentation.ts";

export function editWrites(original: Readonly<Record<string, unknown>>, written: Readonly<Record<string, unknown>>): DiffPresentation {
  const changes = Object.keys(written).flatMap((field) => diffValues(original[field], written[field], [field]));
  return presentDiff({ from: "", to: "", changes });
}
