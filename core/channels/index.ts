export type { Channel, ChannelWrite } from "./base.ts";
export { lastValue } from "./last-value.ts";
export { append, appendedFromWrites } from "./append.ts";
export { reducer } from "./reducer.ts";
