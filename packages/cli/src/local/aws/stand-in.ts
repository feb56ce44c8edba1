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

/**
 * Makes a share of every call the stand-ins answer fail with one of `faults` (throttling, 5xx) before the
 * stand-in answers, chosen by `random` so that a seeded run fails the same calls every time. Returns how many
 * faults it has injected so far.
 */
export function faultRandomly(
  // biome-ignore lint/suspicious/noExplicitAny: any client's stub
  stub: AwsClientStub<any>,
  options: { rate: number; random: () => number; faults: (() => Error)[] },
): { injected: number } {
  const count = { injected: 0 };
  for (const [command, behaviour] of behaviours.get(stub) ?? []) {
    stub.on(command).callsFake((input: unknown) => {
      if (options.random() < options.rate) {
        const fault = options.faults[Math.floor(options.random() * options.faults.length)];
        count.injected++;
        if (fault) throw fault();
      }
      return behaviour(input);
    });
  }
  return count;
}

/** An AWS service error as the SDK throws it: a name, a status code, no message worth logging. */
export function serviceError(name: string, httpStatusCode: number): () => Error {
  return () =>
    Object.assign(new Error(name), {
      name,
      $fault: httpStatusCode >= 500 ? "server" : "client",
      $metadata: { httpStatusCode },
    });
}
