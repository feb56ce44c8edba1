import { API_ROUTES, routeKey } from "@medpipe/core/api";
import { configVariables } from "@medpipe/core/config";
import { MESSAGING_REGION_VARIABLE, messagingNames, messagingRegion } from "@medpipe/core/messaging";
import { Aws, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import { Config, type FunctionProps, Api as HttpApi, type StackContext, use } from "sst/constructs";
import { useConfig } from "./config.js";
import { Storage } from "./Storage.js";

/** Requests per second the stage serves steadily, and in a burst, before API Gateway answers 429. */
const THROTTLE = { rate: 50, burst: 100 };

/**
 * One access log line per request, with ids, status and timings only: no caller IP, user agent or path (a path
 * could carry whatever a caller typed), since the consults are patients'.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  routeKey: "$context.routeKey",
  status: "$context.status",
  responseLatency: "$context.responseLatency",
  integrationRequestId: "$context.integration.requestId",
  integrationStatus: "$context.integration.status",
  integrationLatency: "$context.integration.latency",
});

/**
 * The consult API the app creates and joins consults with: an HTTP API whose routes (from core's route table)
 * each run their own function, which verifies the caller's Supabase access token itself (the project's JWKS
 * and the legacy HS256 secret, which API Gateway's JWT authorizer cannot check). Throttled on the stage,
 * access-logged to a log group encrypted with the pipeline's key.
 */
export function Api({ stack, app }: StackContext) {
  const config = useConfig(app);
  const { key } = use(Storage);
  const secrets = [
    new Config.Secret(stack, "SUPABASE_URL"),
    new Config.Secret(stack, "SUPABASE_SERVICE_ROLE_KEY"),
    new Config.Secret(stack, "SUPABASE_JWT_SECRET"),
  ];
  const accessLogs = new logs.LogGroup(stack, "ApiAccessLogs", {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: key,
    removalPolicy: config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });

  const meetings = `arn:${Aws.PARTITION}:chime:${config.regions.control}:${Aws.ACCOUNT_ID}:meeting/*`;
  const defaultBus = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:event-bus/default`;
  const messaging = messagingRegion();
  // Users and channels live under the AppInstance, whose id Chime makes at deploy: this account's AppInstances.
  const appInstances = `arn:${Aws.PARTITION}:chime:${messaging}:${Aws.ACCOUNT_ID}:app-instance/*`;
  const readsAppInstance = new iam.PolicyStatement({
    actions: ["ssm:GetParameter"],
    resources: [
      `arn:${Aws.PARTITION}:ssm:${messaging}:${Aws.ACCOUNT_ID}:parameter${messagingNames(app.stage).appInstanceParameter}`,
    ],
  });
  const makesChannels = [
    "chime:CreateAppInstanceUser",
    "chime:CreateChannel",
    "chime:CreateChannelMembership",
    "chime:CreateChannelModerator",
  ];
  const permissions: Record<string, iam.PolicyStatement[]> = {
    "join-consult": [
      new iam.PolicyStatement({
        actions: ["chime:CreateMeetingWithAttendees", "chime:CreateAttendee", "chime:GetMeeting"],
        resources: [meetings],
      }),
    ],
    "end-consult": [new iam.PolicyStatement({ actions: ["chime:DeleteMeeting"], resources: [meetings] })],
    "give-consent": [new iam.PolicyStatement({ actions: ["events:PutEvents"], resources: [defaultBus] })],
    "post-message": [
      readsAppInstance,
      new iam.PolicyStatement({
        actions: ["chime:SendChannelMessage", ...makesChannels],
        resources: [appInstances],
      }),
    ],
    "redact-message": [
      readsAppInstance,
      new iam.PolicyStatement({
        actions: ["chime:GetChannelMessage", "chime:RedactChannelMessage", ...makesChannels],
        resources: [appInstances],
      }),
    ],
  };
  const functionOf = (handler: string): FunctionProps => ({
    handler: `packages/functions/src/${handler}.handler`,
    bind: secrets,
    permissions: permissions[handler] ?? [],
    environment: {
      ...configVariables(config),
      [MESSAGING_REGION_VARIABLE]: messaging,
      SST_STAGE: app.stage,
      POWERTOOLS_SERVICE_NAME: "medpipe",
    },
    timeout: 15,
    memorySize: 512,
    // The AWS SDK is bundled, not left to the runtime's: one copy, minified, imports in a fraction of the time.
    nodejs: { format: "esm", minify: true },
  });

  const api = new HttpApi(stack, "ConsultApi", {
    accessLog: { destinationArn: accessLogs.logGroupArn, format: ACCESS_LOG_FORMAT },
    defaults: { throttle: THROTTLE },
    routes: Object.fromEntries(
      API_ROUTES.map((route) => [routeKey(route), { function: functionOf(route.handler) }]),
    ),
  });

  stack.addOutputs({ ApiUrl: api.url });
  return { api };
}
