/** Engines are imported on demand, so the bench still runs the peer while our engine is being built. */
import type { Engine, EngineName } from "../engine.ts";

export async function loadEngine(name: EngineName): Promise<Engine> {
  if (name === "langgraph") return (await import("./langgraph.ts")).langgraph;
  return (await import("./chronograph.ts")).chronograph;
}
