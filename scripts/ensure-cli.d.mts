/** The built entry point, out/electron/cli/main.js. */
export const CLI_ENTRY: string;
/** True when the build exists and is at least as new as every source and build config. */
export function cliBuildFresh(): boolean;
/** Build out/ with tsc unless it is fresh. Throws when the build wrote nothing. */
export function ensureCli(): void;
