import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectRetentionCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { RETENTION_DAYS } from "@medpipe/core/retention";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { standIn } from "./stand-in.js";

/** What a real bucket would keep beside an object: version, encryption and Object Lock state. */
export interface ObjectMetadata {
  versionId: string;
  serverSideEncryption: "aws:kms";
  kmsKeyId: string;
  contentType: string | null;
  lockMode: "GOVERNANCE" | "COMPLIANCE";
  retainUntil: string;
  legalHold: "ON" | "OFF";
  lastModified: string;
}

export interface LocalBuckets {
  /** `<out>/<bucket>/<key>` holds the latest version's bytes; metadata sits under `<out>/.s3/`. */
  out: string;
  kmsKeyArn: string;
  lockMode: "GOVERNANCE" | "COMPLIANCE";
  /** Called after every object is written, as S3's EventBridge notifications would be. */
  onObjectCreated?: (bucket: string, key: string, metadata: ObjectMetadata, size: number) => Promise<void>;
}

/**
 * A file-backed stand-in for the pipeline's S3 buckets behind the real S3Client: objects land in
 * `<out>/<bucket>/<key>` with the bucket defaults of the Storage stack (SSE-KMS with the customer managed key,
 * Object Lock retention of seven years from creation unless the request sets its own).
 */
export function installLocalS3(mock: AwsClientStub<S3Client>, buckets: LocalBuckets) {
  const path = (bucket: string, key: string) => join(buckets.out, bucket, key);
  const metaPath = (bucket: string, key: string) => join(buckets.out, ".s3", bucket, `${key}.json`);

  async function put(
    bucket: string,
    key: string,
    body: Buffer,
    options: { contentType?: string; lockMode?: string; retainUntil?: Date; kmsKeyId?: string } = {},
  ) {
    const now = new Date();
    const metadata: ObjectMetadata = {
      versionId: versionIdOf(bucket, key, body, now),
      serverSideEncryption: "aws:kms",
      kmsKeyId: options.kmsKeyId ?? buckets.kmsKeyArn,
      contentType: options.contentType ?? null,
      lockMode: (options.lockMode as ObjectMetadata["lockMode"]) ?? buckets.lockMode,
      retainUntil: (
        options.retainUntil ?? new Date(now.getTime() + RETENTION_DAYS * 86_400_000)
      ).toISOString(),
      legalHold: "OFF",
      lastModified: now.toISOString(),
    };
    await mkdir(dirname(path(bucket, key)), { recursive: true });
    await writeFile(path(bucket, key), body);
    await writeMetadata(bucket, key, metadata);
    await buckets.onObjectCreated?.(bucket, key, metadata, body.length);
    return metadata;
  }

  async function writeMetadata(bucket: string, key: string, metadata: ObjectMetadata) {
    await mkdir(dirname(metaPath(bucket, key)), { recursive: true });
    await writeFile(metaPath(bucket, key), JSON.stringify(metadata, null, 2));
  }

  async function head(bucket: string, key: string): Promise<ObjectMetadata | null> {
    try {
      return JSON.parse(await readFile(metaPath(bucket, key), "utf8")) as ObjectMetadata;
    } catch {
      return null;
    }
  }

  standIn(mock, PutObjectCommand, async (input) => {
    if (input.ServerSideEncryption && input.ServerSideEncryption !== "aws:kms") {
      throw new Error(`local S3 only accepts aws:kms, not ${input.ServerSideEncryption}`);
    }
    const body =
      typeof input.Body === "string" ? Buffer.from(input.Body) : Buffer.from(input.Body as Uint8Array);
    const metadata = await put(input.Bucket ?? "", input.Key ?? "", body, {
      contentType: input.ContentType,
      lockMode: input.ObjectLockMode,
      retainUntil: input.ObjectLockRetainUntilDate ? new Date(input.ObjectLockRetainUntilDate) : undefined,
      kmsKeyId: input.SSEKMSKeyId,
    });
    return { VersionId: metadata.versionId, ServerSideEncryption: "aws:kms", SSEKMSKeyId: metadata.kmsKeyId };
  });

  standIn(mock, HeadObjectCommand, async (input) => {
    const metadata = await head(input.Bucket ?? "", input.Key ?? "");
    if (!metadata) throw new NotFound({ message: "Not Found", $metadata: { httpStatusCode: 404 } });
    return {
      VersionId: metadata.versionId,
      ServerSideEncryption: metadata.serverSideEncryption,
      SSEKMSKeyId: metadata.kmsKeyId,
      ContentType: metadata.contentType ?? undefined,
      ObjectLockMode: metadata.lockMode,
      ObjectLockRetainUntilDate: new Date(metadata.retainUntil),
      ObjectLockLegalHoldStatus: metadata.legalHold,
    };
  });

  standIn(mock, GetObjectCommand, async (input) => {
    const metadata = await head(input.Bucket ?? "", input.Key ?? "");
    if (!metadata) throw new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} });
    const body = await readFile(path(input.Bucket ?? "", input.Key ?? ""));
    return {
      Body: sdkStream(body),
      VersionId: metadata.versionId,
      ContentType: metadata.contentType ?? undefined,
    };
  });

  standIn(mock, PutObjectRetentionCommand, async (input) => {
    const metadata = await head(input.Bucket ?? "", input.Key ?? "");
    if (!metadata) throw new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} });
    const requested = input.Retention?.RetainUntilDate ? new Date(input.Retention.RetainUntilDate) : null;
    if (metadata.lockMode === "COMPLIANCE" && requested && requested < new Date(metadata.retainUntil)) {
      throw new Error("AccessDenied: COMPLIANCE retention cannot be shortened");
    }
    await writeMetadata(input.Bucket ?? "", input.Key ?? "", {
      ...metadata,
      lockMode: (input.Retention?.Mode as ObjectMetadata["lockMode"]) ?? metadata.lockMode,
      retainUntil: requested?.toISOString() ?? metadata.retainUntil,
    });
    return {};
  });

  standIn(mock, PutObjectLegalHoldCommand, async (input) => {
    const metadata = await head(input.Bucket ?? "", input.Key ?? "");
    if (!metadata) throw new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} });
    await writeMetadata(input.Bucket ?? "", input.Key ?? "", {
      ...metadata,
      legalHold: input.LegalHold?.Status === "ON" ? "ON" : "OFF",
    });
    return {};
  });

  return { put, head };
}

function versionIdOf(bucket: string, key: string, body: Buffer, at: Date): string {
  return createHash("sha256")
    .update(`${bucket}/${key}`)
    .update(body)
    .update(at.toISOString())
    .update(randomUUID())
    .digest("base64url")
    .slice(0, 32);
}

/** The SDK's streaming body shape: a Readable with the `transformTo*` methods. */
function sdkStream(body: Buffer) {
  return Object.assign(Readable.from([body]), {
    transformToString: async (encoding?: BufferEncoding) => body.toString(encoding ?? "utf8"),
    transformToByteArray: async () => new Uint8Array(body),
    transformToWebStream: () => Readable.toWeb(Readable.from([body])),
  });
}
