import { describe, expect, it } from "vitest";
import { Command, isCommand, isSend, Send } from "./command.ts";

// What another copy of the engine brands its packets with (Symbol.for is shared by every copy).
const OTHER_COMMAND_BRAND = Symbol.for("chronograph.command");
const OTHER_SEND_BRAND = Symbol.for("chronograph.send");

describe("Command and Send across copies of the engine", () => {
  it("recognises its own packets, with or without new", () => {
    expect(isCommand(Command({ resume: 1 }))).toBe(true);
    expect(isCommand(new Command({ goto: "a" }))).toBe(true);
    expect(isSend(Send("node", { x: 1 }))).toBe(true);
  });

  it("takes a packet made by another copy of the engine (the same global brand), and nothing else", () => {
    // What a second copy's Command looks like to this one: another class, the shared Symbol.for brand.
    class OtherCopyCommand {
      readonly [OTHER_COMMAND_BRAND] = true;
      readonly update = undefined;
      readonly goto: string[] = [];
      readonly resume = "yes";
      readonly hasResume = true;
    }
    class OtherCopySend {
      readonly [OTHER_SEND_BRAND] = true;
      constructor(
        readonly node: string,
        readonly arg: unknown,
      ) {}
    }
    expect(isCommand(new OtherCopyCommand())).toBe(true);
    expect(isSend(new OtherCopySend("n", 1))).toBe(true);
    expect(isCommand({ resume: "yes", hasResume: true, goto: [] })).toBe(false);
    expect(isSend({ node: "n", arg: 1 })).toBe(false);
    expect(isCommand(null)).toBe(false);
  });
});
