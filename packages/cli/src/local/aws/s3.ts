import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  type DeleteObjectCommandInput,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectRetentionCommand,
  type S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalResources } from "../resources.js";
import { standIn } from "./stand-in.js";

/**
 * The account's AWS managed key for S3 (alias `aws/s3`), which S3 uses for a request that asks for SSE-KMS without
 * naming a key (PutObject, `x-amz-server-side-encryption-aws-kms-key-id`, API reference); S3 reports it by ARN.
 */
export const AWS_MANAGED_S3_KEY_ARN = `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/8e4d1e0c-5f1a-4b7e-9c3d-a5b0c2d4e6f8`;

/** A bucket's settings, as its template sets them. */
export interface LocalBucket {
  name: string;
  versioned: boolean;
  objectLock: { mode: "GOVERNANCE" | "COMPLIANCE"; days: number } | null;
  objectLockEnabled: boolean;
  /** Default encryption: SSE-KMS with this key, or SSE-S3 when null. */
  kmsKeyArn: string | null;
  eventBridge: boolean;
}

/** One version of an object (or a delete marker), as S3 keeps it. */
export interface ObjectVersion {
  versionId: string;
  deleteMarker: boolean;
  lastModified: string;
  size: number;
  etag: string;
  contentType: string | null;
  serverSideEncryption: "aws:kms" | "AES256";
  kmsKeyId: string | null;
  retention: { mode: "GOVERNANCE" | "COMPLIANCE"; retainUntil: string } | null;
  legalHold: "ON" | "OFF";
}

export interface LocalS3Options {
  /** `<out>/<bucket>/<key>` mirrors each key's current version; versions and their bytes sit under `<out>/.s3/`. */
  out: string;
  buckets: LocalBucket[];
  /** Marks file I/O for the virtual clock. */
  io?: <T>(work: Promise<T>) => Promise<T>;
  /** S3's EventBridge notifications, for buckets that have them on. */
  onEvent?: (event: {
    bucket: string;
    detailType: "Object Created" | "Object Deleted";
    detail: object;
  }) => Promise<void>;
}

/**
 * Amazon S3 for the local rig, behind the real S3Client: versioned buckets with the settings of their template
 * (default encryption, Object Lock default retention), every version kept, read back by VersionId, and S3's
 * refusals: a locked version cannot be deleted or have its retention shortened (GOVERNANCE only with the bypass),
 * legal holds block deletion, a delete without a version adds a delete marker. SSE is reported as stored:
 * what the request asked for, or the bucket's default.
 *
 * @example
 * const buckets = installLocalS3(mockClient(S3Client), { out, buckets: localBuckets(resources) });
 */
export function installLocalS3(mock: AwsClientStub<S3Client>, options: LocalS3Options) {
  const io = options.io ?? (<T>(work: Promise<T>) => work);
  const buckets = new Map(options.buckets.map((bucket) => [bucket.name, bucket]));
  const versionsFile = (bucket: string, key: string) =>
    join(options.out, ".s3", bucket, `${key}.versions.json`);
  const bodyFile = (bucket: string, versionId: string) =>
    join(options.out, ".s3", bucket, ".bodies", versionId);
  const mirror = (bucket: string, key: string) => join(options.out, bucket, key);
  let sequence = 0;
  const writesOf = new Map<string, Promise<unknown>>();

  /** Runs a read-modify-write of a key's versions after the ones before it, as S3 applies writes to a key in turn. */
  function inTurn<T>(bucket: string, key: string, work: () => Promise<T>): Promise<T> {
    const id = `${bucket}/${key}`;
    const result = (writesOf.get(id) ?? Promise.resolve()).then(work, work);
    const settled = result.catch(() => undefined);
    writesOf.set(id, settled);
    void settled.then(() => {
      if (writesOf.get(id) === settled) writesOf.delete(id);
    });
    return result;
  }

  const bucketOf = (name: string | undefined) => {
    const bucket = buckets.get(name ?? "");
    if (!bucket)
      throw new NoSuchBucket({ message: "The specified bucket does not exist", $metadata: status(404) });
    return bucket;
  };

  async function versionsOf(bucket: string, key: string): Promise<ObjectVersion[]> {
    const text = await io(readFile(versionsFile(bucket, key), "utf8")).catch(() => "[]");
    return JSON.parse(text) as ObjectVersion[];
  }

  async function writeVersions(bucket: string, key: string, versions: ObjectVersion[]): Promise<void> {
    await io(mkdir(dirname(versionsFile(bucket, key)), { recursive: true }));
    await io(writeFile(versionsFile(bucket, key), JSON.stringify(versions, null, 1)));
    const current = versions[0];
    if (current && !current.deleteMarker) {
      await io(mkdir(dirname(mirror(bucket, key)), { recursive: true }));
      await io(writeFile(mirror(bucket, key), await io(readFile(bodyFile(bucket, current.versionId)))));
    } else {
      await io(rm(mirror(bucket, key), { force: true }));
    }
  }

  /** The version a request names, or the current one; a delete marker reads as S3 answers it. */
  async function versionFor(
    bucket: string,
    key: string,
    versionId: string | undefined,
    notFound: () => Error,
  ): Promise<ObjectVersion> {
    const versions = await versionsOf(bucket, key);
    const version = versionId ? versions.find((v) => v.versionId === versionId) : versions[0];
    if (!version)
      throw versionId ? s3Error("NoSuchVersion", 404, "The specified version does not exist.") : notFound();
    if (version.deleteMarker) {
      throw versionId
        ? s3Error("MethodNotAllowed", 405, "The specified method is not allowed against this resource.")
        : notFound();
    }
    return version;
  }

  async function put(
    bucketName: string,
    key: string,
    body: Buffer,
    request: {
      contentType?: string;
      serverSideEncryption?: string;
      kmsKeyId?: string;
      lockMode?: string;
      retainUntil?: Date;
      legalHold?: string;
    } = {},
  ): Promise<ObjectVersion> {
    const bucket = bucketOf(bucketName);
    if ((request.lockMode === undefined) !== (request.retainUntil === undefined)) {
      throw s3Error(
        "InvalidArgument",
        400,
        "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied",
      );
    }
    if ((request.lockMode || request.legalHold) && !bucket.objectLockEnabled) {
      throw s3Error("InvalidRequest", 400, "Bucket is missing Object Lock Configuration");
    }
    const now = new Date();
    if (request.retainUntil && request.retainUntil <= now) {
      throw s3Error("InvalidArgument", 400, "The retain until date must be in the future!");
    }
    const kms = request.serverSideEncryption
      ? request.serverSideEncryption === "aws:kms"
      : bucket.kmsKeyArn !== null;
    const version: ObjectVersion = {
      versionId: versionIdOf(),
      deleteMarker: false,
      lastModified: now.toISOString(),
      size: body.length,
      etag: `"${createHash("md5").update(body).digest("hex")}"`,
      contentType: request.contentType ?? null,
      serverSideEncryption: kms ? "aws:kms" : "AES256",
      kmsKeyId: !kms
        ? null
        : (request.kmsKeyId ?? (request.serverSideEncryption ? AWS_MANAGED_S3_KEY_ARN : bucket.kmsKeyArn)),
      retention: request.lockMode
        ? { mode: request.lockMode as "GOVERNANCE", retainUntil: (request.retainUntil as Date).toISOString() }
        : bucket.objectLock
          ? {
              mode: bucket.objectLock.mode,
              retainUntil: new Date(now.getTime() + bucket.objectLock.days * 86_400_000).toISOString(),
            }
          : null,
      legalHold: request.legalHold === "ON" ? "ON" : "OFF",
    };
    await io(mkdir(dirname(bodyFile(bucket.name, version.versionId)), { recursive: true }));
    await io(writeFile(bodyFile(bucket.name, version.versionId), body));
    await inTurn(bucket.name, key, async () => {
      const versions = await versionsOf(bucket.name, key);
      await writeVersions(bucket.name, key, bucket.versioned ? [version, ...versions] : [version]);
    });
    if (bucket.eventBridge) {
      await options.onEvent?.({
        bucket: bucket.name,
        detailType: "Object Created",
        detail: {
          version: "0",
          bucket: { name: bucket.name },
          object: {
            key,
            size: version.size,
            etag: version.etag.replaceAll('"', ""),
            "version-id": version.versionId,
            sequencer: (++sequence).toString(16).padStart(16, "0").toUpperCase(),
          },
          "request-id": randomBytes(8).toString("hex").toUpperCase(),
          requester: "local",
          reason: "PutObject",
        },
      });
    }
    return version;
  }

  const locked = (version: ObjectVersion, bypassGovernance: boolean) =>
    version.legalHold === "ON" ||
    (version.retention !== null &&
      new Date(version.retention.retainUntil) > new Date() &&
      (version.retention.mode === "COMPLIANCE" || !bypassGovernance));

  standIn(mock, PutObjectCommand, async (input) => {
    const body =
      typeof input.Body === "string"
        ? Buffer.from(input.Body)
        : Buffer.from((input.Body ?? new Uint8Array()) as Uint8Array);
    const version = await put(input.Bucket ?? "", input.Key ?? "", body, {
      contentType: input.ContentType,
      serverSideEncryption: input.ServerSideEncryption,
      kmsKeyId: input.SSEKMSKeyId,
      lockMode: input.ObjectLockMode,
      retainUntil: input.ObjectLockRetainUntilDate ? new Date(input.ObjectLockRetainUntilDate) : undefined,
      legalHold: input.ObjectLockLegalHoldStatus,
    });
    return {
      VersionId: version.versionId,
      ETag: version.etag,
      ServerSideEncryption: version.serverSideEncryption,
      SSEKMSKeyId: version.kmsKeyId ?? undefined,
    };
  });

  const described = (version: ObjectVersion) => ({
    VersionId: version.versionId,
    ETag: version.etag,
    ContentLength: version.size,
    ContentType: version.contentType ?? undefined,
    LastModified: new Date(version.lastModified),
    ServerSideEncryption: version.serverSideEncryption,
    SSEKMSKeyId: version.kmsKeyId ?? undefined,
    ObjectLockMode: version.retention?.mode,
    ObjectLockRetainUntilDate: version.retention ? new Date(version.retention.retainUntil) : undefined,
    ObjectLockLegalHoldStatus: version.legalHold,
  });

  standIn(mock, HeadObjectCommand, async (input) => {
    const bucket = bucketOf(input.Bucket).name;
    return described(
      await versionFor(
        bucket,
        input.Key ?? "",
        input.VersionId,
        () => new NotFound({ message: "Not Found", $metadata: status(404) }),
      ),
    );
  });

  standIn(mock, GetObjectCommand, async (input) => {
    const bucket = bucketOf(input.Bucket).name;
    const version = await versionFor(bucket, input.Key ?? "", input.VersionId, noSuchKey);
    const body = await io(readFile(bodyFile(bucket, version.versionId)));
    return { ...described(version), Body: sdkStream(body) };
  });

  standIn(mock, DeleteObjectCommand, async (input) => {
    const bucket = bucketOf(input.Bucket);
    const key = input.Key ?? "";
    return inTurn(bucket.name, key, () => deleteObject(bucket, key, input));
  });

  async function deleteObject(bucket: LocalBucket, key: string, input: DeleteObjectCommandInput) {
    const versions = await versionsOf(bucket.name, key);
    if (!input.VersionId) {
      if (!bucket.versioned) {
        const [current] = versions;
        if (current && locked(current, false)) throw accessDenied();
        await writeVersions(bucket.name, key, []);
        return {};
      }
      const marker: ObjectVersion = {
        versionId: versionIdOf(),
        deleteMarker: true,
        lastModified: new Date().toISOString(),
        size: 0,
        etag: "",
        contentType: null,
        serverSideEncryption: "AES256",
        kmsKeyId: null,
        retention: null,
        legalHold: "OFF",
      };
      await writeVersions(bucket.name, key, [marker, ...versions]);
      return { DeleteMarker: true, VersionId: marker.versionId };
    }
    const version = versions.find((v) => v.versionId === input.VersionId);
    if (!version) return { VersionId: input.VersionId };
    if (!version.deleteMarker && locked(version, input.BypassGovernanceRetention === true))
      throw accessDenied();
    await writeVersions(
      bucket.name,
      key,
      versions.filter((v) => v !== version),
    );
    return { VersionId: version.versionId, DeleteMarker: version.deleteMarker || undefined };
  }

  /** Changes the Object Lock of one version (the current one without `versionId`), in turn with the key's writes. */
  function lockingVersion(
    input: { Bucket?: string; Key?: string; VersionId?: string },
    change: (version: ObjectVersion) => void,
  ): Promise<Record<string, never>> {
    const bucket = bucketOf(input.Bucket);
    if (!bucket.objectLockEnabled)
      throw s3Error("InvalidRequest", 400, "Bucket is missing Object Lock Configuration");
    const key = input.Key ?? "";
    return inTurn(bucket.name, key, async () => {
      const versions = await versionsOf(bucket.name, key);
      const version = await versionFor(bucket.name, key, input.VersionId, noSuchKey);
      change(version);
      await writeVersions(
        bucket.name,
        key,
        versions.map((v) => (v.versionId === version.versionId ? version : v)),
      );
      return {};
    });
  }

  standIn(mock, PutObjectRetentionCommand, async (input) =>
    lockingVersion(input, (version) => {
      const requested = input.Retention?.RetainUntilDate ? new Date(input.Retention.RetainUntilDate) : null;
      const current = version.retention;
      const shortens =
        current !== null &&
        new Date(current.retainUntil) > new Date() &&
        (requested === null ||
          requested < new Date(current.retainUntil) ||
          (current.mode === "COMPLIANCE" && input.Retention?.Mode !== "COMPLIANCE"));
      if (shortens && (current?.mode === "COMPLIANCE" || input.BypassGovernanceRetention !== true))
        throw accessDenied();
      version.retention =
        requested && input.Retention?.Mode
          ? { mode: input.Retention.Mode as "GOVERNANCE", retainUntil: requested.toISOString() }
          : null;
    }),
  );

  standIn(mock, GetObjectRetentionCommand, async (input) => {
    const bucket = bucketOf(input.Bucket).name;
    const version = await versionFor(bucket, input.Key ?? "", input.VersionId, noSuchKey);
    if (!version.retention) {
      throw s3Error(
        "NoSuchObjectLockConfiguration",
        404,
        "The specified object does not have a ObjectLock configuration",
      );
    }
    return {
      Retention: { Mode: version.retention.mode, RetainUntilDate: new Date(version.retention.retainUntil) },
    };
  });

  standIn(mock, PutObjectLegalHoldCommand, async (input) =>
    lockingVersion(input, (version) => {
      version.legalHold = input.LegalHold?.Status === "ON" ? "ON" : "OFF";
    }),
  );

  standIn(mock, GetObjectLegalHoldCommand, async (input) => {
    const bucket = bucketOf(input.Bucket).name;
    const version = await versionFor(bucket, input.Key ?? "", input.VersionId, noSuchKey);
    return { LegalHold: { Status: version.legalHold } };
  });

  standIn(mock, ListObjectVersionsCommand, async (input) => {
    const bucket = bucketOf(input.Bucket).name;
    const maxKeys = Math.min(input.MaxKeys ?? 1000, 1000);
    const keys = (await keysOf(bucket)).filter((key) => key.startsWith(input.Prefix ?? "")).sort();
    const entries: { key: string; version: ObjectVersion; latest: boolean }[] = [];
    for (const key of keys) {
      const versions = await versionsOf(bucket, key);
      for (const [index, version] of versions.entries()) entries.push({ key, version, latest: index === 0 });
    }
    let start = 0;
    if (input.KeyMarker !== undefined) {
      const marker = entries.findIndex(
        (e) => e.key === input.KeyMarker && e.version.versionId === input.VersionIdMarker,
      );
      start = marker >= 0 ? marker + 1 : entries.findIndex((e) => e.key > (input.KeyMarker as string));
      if (start < 0) start = entries.length;
    }
    const page = entries.slice(start, start + maxKeys);
    const truncated = start + maxKeys < entries.length;
    const last = page.at(-1);
    const listed = (e: (typeof entries)[number]) => ({
      Key: e.key,
      VersionId: e.version.versionId,
      IsLatest: e.latest,
      LastModified: new Date(e.version.lastModified),
    });
    return {
      Name: bucket,
      Prefix: input.Prefix,
      MaxKeys: maxKeys,
      IsTruncated: truncated,
      NextKeyMarker: truncated ? last?.key : undefined,
      NextVersionIdMarker: truncated ? last?.version.versionId : undefined,
      Versions: page
        .filter((e) => !e.version.deleteMarker)
        .map((e) => ({ ...listed(e), ETag: e.version.etag, Size: e.version.size, StorageClass: "STANDARD" })),
      DeleteMarkers: page.filter((e) => e.version.deleteMarker).map(listed),
    };
  });

  async function keysOf(bucket: string): Promise<string[]> {
    const dir = join(options.out, ".s3", bucket);
    const entries = await io(readdir(dir, { recursive: true }).catch(() => [] as string[]));
    return entries
      .map(String)
      .filter((entry) => entry.endsWith(".versions.json") && !entry.startsWith(".bodies"))
      .map((entry) => entry.slice(0, -".versions.json".length).split("\\").join("/"));
  }

  return {
    /** Writes an object as another AWS service would (Chime's sinks, Transcribe's output). */
    put,
    /** The current version of an object, or null. */
    async current(bucket: string, key: string): Promise<ObjectVersion | null> {
      const [version] = await versionsOf(bucket, key);
      return version && !version.deleteMarker ? version : null;
    },
  };
}

/** Where a run keeps its buckets' settings, so that ops commands can reopen its S3 without the stacks. */
export function bucketsFile(out: string): string {
  return join(out, ".s3", "buckets.json");
}

/** Writes the buckets' settings into the run's output directory. */
export async function writeLocalBuckets(out: string, buckets: LocalBucket[]): Promise<void> {
  await mkdir(dirname(bucketsFile(out)), { recursive: true });
  await writeFile(bucketsFile(out), JSON.stringify(buckets, null, 2));
}

/** The buckets' settings a run kept. */
export async function readLocalBuckets(out: string): Promise<LocalBucket[]> {
  return JSON.parse(await readFile(bucketsFile(out), "utf8")) as LocalBucket[];
}

/**
 * The buckets of the stacks, with the settings each template gives them: versioning, Object Lock and its
 * default retention, default encryption and EventBridge notifications.
 *
 * @example
 * const buckets = localBuckets(new LocalResources(templates));
 */
export function localBuckets(resources: LocalResources): LocalBucket[] {
  const notified = new Set(
    resources
      .ofType("Custom::S3BucketNotifications")
      .filter(
        (n) =>
          (n.properties.NotificationConfiguration as { EventBridgeConfiguration?: unknown })
            ?.EventBridgeConfiguration,
      )
      .map((n) => resources.resolveString(n.properties.BucketName, n.stack)),
  );
  return resources.ofType("AWS::S3::Bucket").map((bucket) => {
    const p = resources.resolve(bucket.properties, bucket.stack) as {
      VersioningConfiguration?: { Status?: string };
      ObjectLockEnabled?: boolean;
      ObjectLockConfiguration?: {
        Rule?: { DefaultRetention?: { Mode: string; Days?: number; Years?: number } };
      };
      BucketEncryption?: {
        ServerSideEncryptionConfiguration?: {
          ServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string };
        }[];
      };
      NotificationConfiguration?: { EventBridgeConfiguration?: unknown };
    };
    const retention = p.ObjectLockConfiguration?.Rule?.DefaultRetention;
    const encryption =
      p.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
    return {
      name: bucket.name,
      versioned: p.VersioningConfiguration?.Status === "Enabled",
      objectLockEnabled: p.ObjectLockEnabled === true,
      objectLock: retention
        ? { mode: retention.Mode as "GOVERNANCE", days: retention.Days ?? (retention.Years ?? 0) * 365 }
        : null,
      kmsKeyArn: encryption?.SSEAlgorithm === "aws:kms" ? (encryption.KMSMasterKeyID ?? null) : null,
      eventBridge:
        notified.has(bucket.name) || p.NotificationConfiguration?.EventBridgeConfiguration !== undefined,
    };
  });
}

function status(httpStatusCode: number) {
  return { httpStatusCode };
}

function s3Error(name: string, httpStatusCode: number, message: string): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: status(httpStatusCode),
    message,
  });
}

function accessDenied(): S3ServiceException {
  return s3Error("AccessDenied", 403, "Access Denied because object protected by object lock.");
}

function noSuchKey(): NoSuchKey {
  return new NoSuchKey({ message: "The specified key does not exist.", $metadata: status(404) });
}

/** S3 version ids: 32 URL-safe characters. */
function versionIdOf(): string {
  return randomBytes(24).toString("base64url").slice(0, 32);
}

/** The SDK's streaming body shape: a Readable with the `transformTo*` methods. */
function sdkStream(body: Buffer) {
  return Object.assign(Readable.from([body]), {
    transformToString: async (encoding?: BufferEncoding) => body.toString(encoding ?? "utf8"),
    transformToByteArray: async () => new Uint8Array(body),
    transformToWebStream: () => Readable.toWeb(Readable.from([body])),
  });
}
