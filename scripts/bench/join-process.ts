// The join handler's warm server time, in its own process (the handler reads its environment once, as a Lambda
// container does): `node --import tsx join-process.ts <result.json>`. Started by join.ts; writes the durations.
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { ChimeSDKMeetingsClient } from "@aws-sdk/client-chime-sdk-meetings";
import { createConsultStore, type ParticipantRole } from "@medpipe/core/consult";
import { sinkClient } from "@medpipe/core/sink";
import { startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { installLocalChimeMeetings } from "../../packages/cli/src/local/aws/chime-meetings.js";
import { lambdaContext } from "../../packages/cli/src/serve/http-event.js";
import { JOIN_CONSULTS, JOIN_ROLES, JOIN_WARMUP } from "./join.js";

const [resultFile = ""] = process.argv.slice(2);
const supabase = await startEmbeddedSupabase();
Object.assign(process.env, {
  SST_APP: "medpipe",
  SST_STAGE: "bench",
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  SST_Secret_value_SUPABASE_URL: supabase.url,
  SST_Secret_value_SUPABASE_SERVICE_ROLE_KEY: supabase.serviceRoleKey,
  SST_Secret_value_SUPABASE_JWT_SECRET: supabase.jwtSecret,
  POWERTOOLS_LOG_LEVEL: "WARN",
});
// Chime answers from memory, in microseconds: what is timed is the server's own work, Supabase included.
const chime = mockClient(ChimeSDKMeetingsClient);
installLocalChimeMeetings(chime, {
  events: { emit: async () => undefined },
  region: "eu-central-1",
  account: "000000000000",
});
const { handler } = (await import("@medpipe/functions/join-consult")) as {
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
};
const store = createConsultStore(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }));

function joinEvent(consultId: string, token: string): APIGatewayProxyEventV2 {
  const path = `/consults/${consultId}/join`;
  return {
    version: "2.0",
    routeKey: "POST /consults/{consultId}/join",
    rawPath: path,
    rawQueryString: "",
    headers: { authorization: `Bearer ${token}`, host: "api.local" },
    pathParameters: { consultId },
    requestContext: {
      accountId: "000000000000",
      apiId: "bench",
      domainName: "api.local",
      domainPrefix: "api",
      http: { method: "POST", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
      requestId: randomUUID(),
      routeKey: "POST /consults/{consultId}/join",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

const users = new Map<ParticipantRole, { userId: string; token: string }>();
for (const role of new Set(JOIN_ROLES)) {
  const userId = randomUUID();
  users.set(role, { userId, token: await supabase.mintAccessToken(userId) });
}
const durations: number[] = [];
try {
  for (let consult = 0; consult < JOIN_WARMUP + JOIN_CONSULTS; consult++) {
    const consultId = randomUUID();
    await store.scheduleConsult({
      consultId,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      participants: [...users].map(([role, { userId }]) => ({ userId, role })),
    });
    for (const role of JOIN_ROLES) {
      const started = performance.now();
      const answer = await handler(
        joinEvent(consultId, users.get(role)?.token ?? ""),
        lambdaContext("join-consult"),
      );
      const ms = performance.now() - started;
      if (answer.statusCode !== 200) throw new Error(`a join answered ${answer.statusCode}`);
      if (consult >= JOIN_WARMUP) durations.push(ms);
    }
  }
  await writeFile(resultFile, JSON.stringify(durations));
} finally {
  chime.restore();
  await supabase.stop();
}
