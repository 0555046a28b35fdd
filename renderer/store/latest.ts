/**
 * Guards against answers arriving out of order: each load takes a ticket, and only the newest ticket's
 * answer is applied. (Moving fast along the timeline fires many getCheckpoint calls.) Taking a ticket
 * also abandons the previous one: its signal aborts, and a call given that signal is cancelled on the
 * backend instead of finishing a read nobody will look at.
 */
export type Ticket = (() => boolean) & {
  /** Aborts once a newer ticket is taken. */
  signal: AbortSignal;
};

export interface Latest {
  /** Take a ticket; it is true (called) while no newer ticket was taken. */
  take(): Ticket;
}

export function latest(): Latest {
  let counter = 0;
  let controller: AbortController | null = null;
  return {
    take() {
      controller?.abort();
      controller = new AbortController();
      const ticket = ++counter;
      return Object.assign(() => ticket === counter, { signal: controller.signal });
    },
  };
}
