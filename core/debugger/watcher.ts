/**
 * Polls the open database for commits by other connections. Each tick is one cheap query (the change
 * token); the thread rows are re-read only when it moved. Timers are unref'd: watching never keeps the
 * process alive on its own.
 */

export interface Watcher {
  /** Stop polling; calling it again is a no-op. */
  stop(): void;
}

/** Call `refresh` every `intervalMs`, never two at once; a failing tick is skipped, not fatal. */
export function watch(refresh: () => Promise<void>, intervalMs: number): Watcher {
  let busy = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    refresh()
      .catch(() => {
        // The file may be briefly locked or gone; the next tick tries again.
      })
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
