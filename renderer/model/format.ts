/** Small formatters for times, durations and ids, shared by the panels. */

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "14:03:22.120" for today, "2026-11-20 14:03:22" for another day. */
export function formatTime(ms: number | null, now: number = Date.now()): string {
  if (ms === null) return "—";
  const date = new Date(ms);
  const today = new Date(now);
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (date.toDateString() === today.toDateString()) return `${clock}.${pad(date.getMilliseconds(), 3)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clock}`;
}

/** "850 µs", "12 ms", "1.25 s", "3m 04s". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "";
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)}m ${pad(Math.floor((ms % 60_000) / 1000))}s`;
}

/** "just now", "42s ago", "5m ago", "3h ago", "2d ago", or the date. */
export function formatRelative(ms: number | null, now: number = Date.now()): string {
  if (ms === null) return "—";
  const seconds = Math.round((now - ms) / 1000);
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  if (seconds < 30 * 86_400) return `${Math.floor(seconds / 86_400)}d ago`;
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The distinguishing tail of a long id (time-ordered ids share their head). */
export function shortId(id: string): string {
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

/** The file name of a path, for titles. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

const INTEGER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "1,234,567": counts with thousands separators. */
export function formatCount(n: number): string {
  return INTEGER.format(n);
}

/** "1 step", "12,000 steps"; any noun with a plain -s plural. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;
}

/**
 * How many supersteps ran, from the newest checkpoint's step number and the database's first node step
 * (DatabaseInfo.firstNodeStep: 0 for Chronograph's engine, 1 for LangGraph). A thread that ran one node
 * ran "1 step".
 */
export function stepsRun(lastStep: number, firstNodeStep: number): number {
  return Math.max(0, lastStep - firstNodeStep + 1);
}
