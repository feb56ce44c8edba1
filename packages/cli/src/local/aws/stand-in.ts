import type { AwsStub } from "aws-sdk-client-mock";

// biome-ignore lint/suspicious/noExplicitAny: a stub of any client
type AnyStub = AwsStub<any, any, any>;

// biome-ignore lint/suspicious/noExplicitAny: commands of any client
export type CommandClass = new (input: any) => any;
// biome-ignore lint/suspicious/noExplicitAny: the stand-in takes the command's input
export type Behaviour = (input: any) => unknown;

const behaviours = new WeakMap<object, Map<CommandClass, Behaviour>>();

/** Answers `command` on a mocked client with a stand-in's behaviour, remembered for {@link behaviourOf}. */
export function standIn(stub: AnyStub, command: CommandClass, behaviour: Behaviour): void {
  const known = behaviours.get(stub) ?? new Map<CommandClass, Behaviour>();
  known.set(command, behaviour);
  behaviours.set(stub, known);
  stub.on(command).callsFake(behaviour);
}

/** Every command a stub's stand-in answers, with its behaviour (tests wrap them to inject faults). */
export function behavioursOf(stub: AnyStub): Map<CommandClass, Behaviour> {
  return behaviours.get(stub) ?? new Map();
}
