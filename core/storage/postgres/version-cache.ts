/**
 * The SQLite store's value logic (materialize.ts, append-store.ts) looks versions up synchronously. Over
 * a network that cannot be: here a lookup answers from what is already known and otherwise throws a
 * `Miss`; `resolving` then fetches what was missing and runs the work again. The work is pure (it only
 * builds values or plans JSON), so running it twice is harmless, and the usual put (a delta on the
 * checkpoint this saver wrote last) misses nothing and costs no extra round trip.
 */
import type { LargeLookup, VersionLookup, VersionSource } from "../sqlite/stored-blob.ts";
import { writesText } from "./compress.ts";

/** Thrown by a lookup for a version or large value that has not been fetched yet. */
export class Miss {
  constructor(
    readonly kind: "version" | "large",
    readonly key: string | number,
  ) {}
}

/** Versions and large values of one thread known so far; `null` marks a version known to be absent. */
export class KnownRows {
  readonly versions = new Map<string, VersionSource | null>();
  readonly large = new Map<number, string>();

  readonly lookup: VersionLookup = (version) => {
    const source = this.versions.get(version);
    if (source === undefined) throw new Miss("version", version);
    return source ?? undefined;
  };

  readonly largeLookup: LargeLookup = (id) => {
    const data = this.large.get(id);
    if (data === undefined) throw new Miss("large", id);
    return data;
  };

  /** `writes` is the JSON text or what compress.ts's writesColumn selected. */
  addVersion(checkpointId: string, parentId: string | null, channelsJson: string, writes: string | null): void {
    this.versions.set(checkpointId, { parentId, channels: JSON.parse(channelsJson) as VersionSource["channels"], writes: writesText(writes) });
  }
}

/** Run `work`; on each Miss, let `fetch` learn the missing rows (it must make progress) and run it again. */
export async function resolving<T>(work: () => T, fetch: (miss: Miss) => Promise<void>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof Miss) || attempt > 10_000) throw error;
      await fetch(error);
    }
  }
}
