/**
 * `Send` and `Command`, as LangGraph users know them. Both work with or without `new`.
 */

/** A task for `node` that receives `arg` instead of the state: dynamic fan-out from a router. */
export interface Send {
  readonly node: string;
  readonly arg: unknown;
}

/**
 * Brands that say "a Send" and "a Command" across copies of the engine: a user's graph module may run
 * on another copy (the repo's TypeScript sources while the debugger runs its prebuilt JavaScript, or two
 * installs in node_modules), and each copy must take the other's packets. Symbol.for is shared by all.
 */
const SEND_BRAND = Symbol.for("chronograph.send");
const COMMAND_BRAND = Symbol.for("chronograph.command");

const hasBrand = (value: unknown, brand: symbol): boolean => typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;

class SendPacket implements Send {
  readonly [SEND_BRAND] = true;
  constructor(
    readonly node: string,
    readonly arg: unknown,
  ) {}
}

interface SendFactory {
  new (node: string, arg: unknown): Send;
  (node: string, arg: unknown): Send;
}

export const Send = function (node: string, arg: unknown): Send {
  return new SendPacket(node, arg);
} as unknown as SendFactory;

export function isSend(value: unknown): value is Send {
  return value instanceof SendPacket || hasBrand(value, SEND_BRAND);
}

export interface CommandOptions<S = Record<string, unknown>> {
  /** A partial state update, applied through the reducers as the node's write. */
  update?: Partial<S>;
  /** Where to go next, in addition to the node's edges: node names, END, or Send items. */
  goto?: string | Send | Array<string | Send>;
  /** As `invoke` input: the value that `interrupt()` returns when the interrupted node runs again. */
  resume?: unknown;
}

export interface Command<S = Record<string, unknown>> {
  readonly update: Partial<S> | undefined;
  readonly goto: Array<string | Send>;
  readonly resume: unknown;
  /** True when `resume` was given (it may legitimately be undefined or null). */
  readonly hasResume: boolean;
}

class CommandPacket<S> implements Command<S> {
  readonly [COMMAND_BRAND] = true;
  readonly update: Partial<S> | undefined;
  readonly goto: Array<string | Send>;
  readonly resume: unknown;
  readonly hasResume: boolean;

  constructor(options: CommandOptions<S>) {
    this.update = options.update;
    this.goto = options.goto === undefined ? [] : Array.isArray(options.goto) ? options.goto : [options.goto];
    this.resume = options.resume;
    this.hasResume = "resume" in options;
  }
}

interface CommandFactory {
  new <S = Record<string, unknown>>(options: CommandOptions<S>): Command<S>;
  <S = Record<string, unknown>>(options: CommandOptions<S>): Command<S>;
}

export const Command = function <S>(options: CommandOptions<S>): Command<S> {
  return new CommandPacket(options);
} as unknown as CommandFactory;

export function isCommand(value: unknown): value is Command {
  return value instanceof CommandPacket || hasBrand(value, COMMAND_BRAND);
}
