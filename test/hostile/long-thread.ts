/**
 * Writes a Chronograph database with one thread of `steps` checkpoints (a counter and a growing list of
 * short notes), with the real engine. Used by the inspect memory test and to measure `inspect --json`.
 *
 * Usage: node --import tsx test/hostile/long-thread.ts FILE STEPS
 */
import { append, END, lastValue, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

export async function writeLongThread(file: string, steps: number): Promise<void> {
  const saver = SqliteSaver.open(file);
  try {
    const graph = new StateGraph({ name: "long", channels: { count: lastValue(0), notes: append() } })
      .addNode("tick", (state: { count: number }) => ({ count: state.count + 1, notes: [`note ${state.count}`] }))
      .addEdge(START, "tick")
      .addConditionalEdges("tick", (state: { count: number }) => (state.count >= steps ? END : "tick"), ["tick", END])
      .compile({ checkpointer: saver });
    await graph.invoke({ count: 0 }, { threadId: "long", recursionLimit: steps + 10 });
  } finally {
    await saver.close();
  }
}

if (process.argv[1]?.endsWith("long-thread.ts")) {
  const [file, steps] = process.argv.slice(2);
  await writeLongThread(file!, Number(steps));
}
