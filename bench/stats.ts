/** Timing and summary statistics. */
import { performance } from "node:perf_hooks";

export type Sample = Record<string, number>;

export interface Summary {
  median: number;
  min: number;
  max: number;
}

/** A full GC, so garbage from the previous loop is not collected inside the next measured one. */
export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc (npm run bench does)");
  gc();
}

/** Milliseconds taken by `fn`, measured after a forced GC. */
export async function timeAfterGc<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  forceGc();
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}
