import type { SqliteSettings } from "../engine.ts";
import type { Sample } from "../stats.ts";

/** One workload run on one engine and store, one repetition. */
export interface WorkloadResult {
  sample: Sample;
  /** The store's SQLite settings, when it was a file. */
  settings: SqliteSettings | null;
}
