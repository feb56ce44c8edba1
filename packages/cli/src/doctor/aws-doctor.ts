import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { GetRoleCommand, IAMClient, NoSuchEntityException } from "@aws-sdk/client-iam";
import { GetAccountSettingsCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { ListServiceQuotasCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import { APP_NAME, type PipelineConfig } from "@medpipe/core/config";
import { messagingRegion } from "@medpipe/core/messaging";
import { MEDIA_PIPELINES_ROLE, MEDIA_PIPELINES_SERVICE } from "@medpipe/core/recording";
import { sstSecretParameter } from "../local/aws/ssm.js";
import {
  boundSecretsOf,
  concurrencyCheck,
  type DoctorCheck,
  mediaPipelinesCheck,
  regionsCheck,
  reservedConcurrencyOf,
  schemaCheck,
  subscriptionsCheck,
} from "./checklist.js";
import { readSupabaseSchema, SupabaseUnreachableError } from "./supabase-schema.js";

/**
 * Service Quotas' code for the Amazon Chime SDK quotas; the media pipelines quota is found in it by name, since
 * its quota code is not documented where this was written.
 */
const CHIME_SERVICE_CODE = "chime";

export interface AwsDoctorOptions {
  stage: string;
  config: PipelineConfig;
  /** The stage's synthesized templates (the data region's): what the stacks reserve and which secrets they bind. */
  templates: Record<string, unknown>;
  /** Consults expected at once, to compare the media pipelines quota with. */
  consults: number | null;
}

/**
 * Checks what a deploy of the stage needs and cannot create itself, in the stage's account (credentials from the
 * default chain): the Chime media pipelines service-linked role, Lambda concurrency against what the stacks
 * reserve, the SST secrets set, Supabase reachable with the migrations applied, the medical services in the data
 * region, the media pipelines quota, and the alert subscriptions confirmed. Each check stands alone: an error
 * (a missing permission, a stage not deployed) fails that check only, under the error's name. Never prints a
 * secret's value.
 *
 * @example
 * const checks = await checkAwsStage({ stage: "prod", config, templates, consults: 8 });
 */
export async function checkAwsStage(options: AwsDoctorOptions): Promise<DoctorCheck[]> {
  const { config, stage } = options;
  const { data, control, mediaPipeline } = config.regions;
  const checks: DoctorCheck[] = [];
  const run = async (check: string, fix: string, body: () => Promise<DoctorCheck | DoctorCheck[]>) => {
    try {
      checks.push(...[await body()].flat());
    } catch (error) {
      const detail =
        error instanceof SupabaseUnreachableError
          ? error.message
          : `could not check: ${error instanceof Error ? error.name : "Error"}`;
      checks.push({ check, status: "fail", detail, fix });
    }
  };

  await run("Media pipelines service-linked role", "the caller needs iam:GetRole", async () => {
    const check = "Media pipelines service-linked role";
    try {
      await new IAMClient({ region: data }).send(new GetRoleCommand({ RoleName: MEDIA_PIPELINES_ROLE }));
      return { check, status: "ok", detail: `${MEDIA_PIPELINES_ROLE} exists` };
    } catch (error) {
      if (!(error instanceof NoSuchEntityException)) throw error;
      return {
        check,
        status: "fail",
        detail: `${MEDIA_PIPELINES_ROLE} does not exist`,
        fix: `deploy the stage (the Workflows stack creates it), or aws iam create-service-linked-role --aws-service-name ${MEDIA_PIPELINES_SERVICE}`,
      };
    }
  });

  await run("Lambda concurrency", "the caller needs lambda:GetAccountSettings", async () => {
    const { AccountLimit } = await new LambdaClient({ region: data }).send(new GetAccountSettingsCommand({}));
    return concurrencyCheck({
      accountLimit: AccountLimit?.ConcurrentExecutions ?? 0,
      reserved: reservedConcurrencyOf(options.templates),
      extractions: config.capacity.extractions,
    });
  });

  let secrets: Map<string, string> = new Map();
  await run("SST secrets", "the caller needs ssm:GetParameters and kms:Decrypt on SST's key", async () => {
    const names = boundSecretsOf(options.templates);
    const parameter = (secret: string, ofStage: string) => sstSecretParameter(APP_NAME, ofStage, secret);
    const { Parameters = [] } = await new SSMClient({ region: data }).send(
      new GetParametersCommand({
        Names: names.flatMap((secret) => [parameter(secret, stage), parameter(secret, ".fallback")]),
        WithDecryption: true,
      }),
    );
    const values = new Map(Parameters.map((p) => [p.Name ?? "", p.Value ?? ""]));
    secrets = new Map(
      names.flatMap((secret) => {
        const value = values.get(parameter(secret, stage)) ?? values.get(parameter(secret, ".fallback"));
        return value ? [[secret, value] as const] : [];
      }),
    );
    const unset = names.filter((secret) => !secrets.has(secret));
    return unset.length === 0
      ? { check: "SST secrets", status: "ok", detail: `${names.join(", ")} set` }
      : {
          check: "SST secrets",
          status: "fail",
          detail: `${unset.join(", ")} not set for stage ${stage}`,
          fix: unset.map((secret) => `npx sst secrets set ${secret} <value> --stage ${stage}`).join("; "),
        };
  });

  await run("Supabase schema", "check SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY", async () => {
    const url = secrets.get("SUPABASE_URL");
    const serviceRoleKey = secrets.get("SUPABASE_SERVICE_ROLE_KEY");
    if (!url || !serviceRoleKey) {
      return {
        check: "Supabase schema",
        status: "fail",
        detail: "not checked: the Supabase secrets are not set",
        fix: "set the SST secrets first",
      };
    }
    return schemaCheck(await readSupabaseSchema({ url, serviceRoleKey }));
  });

  checks.push(regionsCheck(config));

  await run("Chime media pipelines quota", "the caller needs servicequotas:ListServiceQuotas", async () =>
    mediaPipelinesCheck({
      region: mediaPipeline,
      quota: await mediaPipelinesQuota(mediaPipeline),
      consults: options.consults,
    }),
  );

  const topics = [
    { name: "ops alerts", region: data, stack: `${stage}-${APP_NAME}-Ops`, output: "AlertsTopic" },
    ...(control === data
      ? []
      : [
          {
            name: "forwarder alerts",
            region: control,
            stack: `${stage}-${APP_NAME}-Forwarder`,
            output: "ForwarderAlertsTopic",
          },
        ]),
    {
      name: "messaging alerts",
      region: messagingRegion(),
      stack: `${stage}-${APP_NAME}-Messaging`,
      output: "MessagingAlertsTopic",
    },
  ];
  for (const topic of topics) {
    const check = `Alert subscriptions (${topic.name})`;
    await run(
      check,
      `deploy the stage; the caller needs cloudformation:DescribeStacks on ${topic.stack} and sns:ListSubscriptionsByTopic`,
      async () => {
        const { Stacks = [] } = await new CloudFormationClient({ region: topic.region }).send(
          new DescribeStacksCommand({ StackName: topic.stack }),
        );
        const arn = Stacks[0]?.Outputs?.find((output) => output.OutputKey === topic.output)?.OutputValue;
        if (!arn) {
          return {
            check,
            status: "fail",
            detail: `${topic.stack} has no ${topic.output} output`,
            fix: "deploy the stage",
          };
        }
        const sns = new SNSClient({ region: topic.region });
        const subscriptions = [];
        let NextToken: string | undefined;
        do {
          const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn, NextToken }));
          subscriptions.push(...(page.Subscriptions ?? []));
          NextToken = page.NextToken;
        } while (NextToken);
        return subscriptionsCheck(topic.name, subscriptions);
      },
    );
  }
  return checks;
}

/** The account's active media pipelines quota in `region`, found by name among Service Quotas' Chime quotas. */
async function mediaPipelinesQuota(region: string): Promise<number | null> {
  const client = new ServiceQuotasClient({ region });
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListServiceQuotasCommand({ ServiceCode: CHIME_SERVICE_CODE, NextToken }),
    );
    const quota = (page.Quotas ?? []).find(
      (q) => /media pipeline/i.test(q.QuotaName ?? "") && /maximum|active/i.test(q.QuotaName ?? ""),
    );
    if (quota?.Value !== undefined) return quota.Value;
    NextToken = page.NextToken;
  } while (NextToken);
  return null;
}
