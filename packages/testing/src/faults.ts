import type { AwsClientStub } from "aws-sdk-client-mock";
import { behavioursOf, type CommandClass } from "../../cli/src/local/aws/stand-in.js";

// biome-ignore lint/suspicious/noExplicitAny: any client's stub
type Stub = AwsClientStub<any>;

function behaviourOf(stub: Stub, command: CommandClass) {
  const behaviour = behavioursOf(stub).get(command);
  if (!behaviour) throw new Error(`no stand-in answers ${command.name}`);
  return behaviour;
}

/**
 * An error as the SDK throws it for `command`. S3 answers a HEAD request with no body, so the SDK cannot read the
 * error code: a HeadObject's throttle or server error reaches the caller as `Unknown` with only its status.
 */
function asThrownBy(command: CommandClass, error: Error): Error {
  if (command.name !== "HeadObjectCommand") return error;
  const { $metadata } = error as { $metadata?: object };
  return Object.assign(new Error("UnknownError"), { name: "Unknown", $fault: "server", $metadata });
}

/**
 * Makes the next `times` calls of `command` fail with `error`, then lets the stand-in answer again: the way a
 * test injects a throttle or a 5xx into one call.
 */
export function faultOnce(stub: Stub, command: CommandClass, error: Error, times = 1): void {
  const behaviour = behaviourOf(stub, command);
  let chain = stub.on(command);
  for (let i = 0; i < times; i++) chain = chain.rejectsOnce(asThrownBy(command, error));
  chain.callsFake(behaviour);
}

/** Makes the next call of `command` answer `response`, then lets the stand-in answer again. */
export function answerOnce(stub: Stub, command: CommandClass, response: unknown): void {
  const behaviour = behaviourOf(stub, command);
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
  stub: Stub,
  options: { rate: number; random: () => number; faults: (() => Error)[] },
): { injected: number } {
  const count = { injected: 0 };
  for (const [command, behaviour] of behavioursOf(stub)) {
    stub.on(command).callsFake((input: unknown) => {
      if (options.random() < options.rate) {
        const fault = options.faults[Math.floor(options.random() * options.faults.length)];
        count.injected++;
        if (fault) throw asThrownBy(command, fault());
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

/** Makes every call of `command` fail with `error` until `fix()` is called, as a misconfiguration would. */
export function faultUntilFixed(stub: Stub, command: CommandClass, error: () => Error): { fix(): void } {
  const behaviour = behaviourOf(stub, command);
  let broken = true;
  stub.on(command).callsFake((input: unknown) => {
    if (broken) throw error();
    return behaviour(input);
  });
  return {
    fix: () => {
      broken = false;
    },
  };
}
