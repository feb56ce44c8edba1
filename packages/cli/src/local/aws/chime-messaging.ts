import { randomUUID } from "node:crypto";
import {
  type ChimeSDKIdentityClient,
  CreateAppInstanceAdminCommand,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
  DeleteAppInstanceCommand,
  BadRequestException as IdentityBadRequest,
  ConflictException as IdentityConflict,
  NotFoundException as IdentityNotFound,
  PutAppInstanceRetentionSettingsCommand,
  UpdateAppInstanceCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  BadRequestException,
  type ChannelMessage,
  type ChimeSDKMessagingClient,
  ConflictException,
  CreateChannelCommand,
  CreateChannelMembershipCommand,
  CreateChannelModeratorCommand,
  DeleteChannelMessageCommand,
  DeleteMessagingStreamingConfigurationsCommand,
  ForbiddenException,
  GetChannelMessageCommand,
  NotFoundException,
  PutMessagingStreamingConfigurationsCommand,
  RedactChannelMessageCommand,
  SendChannelMessageCommand,
  type StreamingConfiguration,
  UpdateChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import {
  CHANNEL_ARNS_PER_CREATE,
  CHANNEL_RETENTION_DAYS_RANGE,
  MESSAGING_STREAM_MIN_SHARDS,
  MESSAGING_STREAM_PREFIX,
  STANDARD_MESSAGE_MAX_BYTES,
} from "@medpipe/core/messaging";
import type { AwsClientStub } from "aws-sdk-client-mock";
import type { LocalKinesis } from "./kinesis.js";
import { standIn } from "./stand-in.js";

const meta = (status: number) => ({ $metadata: { httpStatusCode: status } });
const forbidden = (message: string) => new ForbiddenException({ message, ...meta(403) });
const notFound = (message: string) => new NotFoundException({ message, ...meta(404) });
const badRequest = (message: string) => new BadRequestException({ message, ...meta(400) });
/** CONTROL messages are limited to 30 bytes (SendChannelMessage, API reference). */
const CONTROL_MESSAGE_MAX_BYTES = 30;
const ID = /^[A-Za-z0-9]([A-Za-z0-9:\-_.@]{0,62}[A-Za-z0-9])?$/;

interface LocalChannel {
  arn: string;
  token: string;
  mode: string;
  privacy: string;
  members: Set<string>;
  moderators: Set<string>;
  messages: Map<string, ChannelMessage>;
  byToken: Map<string, string>;
}

interface LocalAppInstance {
  arn: string;
  name: string;
  users: Map<string, string>;
  admins: Set<string>;
  retentionDays: number | null;
  streaming: StreamingConfiguration[];
  channels: Map<string, LocalChannel>;
}

/**
 * Stands in for Chime SDK identity and messaging (no local runtime exists), with the API's documented rules:
 * AppInstances, their users and admins; channels made idempotently per ClientRequestToken; a private, restricted
 * channel where only members send and read (ForbiddenException otherwise), only admins and moderators add members
 * and moderators, senders edit and redact their own messages, moderators and admins redact any, and only admins
 * delete; STANDARD content of at most 4 KB and CONTROL of 30 bytes. With a streaming configuration, every channel
 * message change is written to the configured Kinesis stream as `{EventType, Payload}` (never retroactively), with
 * the channel's ARN as partition key.
 *
 * @example
 * const chime = installLocalChimeMessaging(identityStub, messagingStub, { kinesis, region, account, now });
 */
export function installLocalChimeMessaging(
  identityMock: AwsClientStub<ChimeSDKIdentityClient>,
  messagingMock: AwsClientStub<ChimeSDKMessagingClient>,
  options: { kinesis: LocalKinesis; region: string; account: string; now: () => Date },
) {
  const identity = identityMock as unknown as Parameters<typeof standIn>[0];
  const messaging = messagingMock as unknown as Parameters<typeof standIn>[0];
  const instances = new Map<string, LocalAppInstance>();
  const instanceTokens = new Map<string, string>();

  const instanceOf = (arn: string | undefined): LocalAppInstance => {
    const instance = instances.get(arn ?? "");
    if (!instance) throw new IdentityNotFound({ message: "The AppInstance was not found.", ...meta(404) });
    return instance;
  };
  /** The same lookup for a messaging command, which fails with the messaging API's own NotFoundException. */
  const messagingInstanceOf = (arn: string | undefined): LocalAppInstance => {
    const instance = instances.get(arn ?? "");
    if (!instance) throw notFound("The AppInstance was not found.");
    return instance;
  };
  const channelOf = (channelArn: string | undefined) => {
    const instanceArn = (channelArn ?? "").replace(/\/channel\/[^/]+$/, "");
    const channel = instances.get(instanceArn)?.channels.get(channelArn ?? "");
    if (!channel) throw notFound("The channel was not found.");
    return { instance: instances.get(instanceArn) as LocalAppInstance, channel };
  };
  /** The bearer must be an AppInstanceUser of the channel's AppInstance. */
  const bearerOf = (instance: LocalAppInstance, bearer: string | undefined) => {
    if (!bearer || ![...instance.users.values()].includes(bearer))
      throw forbidden("The ChimeBearer is not a user of this AppInstance.");
    return { arn: bearer, admin: instance.admins.has(bearer) };
  };
  const stream = async (instance: LocalAppInstance, eventType: string, message: ChannelMessage) => {
    const configured = instance.streaming.find((c) => c.DataType === "ChannelMessage");
    if (!configured?.ResourceArn) return;
    const payload = {
      ...message,
      CreatedTimestamp: message.CreatedTimestamp?.toISOString(),
      LastUpdatedTimestamp: message.LastUpdatedTimestamp?.toISOString(),
      LastEditedTimestamp: message.LastEditedTimestamp?.toISOString(),
    };
    options.kinesis.put(
      configured.ResourceArn,
      message.ChannelArn ?? "",
      Buffer.from(JSON.stringify({ EventType: eventType, Payload: payload })),
    );
  };
  const contentChecked = (type: string | undefined, content: string | undefined) => {
    const bytes = Buffer.byteLength(content ?? "", "utf8");
    if (!content) throw badRequest("Content must not be empty.");
    if (type === "CONTROL" ? bytes > CONTROL_MESSAGE_MAX_BYTES : bytes > STANDARD_MESSAGE_MAX_BYTES) {
      throw badRequest(`Content is too long for a ${type} message.`);
    }
    return content;
  };

  standIn(
    identity,
    CreateAppInstanceCommand,
    async (input: { Name?: string; ClientRequestToken?: string }) => {
      if (!input.Name) throw new IdentityBadRequest({ message: "Name is required.", ...meta(400) });
      const known = instanceTokens.get(input.ClientRequestToken ?? "");
      if (known) return { AppInstanceArn: known };
      const arn = `arn:aws:chime:${options.region}:${options.account}:app-instance/${randomUUID()}`;
      instances.set(arn, {
        arn,
        name: input.Name,
        users: new Map(),
        admins: new Set(),
        retentionDays: null,
        streaming: [],
        channels: new Map(),
      });
      if (input.ClientRequestToken) instanceTokens.set(input.ClientRequestToken, arn);
      return { AppInstanceArn: arn };
    },
  );
  standIn(identity, UpdateAppInstanceCommand, async (input: { AppInstanceArn?: string; Name?: string }) => {
    const instance = instanceOf(input.AppInstanceArn);
    instance.name = input.Name ?? instance.name;
    return { AppInstanceArn: instance.arn };
  });
  standIn(identity, DeleteAppInstanceCommand, async (input: { AppInstanceArn?: string }) => {
    instances.delete(instanceOf(input.AppInstanceArn).arn);
    return {};
  });
  standIn(
    identity,
    CreateAppInstanceUserCommand,
    async (input: {
      AppInstanceArn?: string;
      AppInstanceUserId?: string;
      Name?: string;
      ClientRequestToken?: string;
    }) => {
      const instance = instanceOf(input.AppInstanceArn);
      const id = input.AppInstanceUserId ?? "";
      if (!ID.test(id) || !input.Name)
        throw new IdentityBadRequest({ message: "AppInstanceUserId or Name is invalid.", ...meta(400) });
      const arn = `${instance.arn}/user/${id}`;
      const token = instance.users.get(`token:${id}`);
      if (token !== undefined && token !== input.ClientRequestToken) {
        throw new IdentityConflict({ message: "The AppInstanceUser already exists.", ...meta(409) });
      }
      instance.users.set(id, arn);
      instance.users.set(`token:${id}`, input.ClientRequestToken ?? "");
      return { AppInstanceUserArn: arn };
    },
  );
  standIn(
    identity,
    CreateAppInstanceAdminCommand,
    async (input: { AppInstanceArn?: string; AppInstanceAdminArn?: string }) => {
      const instance = instanceOf(input.AppInstanceArn);
      if (![...instance.users.values()].includes(input.AppInstanceAdminArn ?? "")) {
        throw new IdentityNotFound({ message: "The AppInstanceUser was not found.", ...meta(404) });
      }
      instance.admins.add(input.AppInstanceAdminArn ?? "");
      return { AppInstanceArn: instance.arn, AppInstanceAdmin: { Arn: input.AppInstanceAdminArn } };
    },
  );
  standIn(
    identity,
    PutAppInstanceRetentionSettingsCommand,
    async (input: {
      AppInstanceArn?: string;
      AppInstanceRetentionSettings?: { ChannelRetentionSettings?: { RetentionDays?: number } };
    }) => {
      const instance = instanceOf(input.AppInstanceArn);
      const days = input.AppInstanceRetentionSettings?.ChannelRetentionSettings?.RetentionDays ?? 0;
      if (days < CHANNEL_RETENTION_DAYS_RANGE.min || days > CHANNEL_RETENTION_DAYS_RANGE.max) {
        throw new IdentityBadRequest({ message: "RetentionDays must be 1 to 5475.", ...meta(400) });
      }
      instance.retentionDays = days;
      return {
        AppInstanceRetentionSettings: input.AppInstanceRetentionSettings,
        InitiateDeletionTimestamp: options.now(),
      };
    },
  );

  standIn(
    messaging,
    PutMessagingStreamingConfigurationsCommand,
    async (input: { AppInstanceArn?: string; StreamingConfigurations?: StreamingConfiguration[] }) => {
      const instance = messagingInstanceOf(input.AppInstanceArn);
      for (const configuration of input.StreamingConfigurations ?? []) {
        const target = options.kinesis.stream(configuration.ResourceArn ?? "");
        if (
          !target.name.startsWith(MESSAGING_STREAM_PREFIX) ||
          target.shardCount < MESSAGING_STREAM_MIN_SHARDS ||
          !target.encrypted
        ) {
          throw badRequest(
            "The stream must be named chime-messaging-*, have at least 2 shards and server-side encryption.",
          );
        }
      }
      instance.streaming = input.StreamingConfigurations ?? [];
      return { StreamingConfigurations: instance.streaming };
    },
  );
  standIn(
    messaging,
    DeleteMessagingStreamingConfigurationsCommand,
    async (input: { AppInstanceArn?: string }) => {
      messagingInstanceOf(input.AppInstanceArn).streaming = [];
      return {};
    },
  );
  standIn(
    messaging,
    CreateChannelCommand,
    async (input: {
      AppInstanceArn?: string;
      ChannelId?: string;
      Name?: string;
      Mode?: string;
      Privacy?: string;
      ClientRequestToken?: string;
      ChimeBearer?: string;
      MemberArns?: string[];
      ModeratorArns?: string[];
    }) => {
      const instance = messagingInstanceOf(input.AppInstanceArn);
      const bearer = bearerOf(instance, input.ChimeBearer);
      if (!input.Name || !input.ClientRequestToken)
        throw badRequest("Name and ClientRequestToken are required.");
      const id = input.ChannelId ?? randomUUID();
      if (!ID.test(id)) throw badRequest("ChannelId is invalid.");
      const members = input.MemberArns ?? [];
      const moderators = input.ModeratorArns ?? [];
      if (members.length > CHANNEL_ARNS_PER_CREATE || moderators.length > CHANNEL_ARNS_PER_CREATE) {
        throw badRequest("At most 10 MemberArns and 10 ModeratorArns.");
      }
      for (const arn of [...members, ...moderators]) {
        if (![...instance.users.values()].includes(arn))
          throw notFound(`The AppInstanceUser ${arn} was not found.`);
      }
      const arn = `${instance.arn}/channel/${id}`;
      const existing = instance.channels.get(arn);
      if (existing) {
        if (existing.token !== input.ClientRequestToken)
          throw new ConflictException({ message: "The channel exists.", ...meta(409) });
        return { ChannelArn: arn };
      }
      instance.channels.set(arn, {
        arn,
        token: input.ClientRequestToken,
        mode: input.Mode ?? "UNRESTRICTED",
        privacy: input.Privacy ?? "PUBLIC",
        members: new Set([bearer.arn, ...members, ...moderators]),
        moderators: new Set([bearer.arn, ...moderators]),
        messages: new Map(),
        byToken: new Map(),
      });
      return { ChannelArn: arn };
    },
  );
  const addsMembers = (instance: LocalAppInstance, channel: LocalChannel, bearer: string | undefined) => {
    const caller = bearerOf(instance, bearer);
    const may =
      caller.admin ||
      channel.moderators.has(caller.arn) ||
      (channel.mode === "UNRESTRICTED" && channel.members.has(caller.arn));
    if (!may) throw forbidden("Only admins and moderators add members to a restricted channel.");
  };
  standIn(
    messaging,
    CreateChannelMembershipCommand,
    async (input: { ChannelArn?: string; MemberArn?: string; Type?: string; ChimeBearer?: string }) => {
      const { instance, channel } = channelOf(input.ChannelArn);
      addsMembers(instance, channel, input.ChimeBearer);
      if (![...instance.users.values()].includes(input.MemberArn ?? ""))
        throw notFound("The member was not found.");
      channel.members.add(input.MemberArn ?? "");
      return { ChannelArn: channel.arn, Member: { Arn: input.MemberArn } };
    },
  );
  standIn(
    messaging,
    CreateChannelModeratorCommand,
    async (input: { ChannelArn?: string; ChannelModeratorArn?: string; ChimeBearer?: string }) => {
      const { instance, channel } = channelOf(input.ChannelArn);
      const caller = bearerOf(instance, input.ChimeBearer);
      if (!caller.admin && !channel.moderators.has(caller.arn))
        throw forbidden("Only admins and moderators add moderators.");
      if (![...instance.users.values()].includes(input.ChannelModeratorArn ?? ""))
        throw notFound("The moderator was not found.");
      channel.moderators.add(input.ChannelModeratorArn ?? "");
      return { ChannelArn: channel.arn, ChannelModerator: { Arn: input.ChannelModeratorArn } };
    },
  );
  standIn(
    messaging,
    SendChannelMessageCommand,
    async (input: {
      ChannelArn?: string;
      Content?: string;
      Type?: string;
      Persistence?: string;
      Metadata?: string;
      ClientRequestToken?: string;
      ChimeBearer?: string;
    }) => {
      const { instance, channel } = channelOf(input.ChannelArn);
      const caller = bearerOf(instance, input.ChimeBearer);
      if (!channel.members.has(caller.arn))
        throw forbidden("The ChimeBearer is not a member of the channel.");
      if (
        !["STANDARD", "CONTROL"].includes(input.Type ?? "") ||
        !["PERSISTENT", "NON_PERSISTENT"].includes(input.Persistence ?? "")
      ) {
        throw badRequest("Type and Persistence are required.");
      }
      if (!input.ClientRequestToken) throw badRequest("ClientRequestToken is required.");
      const content = contentChecked(input.Type, input.Content);
      const known = channel.byToken.get(`${caller.arn} ${input.ClientRequestToken}`);
      if (known) return { ChannelArn: channel.arn, MessageId: known, Status: { Value: "SENT" } };
      const now = options.now();
      const message: ChannelMessage = {
        ChannelArn: channel.arn,
        MessageId: randomUUID().replaceAll("-", ""),
        Content: content,
        Metadata: input.Metadata,
        Type: input.Type as ChannelMessage["Type"],
        CreatedTimestamp: now,
        LastUpdatedTimestamp: now,
        Sender: { Arn: caller.arn, Name: caller.arn.split("/").at(-1) },
        Redacted: false,
        Persistence: input.Persistence as ChannelMessage["Persistence"],
      };
      channel.byToken.set(`${caller.arn} ${input.ClientRequestToken}`, message.MessageId ?? "");
      if (message.Persistence === "PERSISTENT") channel.messages.set(message.MessageId ?? "", message);
      await stream(instance, "CREATE_CHANNEL_MESSAGE", message);
      return { ChannelArn: channel.arn, MessageId: message.MessageId, Status: { Value: "SENT" } };
    },
  );
  const messageOf = (channel: LocalChannel, messageId: string | undefined) => {
    const message = channel.messages.get(messageId ?? "");
    if (!message) throw notFound("The message was not found.");
    return message;
  };
  standIn(
    messaging,
    GetChannelMessageCommand,
    async (input: { ChannelArn?: string; MessageId?: string; ChimeBearer?: string }) => {
      const { instance, channel } = channelOf(input.ChannelArn);
      const caller = bearerOf(instance, input.ChimeBearer);
      if (!caller.admin && !channel.members.has(caller.arn))
        throw forbidden("Only members read a private channel.");
      return { ChannelMessage: { ...messageOf(channel, input.MessageId) } };
    },
  );
  standIn(
    messaging,
    UpdateChannelMessageCommand,
    async (input: { ChannelArn?: string; MessageId?: string; Content?: string; ChimeBearer?: string }) => {
      const { instance, channel } = channelOf(input.ChannelArn);
      const caller = bearerOf(instance, input.ChimeBearer);
      const message = messageOf(channel, input.MessageId);
      if (message.Sender?.Arn !== caller.arn) throw forbidden("Only the sender edits a message.");
      if (message.Redacted) throw badRequest("A redacted message cannot be edited.");
      const now = options.now();
      Object.assign(message, {
        Content: contentChecked(message.Type, input.Content),
        LastEditedTimestamp: now,
        LastUpdatedTimestamp: now,
      });
      await stream(instance, "UPDATE_CHANNEL_MESSAGE", message);
      return { ChannelArn: channel.arn, MessageId: message.MessageId, Status: { Value: "SENT" } };
    },
  );
  standIn(
    messaging,
    RedactChannelMessageCommand,
    async (input: { ChannelArn?: string; MessageId?: string; ChimeBearer?: string }) => {
      const { instance, channel } = channelOf(input.ChannelArn);
      const caller = bearerOf(instance, input.ChimeBearer);
      const message = messageOf(channel, input.MessageId);
      const may =
        caller.admin ||
        channel.moderators.has(caller.arn) ||
        (message.Sender?.Arn === caller.arn && channel.members.has(caller.arn));
      if (!may) throw forbidden("Only the sender, a moderator or an admin redacts a message.");
      Object.assign(message, {
        Content: undefined,
        Metadata: undefined,
        Redacted: true,
        LastUpdatedTimestamp: options.now(),
      });
      await stream(instance, "REDACT_CHANNEL_MESSAGE", message);
      return { ChannelArn: channel.arn, MessageId: message.MessageId };
    },
  );
  standIn(
    messaging,
    DeleteChannelMessageCommand,
    async (input: { ChannelArn?: string; MessageId?: string; ChimeBearer?: string }) => {
      const { instance, channel } = channelOf(input.ChannelArn);
      if (!bearerOf(instance, input.ChimeBearer).admin) throw forbidden("Only admins delete messages.");
      const message = messageOf(channel, input.MessageId);
      channel.messages.delete(message.MessageId ?? "");
      await stream(instance, "DELETE_CHANNEL_MESSAGE", { ...message, Content: undefined });
      return {};
    },
  );

  return {
    /** The AppInstances made, for tests: their users, admins, retention and streaming. */
    appInstances: () => [...instances.values()],
  };
}

export type LocalChimeMessaging = ReturnType<typeof installLocalChimeMessaging>;
