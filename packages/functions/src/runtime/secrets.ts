/** What SST v2 sets a bound secret's variable to when the function must fetch it from SSM itself. */
const FETCH_FROM_SSM = "__FETCH_FROM_SSM__";

/** A bound secret with no value in the stage (nor a fallback): `npx sst secrets set NAME value`. */
export class SecretNotSetError extends Error {
  override name = "SecretNotSetError";
  constructor(names: string[]) {
    super(`secrets not set for stage ${process.env.SST_STAGE}: ${names.join(", ")}`);
  }
}

/**
 * The values of the SST v2 secrets bound to this function (`Config.Secret`), read as `sst/node/config` reads them:
 * a variable `SST_Secret_value_<NAME>` holding a value is used as it is (local runs, `sst dev`); one holding
 * `__FETCH_FROM_SSM__` is fetched, decrypted, from `<SST_SSM_PREFIX>Secret/<NAME>/value`, or else from the app's
 * `.fallback` value. The consult API reads its secrets this way, with the SSM client of its own SDK version,
 * rather than through `sst/node/config`, whose own older SDK copy doubles the functions' cold start.
 *
 * @example
 * const { SUPABASE_URL } = await readBoundSecrets(["SUPABASE_URL"]);
 */
export async function readBoundSecrets<Name extends string>(
  names: readonly Name[],
): Promise<Record<Name, string>> {
  const values = {} as Record<Name, string>;
  const fetched: Name[] = [];
  for (const name of names) {
    const value = process.env[`SST_Secret_value_${name}`];
    if (value === undefined) throw new SecretNotSetError([name]);
    if (value === FETCH_FROM_SSM) fetched.push(name);
    else values[name] = value;
  }
  if (fetched.length === 0) return values;
  // Loaded only when there is something to fetch: locally, and under `sst dev`, the values are given.
  const { GetParametersCommand, SSMClient } = await import("@aws-sdk/client-ssm");
  const ssm = new SSMClient({ region: process.env.SST_REGION ?? process.env.AWS_REGION });
  const read = async (pathOf: (name: Name) => string, wanted: Name[]) => {
    const { Parameters = [] } = await ssm.send(
      new GetParametersCommand({ Names: wanted.map(pathOf), WithDecryption: true }),
    );
    for (const name of wanted) {
      const value = Parameters.find((parameter) => parameter.Name === pathOf(name))?.Value;
      if (value !== undefined) values[name] = value;
    }
    return wanted.filter((name) => values[name] === undefined);
  };
  const missing = await read((name) => `${process.env.SST_SSM_PREFIX ?? ""}Secret/${name}/value`, fetched);
  if (missing.length === 0) return values;
  const unset = await read((name) => `/sst/${process.env.SST_APP}/.fallback/Secret/${name}/value`, missing);
  if (unset.length > 0) throw new SecretNotSetError(unset);
  return values;
}
