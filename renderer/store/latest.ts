/**
 * Guards against answers arriving out of order: each load takes a ticket, and only the newest ticket's
 * answer is applied. (Moving fast along the timeline fires many getCheckpoint calls.)
 */
export interface Latest {
  /** Take a ticket; returns a check that is true while no newer ticket was taken. */
  take(): () => boolean;
}

export function latest(): Latest {
  let counter = 0;
  return {
    take() {
      const ticket = ++counter;
      return () => ticket === counter;
    },
  };
}
