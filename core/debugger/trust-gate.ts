/**
 * The workspace-trust gate between a config file and the code it names. Opening a database only reads
 * its chronograph.config.json (graph-config.ts, which refuses modules outside the database's folder or
 * project); the modules load only when the database's folder is trusted, now or later (trustFolder).
 * Every way of opening a file (File › Open, a double-clicked .db, reopen-most-recent at launch, the
 * web host) goes through openDatabase and so through here. `--graph` on a command line is consent of
 * its own and does not pass here: the host calls loadGraphModule directly.
 */
import { dirname } from "node:path";
import type { DatabaseInfo, DatabaseTrust } from "../api/types.ts";
import { configPathFor, readGraphConfig, type GraphModuleRef } from "./graph-config.ts";
import type { DatabaseSession } from "./session.ts";
import { realFolder } from "./trust.ts";

export class ConfiguredGraphs {
  private constructor(
    private state: DatabaseTrust["state"],
    /** The database's real folder: the unit of trust. */
    readonly folder: string,
    private readonly refs: readonly GraphModuleRef[],
    private readonly configFile: string | undefined,
  ) {}

  /**
   * Read the config beside `session`'s file, import nothing, and say whether its modules may load.
   * A config that cannot be read (bad JSON, a module outside the folder) becomes one of the session's
   * graphProblems and names no modules.
   */
  static read(session: DatabaseSession, isTrusted: (folder: string) => boolean): ConfiguredGraphs {
    const folder = realFolder(dirname(session.path));
    let refs: GraphModuleRef[];
    try {
      refs = readGraphConfig(session.path);
    } catch (error) {
      session.graphProblems.push(error instanceof Error ? error.message : String(error));
      return new ConfiguredGraphs("none", folder, [], configPathFor(session.path));
    }
    if (refs.length === 0) return new ConfiguredGraphs("none", folder, [], undefined);
    return new ConfiguredGraphs(isTrusted(folder) ? "trusted" : "untrusted", folder, refs, configPathFor(session.path));
  }

  /** Whether the config names modules that have not been loaded because the folder is not trusted. */
  get waiting(): boolean {
    return this.state === "untrusted";
  }

  /** Whether modules were loaded from this config (so revoking trust must unload them). */
  get loaded(): boolean {
    return this.state === "trusted";
  }

  /**
   * Load the modules read at open (the very paths the user was shown, not a fresh read of the file).
   * Call only once the folder is trusted. Failures become the session's graphProblems.
   */
  async load(session: DatabaseSession): Promise<void> {
    this.state = "trusted";
    for (const ref of this.refs) {
      try {
        await session.loadGraphModule(ref.module, ref.exportName, ref.graphName);
      } catch (error) {
        session.graphProblems.push(error instanceof Error ? error.message : String(error));
      }
    }
  }

  describe(): DatabaseTrust {
    const trust: DatabaseTrust = { state: this.state, folder: this.folder, modules: [...new Set(this.refs.map((ref) => ref.module))] };
    if (this.configFile) trust.configFile = this.configFile;
    return trust;
  }

  /** `info` with this trust state, and, while untrusted, the reason runs are off saying so. */
  annotate(info: DatabaseInfo): DatabaseInfo {
    const annotated: DatabaseInfo = { ...info, trust: this.describe() };
    if (this.state === "untrusted" && !info.canRun) {
      const why = `The graph code named by "${this.configFile}" is not loaded: the folder "${this.folder}" is not trusted. Trust it to load the code.`;
      annotated.runUnavailableReason = info.runsOnEngine ? why : `${info.runUnavailableReason ?? ""} ${why}`.trim();
    }
    return annotated;
  }
}
