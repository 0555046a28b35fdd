/**
 * A deterministic stand-in for a language model, so the examples run offline and print the same text on
 * every run: each answer is drawn from small phrase banks by a generator seeded with (seed, prompt).
 */

export interface FakeModelOptions {
  /** Same seed and same prompt give the same answer. Default "chronograph". */
  seed?: string;
  /** Pretended latency of every call, in ms. Default 0. */
  delayMs?: number;
}

const SUBJECTS = [
  "A checkpoint written after every step",
  "Durable execution",
  "An append-only history of state",
  "Replaying a run from a past step",
  "A human approval gate",
  "Making side effects idempotent",
  "Running parallel tasks in one superstep",
  "A write-ahead log",
  "A snapshot of the state per step",
  "Resuming from the newest checkpoint",
];
const PREDICATES = [
  "keeps the work already done when a process dies",
  "trades a little latency for a lot of safety",
  "depends on careful ordering of writes",
  "makes forks of a long run cheap",
  "works best with small, frequent transactions",
  "needs nodes that can run twice without harm",
  "leaves a clear record of who changed what",
  "lets a retry skip the steps that already finished",
];
const QUALIFIERS = ["in practice", "according to the sources", "at modest cost", "in most production setups", "when runs last for hours", "once teams adopt it"];
const HEADINGS = [
  "Why long runs fail mid-way",
  "Checkpointing every superstep",
  "Resuming without repeating work",
  "What it costs in storage and time",
  "Humans in the loop",
  "Forks, replays and what-ifs",
  "Side effects outside the state",
  "Open questions",
];
const SITES = ["engineering blog", "conference talk", "design doc", "postmortem", "survey paper", "field report"];

export class FakeModel {
  readonly seed: string;
  readonly delayMs: number;

  constructor(options: FakeModelOptions = {}) {
    this.seed = options.seed ?? "chronograph";
    this.delayMs = options.delayMs ?? 0;
  }

  /** A paragraph of `sentences` plausible sentences. */
  async write(prompt: string, sentences = 3): Promise<string> {
    await this.think();
    const random = seededRandom(`${this.seed}|write|${prompt}`);
    const lines: string[] = [];
    for (let index = 0; index < sentences; index += 1) {
      lines.push(`${pick(random, SUBJECTS)} ${pick(random, PREDICATES)} ${pick(random, QUALIFIERS)}.`);
    }
    return lines.join(" ");
  }

  /** `count` distinct section headings. */
  async headings(prompt: string, count: number): Promise<string[]> {
    await this.think();
    return shuffle(seededRandom(`${this.seed}|headings|${prompt}`), HEADINGS).slice(0, Math.min(count, HEADINGS.length));
  }

  /** A source title and the kind of site it comes from. */
  async cite(prompt: string): Promise<{ title: string; site: string }> {
    await this.think();
    const random = seededRandom(`${this.seed}|cite|${prompt}`);
    return { title: `${pick(random, HEADINGS)}: ${pick(random, SUBJECTS).toLowerCase()}`, site: pick(random, SITES) };
  }

  /** One of `options`, the same one for the same prompt. */
  async choose<T>(prompt: string, options: readonly T[]): Promise<T> {
    await this.think();
    return pick(seededRandom(`${this.seed}|choose|${prompt}`), options);
  }

  // Always a real timer, even at 0 ms: like a network call, a model call lets other work run first.
  private think(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }
}

/** A small deterministic generator of numbers in [0, 1) (mulberry32 over an FNV-1a hash of `seed`). */
export function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let index = 0; index < seed.length; index += 1) state = Math.imul(state ^ seed.charCodeAt(index), 0x01000193);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, options: readonly T[]): T {
  return options[Math.floor(random() * options.length)]!;
}

function shuffle<T>(random: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** "Why long runs fail" -> "why-long-runs-fail". */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
