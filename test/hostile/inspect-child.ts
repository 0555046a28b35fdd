/**
 * Runs `chronograph inspect` in this process with the real stdout, then reports the peak RSS on stderr
 * as `peak-rss-mb=N`, so a test can tell a streamed output from one built whole in memory.
 *
 * Usage: node --import tsx test/hostile/inspect-child.ts inspect FILE [options]
 */
import { main } from "../../electron/cli/main.ts";

const code = await main(process.argv.slice(2));
process.stderr.write(`peak-rss-mb=${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
process.exitCode = code;
