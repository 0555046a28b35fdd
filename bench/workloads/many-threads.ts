/** W1 and W4 share one shape: warm up, then many short threads run one after another on one store. */
import type { Engine, GraphDef, StoreKind, Values } from "../engine.ts";
import { timeAfterGc } from "../stats.ts";
import { threadIds } from "./check.ts";
import { Session, type Finished } from "./session.ts";

export interface ManyThreads {
  ms: number;
  /** Final state of each thread, in thread order. */
  finals: Values[];
  finished: Finished;
}

async function runAll(session: Session, threads: string[], input: () => Values): Promise<Values[]> {
  const finals: Values[] = [];
  for (const thread of threads) finals.push(await session.graph.run(thread, input()));
  return finals;
}

export async function runManyThreads(engine: Engine, kind: StoreKind, def: GraphDef, prefix: string, count: number, warmRuns: number, input: () => Values): Promise<ManyThreads> {
  const warm = await Session.open(engine, kind, def);
  await runAll(warm, threadIds(`${prefix}-warm`, warmRuns), input);
  await warm.discard();

  const session = await Session.open(engine, kind, def);
  const threads = threadIds(prefix, count);
  const { ms, value: finals } = await timeAfterGc(() => runAll(session, threads, input));
  const finished = await session.finish(threads);
  return { ms, finals, finished };
}
