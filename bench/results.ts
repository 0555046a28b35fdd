/** Samples of every repetition, grouped by workload, engine and store, and their summaries. */
import type { EngineName, SqliteSettings } from "./engine.ts";
import { summarize, type Sample, type Summary } from "./stats.ts";

export type WorkloadKey = "w1" | "w4" | "w2" | "w3a" | "w3b" | "w5";
/** Who produced a sample: an engine, or the raw-SQLite floor. */
export type Producer = EngineName | "floor";

/** workload -> producer -> store -> figure -> summary over repetitions. */
export type Summaries = Partial<Record<WorkloadKey, Partial<Record<Producer, Record<string, Record<string, Summary>>>>>>;

export class Results {
  private readonly samples = new Map<string, { workload: WorkloadKey; producer: Producer; store: string; samples: Sample[] }>();
  readonly settings: Partial<Record<EngineName, SqliteSettings>> = {};

  add(workload: WorkloadKey, producer: Producer, store: string, sample: Sample): void {
    const key = `${workload}|${producer}|${store}`;
    const group = this.samples.get(key) ?? { workload, producer, store, samples: [] };
    group.samples.push(sample);
    this.samples.set(key, group);
  }

  noteSettings(engine: EngineName, settings: SqliteSettings | null): void {
    if (settings && !this.settings[engine]) this.settings[engine] = settings;
  }

  /** Median of one figure so far (NaN when absent): lets W5 use the peer's measured blob sizes. */
  medianOf(workload: WorkloadKey, producer: Producer, store: string, figure: string): number {
    return this.summaries()[workload]?.[producer]?.[store]?.[figure]?.median ?? Number.NaN;
  }

  /** Every repetition's sample, for looking into noise: "workload/producer/store" -> samples in run order. */
  raw(): Record<string, Sample[]> {
    return Object.fromEntries([...this.samples.values()].map((group) => [`${group.workload}/${group.producer}/${group.store}`, group.samples]));
  }

  summaries(): Summaries {
    const out: Summaries = {};
    for (const { workload, producer, store, samples } of this.samples.values()) {
      const figures: Record<string, Summary> = {};
      for (const figure of new Set(samples.flatMap((sample) => Object.keys(sample)))) {
        figures[figure] = summarize(samples.map((sample) => sample[figure]).filter((value): value is number => value !== undefined));
      }
      const byProducer = (out[workload] ??= {});
      (byProducer[producer] ??= {})[store] = figures;
    }
    return out;
  }
}
