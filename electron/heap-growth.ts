/**
 * The backend's old generation grows by at most 30% over what a full GC left alive, instead of V8's default
 * (a factor up to 4x on a machine with this much memory, picked from GC and allocation speeds). On the 2.4 GB
 * LangGraph.js bench file the host holds ~80-100 MB of live data once every thread's status is decided and a
 * 20,000-checkpoint thread is open; with the default, garbage up to twice that piled up before the next full
 * GC and set the host's peak RSS (275-323 MB in bench:big runs); at 30% the peak was 254-284 MB for 0.6-1.4 s
 * more CPU over the whole bench (more full GCs: ~10%). V8 reads the flag at each full GC, so setting it at
 * start (v8.setFlagsFromString) works without a command-line flag the `chronograph` launcher cannot pass.
 * CHRONOGRAPH_HEAP_GROWING_PERCENT=N sets another bound; 0 leaves V8's default. Each process that hosts the
 * backend sets it once at its entry: web mode's (cli/serve.ts) and Electron's utility process (main/backend-entry.ts).
 */
import v8 from "node:v8";

export const HEAP_GROWING_PERCENT = 30;

/** The flag to set for `env`, or null to leave V8's default. */
export function heapGrowthFlag(env: NodeJS.ProcessEnv = process.env): string | null {
  const asked = env.CHRONOGRAPH_HEAP_GROWING_PERCENT;
  const percent = asked === undefined || asked.trim() === "" ? HEAP_GROWING_PERCENT : Number(asked);
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000) {
    throw new Error(`CHRONOGRAPH_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000 (0: V8's default); it is "${asked}".`);
  }
  return percent === 0 ? null : `--heap-growing-percent=${percent}`;
}

/** Bound the old generation's growth in this process (a backend process's entry calls it once). */
export function boundHeapGrowth(env: NodeJS.ProcessEnv = process.env, set: (flags: string) => void = v8.setFlagsFromString): void {
  const flag = heapGrowthFlag(env);
  if (flag) set(flag);
}
