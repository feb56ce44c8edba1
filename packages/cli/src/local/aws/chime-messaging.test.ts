import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ChimeSDKIdentityClient,
  BadRequestException as IdentityBadRequest,
  PutAppInstanceRetentionSettingsCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  BadRequestException,
  ChimeSDKMessagingClient,
  CreateChannelMembershipCommand,
  DeleteChannelMessageCommand,
  ForbiddenException,
  PutMessagingStreamingConfigurationsCommand,
  SendChannelMessageCommand,
  UpdateChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import {
  appInstanceUserArn,
  consultChannelArn,
  createMessaging,
  deleteMessaging,
  ensureAppInstanceUser,
  ensureConsultChannel,
  type MessagingDependencies,
  updateMessaging,
} from "@medpipe/core/messaging";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installLocalChimeMessaging, type LocalChimeMessaging } from "./chime-messaging.js";
import { LocalKinesis } from "./kinesis.js";

const REGION = "eu-central-1";
const STREAM = `arn:aws:kinesis:${REGION}:000000000000:stream/chime-messaging-test-medpipe`;
const identityStub = mockClient(ChimeSDKIdentityClient);
const messagingStub = mockClient(ChimeSDKMessagingClient);
const clients = {
  identity: new ChimeSDKIdentityClient({ region: REGION }),
  messaging: new ChimeSDKMessagingClient({ region: REGION }),
};
let kinesis: LocalKinesis;
let chime: LocalChimeMessaging;
const clinician = "9d7c0f5e-2b1a-4c3d-8e9f-0a1b2c3d4e5f";
const patient = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b";
const stranger = "2a3b4c5d-6e7f-4809-9a1b-2c3d4e5f6a7b";
const consultId = "3b4c5d6e-7f80-4912-8b2c-3d4e5f6a7b8c";
const properties = { Stage: "test", AppInstanceName: "test-medpipe", RetentionDays: 2557, StreamArn: STREAM };

async function streams(definitions: { name: string; shardCount: number; encrypted: boolean }[]) {
  return new LocalKinesis(
    definitions.map((d) => ({
      ...d,
      arn: `arn:aws:kinesis:${REGION}:000000000000:stream/${d.name}`,
      retentionHours: 24,
    })),
    { out: await mkdtemp(join(tmpdir(), "medpipe-chime-")), io: (work) => work, now: () => new Date() },
  );
}

beforeEach(async () => {
  kinesis = await streams([
    { name: "chime-messaging-test-medpipe", shardCount: 2, encrypted: true },
    { name: "chime-messaging-one-shard", shardCount: 1, encrypted: true },
    { name: "chat-records", shardCount: 2, encrypted: true },
  ]);
  chime = installLocalChimeMessaging(identityStub, messagingStub, {
    kinesis,
    region: REGION,
    account: "000000000000",
    now: () => new Date(),
  });
});
afterEach(() => {
  identityStub.reset();
  messagingStub.reset();
});

/** The stage provisioned and a consult's channel made, as the API makes it on first use. */
async function consultChannel(): Promise<MessagingDependencies> {
  const { appInstanceArn } = await createMessaging(clients, properties);
  const deps = { ...clients, appInstanceArn, stage: "test", store: undefined as never };
  await ensureConsultChannel(
    deps,
    {
      consultId,
      startsAt: "",
      endsAt: "",
      closedAt: null,
      consent: null,
      meeting: null,
      participants: [
        { userId: clinician, role: "clinician" },
        { userId: patient, role: "patient" },
      ],
    },
    { userId: patient, role: "patient" },
  );
  await ensureAppInstanceUser(deps, stranger);
  return deps;
}

const send = (deps: MessagingDependencies, user: string, token: string) =>
  clients.messaging.send(
    new SendChannelMessageCommand({
      ChannelArn: consultChannelArn(deps.appInstanceArn, consultId),
      Content: "hello",
      Type: "STANDARD",
      Persistence: "PERSISTENT",
      ClientRequestToken: token,
      ChimeBearer: appInstanceUserArn(deps.appInstanceArn, user),
    }),
  );

describe("provisioning a stage's messaging, as its custom resource does", () => {
  it("creates the AppInstance once however often it is retried, with its admin, retention and streaming; updates and deletes it", async () => {
    const first = await createMessaging(clients, properties);
    expect(await createMessaging(clients, properties)).toEqual(first);
    expect(chime.appInstances()).toHaveLength(1);
    expect(chime.appInstances()[0]).toMatchObject({
      retentionDays: 2557,
      admins: new Set([first.serviceUserArn]),
    });
    await updateMessaging(clients, first.appInstanceArn, {
      ...properties,
      AppInstanceName: "renamed",
      RetentionDays: 365,
    });
    expect(chime.appInstances()[0]).toMatchObject({ name: "renamed", retentionDays: 365 });
    await deleteMessaging(clients, first.appInstanceArn);
    await deleteMessaging(clients, first.appInstanceArn);
    expect(chime.appInstances()).toEqual([]);
  });

  it("is refused a stream Chime cannot stream to, and retention outside 1 to 5475 days, as the API refuses them", async () => {
    const { appInstanceArn } = await createMessaging(clients, properties);
    for (const name of ["chat-records", "chime-messaging-one-shard"]) {
      await expect(
        clients.messaging.send(
          new PutMessagingStreamingConfigurationsCommand({
            AppInstanceArn: appInstanceArn,
            StreamingConfigurations: [
              {
                DataType: "ChannelMessage",
                ResourceArn: `arn:aws:kinesis:${REGION}:000000000000:stream/${name}`,
              },
            ],
          }),
        ),
      ).rejects.toBeInstanceOf(BadRequestException);
    }
    await expect(
      clients.identity.send(
        new PutAppInstanceRetentionSettingsCommand({
          AppInstanceArn: appInstanceArn,
          AppInstanceRetentionSettings: { ChannelRetentionSettings: { RetentionDays: 5476 } },
        }),
      ),
    ).rejects.toBeInstanceOf(IdentityBadRequest);
  });
});

describe("a consult's private, restricted channel", () => {
  it("takes messages from members only, once per ClientRequestToken, and streams each", async () => {
    const deps = await consultChannel();
    const sent = await send(deps, patient, "t-1");
    expect((await send(deps, patient, "t-1")).MessageId).toBe(sent.MessageId);
    await expect(send(deps, stranger, "t-2")).rejects.toBeInstanceOf(ForbiddenException);
    const records = [0, 1].flatMap((shard) => kinesis.records(kinesis.stream(STREAM), shard));
    expect(records.map((r) => JSON.parse(r.data.toString()).EventType)).toEqual(["CREATE_CHANNEL_MESSAGE"]);
  });

  it("lets only admins and moderators add members, only the sender edit, and only admins delete", async () => {
    const deps = await consultChannel();
    const channel = consultChannelArn(deps.appInstanceArn, consultId);
    const as = (user: string) => appInstanceUserArn(deps.appInstanceArn, user);
    await expect(
      clients.messaging.send(
        new CreateChannelMembershipCommand({
          ChannelArn: channel,
          MemberArn: as(stranger),
          Type: "DEFAULT",
          ChimeBearer: as(patient),
        }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenException);
    await clients.messaging.send(
      new CreateChannelMembershipCommand({
        ChannelArn: channel,
        MemberArn: as(stranger),
        Type: "DEFAULT",
        ChimeBearer: as(clinician),
      }),
    );
    const { MessageId } = await send(deps, patient, "t-3");
    await expect(
      clients.messaging.send(
        new UpdateChannelMessageCommand({
          ChannelArn: channel,
          MessageId,
          Content: "edited",
          ChimeBearer: as(clinician),
        }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenException);
    await expect(
      clients.messaging.send(
        new DeleteChannelMessageCommand({ ChannelArn: channel, MessageId, ChimeBearer: as(clinician) }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenException);
  });

  it("refuses a STANDARD message over 4 KB of UTF-8", async () => {
    const deps = await consultChannel();
    await expect(
      clients.messaging.send(
        new SendChannelMessageCommand({
          ChannelArn: consultChannelArn(deps.appInstanceArn, consultId),
          Content: "€".repeat(1366),
          Type: "STANDARD",
          Persistence: "PERSISTENT",
          ClientRequestToken: "t-4",
          ChimeBearer: appInstanceUserArn(deps.appInstanceArn, patient),
        }),
      ),
    ).rejects.toBeInstanceOf(BadRequestException);
  });
});
