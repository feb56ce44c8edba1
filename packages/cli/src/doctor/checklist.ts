import {
  comprehendMedicalRegions,
  type PipelineConfig,
  transcribeMedicalRegions,
} from "@medpipe/core/config";
import { LAMBDA_CONCURRENCY } from "@medpipe/core/quotas";
import { capacityRpcs, capacityTables, consultRpcs, consultTables, rpcs, tables } from "@medpipe/core/sink";

/** How one check came out: it holds, it does not (and the deploy will fail or alerts reach nobody), or it does not apply. */
export type CheckStatus = "ok" | "fail" | "skip";

/** One line of the checklist: what was checked, what was found, and how to fix it when it failed. */
export interface DoctorCheck {
  check: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

/**
 * The checklist for people: one line per check, its fix indented under a failure.
 *
 * @example
 * process.stdout.write(checklistText(checks));
 */
export function checklistText(checks: DoctorCheck[]): string {
  const mark: Record<CheckStatus, string> = { ok: "ok  ", fail: "FAIL", skip: "skip" };
  return checks
    .map(
      ({ check, status, detail, fix }) =>
        `${mark[status]}  ${check}: ${detail}\n${status === "fail" && fix ? `      fix: ${fix}\n` : ""}`,
    )
    .join("");
}

/** 0 when every check holds (or does not apply), 1 when any failed. */
export function exitCodeOf(checks: DoctorCheck[]): 0 | 1 {
  return checks.some((check) => check.status === "fail") ? 1 : 0;
}

/**
 * What the synthesized stacks reserve of the account's Lambda concurrency: the sum of every function's
 * ReservedConcurrentExecutions.
 *
 * @example
 * reservedConcurrencyOf(templates); // 15
 */
export function reservedConcurrencyOf(templates: Record<string, unknown>): number {
  return Object.values(templates as Record<string, Template>)
    .flatMap((template) => Object.values(template.Resources ?? {}))
    .filter((resource) => resource.Type === "AWS::Lambda::Function")
    .reduce((sum, fn) => sum + Number(fn.Properties?.ReservedConcurrentExecutions ?? 0), 0);
}

/**
 * The SST secrets the functions of the synthesized stacks are bound to (`SST_Secret_value_<NAME>` variables).
 *
 * @example
 * boundSecretsOf(templates); // ["SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_URL"]
 */
export function boundSecretsOf(templates: Record<string, unknown>): string[] {
  const prefix = "SST_Secret_value_";
  const names = Object.values(templates as Record<string, Template>)
    .flatMap((template) => Object.values(template.Resources ?? {}))
    .filter((resource) => resource.Type === "AWS::Lambda::Function")
    .flatMap((fn) => {
      const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables;
      return Object.keys(variables ?? {}).filter((name) => name.startsWith(prefix));
    })
    .map((name) => name.slice(prefix.length));
  return [...new Set(names)].sort();
}

/**
 * The account's Lambda concurrency against what the stage needs. Lambda keeps 100 of it unreserved, so stacks that
 * reserve any fit only in an account whose limit is that much more (a new account's 10 fits none); stacks that
 * reserve none, as medpipe's, need room for their extraction slots and one invocation more.
 *
 * @example
 * concurrencyCheck({ accountLimit: 10, reserved: 0, extractions: 5 }).status; // "ok"
 */
export function concurrencyCheck(options: {
  accountLimit: number;
  reserved: number;
  extractions: number;
}): DoctorCheck {
  const needed =
    options.reserved > 0 ? options.reserved + LAMBDA_CONCURRENCY.unreservedMinimum : options.extractions + 1;
  const check = "Lambda concurrency";
  const detail =
    options.reserved > 0
      ? `account limit ${options.accountLimit}, the stacks reserve ${options.reserved} and Lambda keeps ${LAMBDA_CONCURRENCY.unreservedMinimum} unreserved: ${needed} needed`
      : `account limit ${options.accountLimit}, the stacks reserve none; ${options.extractions} extraction slots and one invocation more: ${needed} needed`;
  return options.accountLimit >= needed
    ? { check, status: "ok", detail }
    : {
        check,
        status: "fail",
        detail,
        fix: `ask for a Lambda "Concurrent executions" quota of at least ${needed} in Service Quotas (new accounts start at ${LAMBDA_CONCURRENCY.newAccount})`,
      };
}

/**
 * Transcribe Medical and Comprehend Medical must be offered in the data region, beside the recordings.
 *
 * @example
 * regionsCheck(loadConfig("prod")).status; // "ok" for eu-west-1
 */
export function regionsCheck(config: PipelineConfig): DoctorCheck {
  const region = config.regions.data;
  const missing = [
    ...(transcribeMedicalRegions.some((r) => r === region) ? [] : ["Transcribe Medical"]),
    ...(comprehendMedicalRegions.some((r) => r === region) ? [] : ["Comprehend Medical"]),
  ];
  const check = "Medical services in the data region";
  return missing.length === 0
    ? { check, status: "ok", detail: `Transcribe Medical and Comprehend Medical are offered in ${region}` }
    : {
        check,
        status: "fail",
        detail: `${missing.join(" and ")} not offered in ${region}`,
        fix: `set MEDPIPE_DATA_REGION to one of ${comprehendMedicalRegions.filter((r) => transcribeMedicalRegions.some((t) => t === r)).join(", ")}`,
      };
}

/**
 * The PostgREST paths of every table and function `packages/core/src/sink/tables.ts` names: the pipeline's, the
 * consults' and the capacity's.
 */
export function migratedPaths(): string[] {
  return [
    ...[...Object.values(tables), ...Object.values(consultTables), ...Object.values(capacityTables)].map(
      (table) => `/${table}`,
    ),
    ...[...Object.values(rpcs), ...Object.values(consultRpcs), ...Object.values(capacityRpcs)].map(
      (rpc) => `/rpc/${rpc}`,
    ),
  ];
}

/**
 * Every table and function of the migrations ({@link migratedPaths}) is in the PostgREST schema (its OpenAPI
 * document, read with the service role): the migrations are applied.
 *
 * @example
 * schemaCheck(await (await fetch(`${url}/rest/v1/`, { headers })).json());
 */
export function schemaCheck(openApi: unknown): DoctorCheck {
  const paths = Object.keys((openApi as { paths?: Record<string, unknown> } | null)?.paths ?? {});
  const expected = migratedPaths();
  const missing = expected.filter((path) => !paths.includes(path));
  const check = "Supabase schema";
  return missing.length === 0
    ? {
        check,
        status: "ok",
        detail: `reachable, ${expected.length} tables and functions of the migrations found`,
      }
    : {
        check,
        status: "fail",
        detail: `reachable, but missing ${missing.join(", ")}`,
        fix: "apply supabase/migrations to the project (supabase db push)",
      };
}

/**
 * An alerts topic must have a subscription, and every subscription must be confirmed: SNS lists an unconfirmed one
 * with the SubscriptionArn `PendingConfirmation`.
 *
 * @example
 * subscriptionsCheck("ops alerts", [{ SubscriptionArn: "PendingConfirmation", Protocol: "email" }]).status; // "fail"
 */
export function subscriptionsCheck(
  topic: string,
  subscriptions: { SubscriptionArn?: string; Protocol?: string }[],
): DoctorCheck {
  const check = `Alert subscriptions (${topic})`;
  if (subscriptions.length === 0) {
    return {
      check,
      status: "fail",
      detail: "nobody is subscribed",
      fix: "set MEDPIPE_ALERT_EMAIL and/or MEDPIPE_ALERT_URL (https) and deploy again",
    };
  }
  const pending = subscriptions.filter((s) => s.SubscriptionArn === "PendingConfirmation");
  const protocols = subscriptions.map((s) => s.Protocol ?? "?").join(", ");
  return pending.length === 0
    ? { check, status: "ok", detail: `${subscriptions.length} confirmed (${protocols})` }
    : {
        check,
        status: "fail",
        detail: `${pending.length} of ${subscriptions.length} not confirmed (${pending.map((s) => s.Protocol).join(", ")})`,
        fix: "confirm the subscription from the e-mail SNS sent (an HTTPS endpoint must visit its SubscribeURL); SNS resends it when you subscribe again",
      };
}

/**
 * Each consult under way holds a capture pipeline and, as it ends, a concatenation pipeline starts: the account's
 * active media pipelines must cover the consults expected at once and one more.
 *
 * @example
 * mediaPipelinesCheck({ region: "eu-central-1", quota: 10, consults: 12 }).status; // "fail"
 */
export function mediaPipelinesCheck(options: {
  region: string;
  quota: number | null;
  consults: number | null;
}): DoctorCheck {
  const check = "Chime media pipelines quota";
  if (options.quota === null) {
    return { check, status: "skip", detail: `Service Quotas does not list it in ${options.region}` };
  }
  if (options.consults === null) {
    return {
      check,
      status: "ok",
      detail: `${options.quota} active pipelines in ${options.region} (pass --consults to compare)`,
    };
  }
  const needed = options.consults + 1;
  const detail = `${options.quota} active pipelines in ${options.region}, ${needed} needed for ${options.consults} consults at once`;
  return options.quota >= needed
    ? { check, status: "ok", detail }
    : {
        check,
        status: "fail",
        detail,
        fix: `ask for at least ${needed} in Service Quotas (Amazon Chime SDK media pipelines, ${options.region})`,
      };
}
