/**
 * The demo's graphs as compiled graphs, for the debugger: examples/chronograph.config.json maps each
 * graph name in examples/demo.db to an export here, so "Replay", "Fork" and "Resume" work on the demo.
 * The debugger binds each graph to the open database itself; no checkpointer is needed here.
 */
import { approvalGraph } from "./approval.ts";
import { translateGraph } from "./fan-out.ts";
import { FakeCms, publishGraph } from "./flaky-publish.ts";
import { researchPipeline } from "./research-pipeline.ts";

export const research = researchPipeline();
export const approval = approvalGraph();
export const translate = translateGraph();
/** A CMS that answers at once: replays of the failed publish succeed. */
export const publish = publishGraph({ cms: new FakeCms(0) });
