import type { AwsClientStub } from "aws-sdk-client-mock";

// biome-ignore lint/suspicious/noExplicitAny: commands of any client
type CommandClass = new (input: any) => any;
// biome-ignore lint/suspicious/noExplicitAny: the stand-in takes the command's input
type Behaviour = (input: any) => unknown;

const behaviours = new WeakMap<object, Map<CommandClass, Behaviour>>();

/** Answers `command` on a mocked client with a stand-in's behaviour, remembered for {@link faultOnce}. */
// biome-ignore lint/suspicious/noExplicitAny: any client's stub
export function standIn(stub: AwsClientStub<any>, command: CommandClass, behaviour: Behaviour): void {
  const known = behaviours.get(stub) ?? new Map<CommandClass, Behaviour>();
  known.set(command, behaviour);
  behaviours.set(stub, known);
  stub.on(command).callsFake(behaviour);
}

/**
 * Makes the next call of `command` fail with `error`, then lets the stand-in answer again: the way a test
 * injects a throttle or a 5xx into one call (aws-sdk-client-mock's `rejectsOnce` alone would leave later calls
 * unanswered).
 */
// biome-ignore lint/suspicious/noExplicitAny: any client's stub
export function faultOnce(stub: AwsClientStub<any>, command: CommandClass, error: Error, times = 1): void {
  const behaviour = behaviours.get(stub)?.get(command);
  if (!behaviour) throw new Error(`no stand-in answers ${command.name}`);
  let chain = stub.on(command);
  for (let i = 0; i < times; i++) chain = chain.rejectsOnce(error);
  chain.callsFake(behaviour);
}

/** Makes the next call of `command` answer `response`, then lets the stand-in answer again. */
// biome-ignore lint/suspicious/noExplicitAny: any client's stub
export function answerOnce(stub: AwsClientStub<any>, command: CommandClass, response: unknown): void {
  const behaviour = behaviours.get(stub)?.get(command);
  if (!behaviour) throw new Error(`no stand-in answers ${command.name}`);
  stub
    .on(command)
    .resolvesOnce(response as never)
    .callsFake(behaviour);
}
