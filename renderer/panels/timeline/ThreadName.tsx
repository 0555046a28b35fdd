/** How many characters of a thread id stay after the ellipsis: ids often differ only at their end ("…-0042"). */
const TAIL = 10;

/**
 * The thread id in the timeline head: when the head is too narrow the middle is elided, keeping the
 * start and the last characters (a CSS ellipsis on the head part only); the whole id is in the tooltip.
 */
export function ThreadName({ threadId }: { threadId: string }) {
  const split = threadId.length > TAIL * 2 ? threadId.length - TAIL : threadId.length;
  return (
    <span className="mono timeline__thread" data-testid="timeline-thread" title={threadId}>
      <span className="timeline__thread-head">{threadId.slice(0, split)}</span>
      {split < threadId.length && <span className="timeline__thread-tail">{threadId.slice(split)}</span>}
    </span>
  );
}
