/**
 * Writing the CLI's long output to stdout without holding it: each piece waits while the stream's
 * buffer is full (backpressure), and a reader that goes away (`chronograph inspect db --json | head`
 * closes the pipe: EPIPE) ends the writing quietly instead of surfacing as an uncaught error event.
 */

/** Thrown into the producer when the reader has gone; `run` turns it into a `false` result. */
class ReaderGone extends Error {}

/** How often a long burst of writes yields to the event loop, so that an EPIPE can be noticed. */
const YIELD_EVERY = 64;

export interface StreamSink {
  /** Runs `work` with a sink on the stream. Resolves true when it finished, false when the reader left. */
  run(work: (sink: (text: string) => Promise<void>) => Promise<void>): Promise<boolean>;
}

export function streamSink(stream: NodeJS.WritableStream): StreamSink {
  let gone = false;
  let wake: (() => void) | undefined;
  // Kept for the life of the process: an error event with no listener would print a stack trace.
  stream.on("error", () => {
    gone = true;
    wake?.();
  });
  let written = 0;
  const sink = async (text: string): Promise<void> => {
    if (gone || (stream as { destroyed?: boolean }).destroyed) throw new ReaderGone();
    if (!stream.write(text)) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        stream.once("drain", resolve);
      });
      wake = undefined;
    } else if (++written % YIELD_EVERY === 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (gone) throw new ReaderGone();
  };
  return {
    async run(work) {
      try {
        await work(sink);
        return true;
      } catch (error) {
        if (error instanceof ReaderGone) return false;
        throw error;
      }
    },
  };
}
