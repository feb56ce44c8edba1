import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectRetentionCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AWS_MANAGED_S3_KEY_ARN, installLocalS3, type LocalBucket } from "./s3.js";

const KEY = "arn:aws:kms:eu-west-1:000000000000:key/0f6f6e57-4a5e-4b8e-9d3e-2c1f6a7b8c9d";
const OTHER_KEY = "arn:aws:kms:eu-west-1:000000000000:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const locked = (name: string, mode: "GOVERNANCE" | "COMPLIANCE"): LocalBucket => ({
  name,
  versioned: true,
  objectLockEnabled: true,
  objectLock: { mode, days: 1 },
  kmsKeyArn: KEY,
  eventBridge: false,
});
const BUCKETS: LocalBucket[] = [
  locked("governance", "GOVERNANCE"),
  locked("compliance", "COMPLIANCE"),
  {
    name: "plain",
    versioned: true,
    objectLockEnabled: false,
    objectLock: null,
    kmsKeyArn: null,
    eventBridge: false,
  },
];
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

describe("the local S3", () => {
  let mock: AwsClientStub<S3Client>;
  const s3 = new S3Client({ region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
  const put = async (Bucket: string, Key: string, Body: string, extra: Record<string, unknown> = {}) =>
    (await s3.send(new PutObjectCommand({ Bucket, Key, Body, ...extra }))).VersionId as string;
  const read = async (Bucket: string, Key: string, VersionId?: string) =>
    (await s3.send(new GetObjectCommand({ Bucket, Key, VersionId }))).Body?.transformToString();
  const refusal = (name: string, httpStatusCode: number) => ({ name, $metadata: { httpStatusCode } });
  // S3 refuses a change to a version Object Lock protects with 403 AccessDenied (docs.aws.amazon.com/AmazonS3/latest/
  // userguide/object-lock.html; DeleteObject and PutObjectRetention in the API reference).
  const accessDenied = refusal("AccessDenied", 403);

  beforeEach(async () => {
    mock?.restore();
    mock = mockClient(S3Client);
    installLocalS3(mock, { out: await mkdtemp(join(tmpdir(), "medpipe-s3-")), buckets: BUCKETS });
  });
  afterAll(() => mock.restore());

  describe("versioning", () => {
    it("keeps every version of a key and reads each back by its VersionId", async () => {
      const first = await put("plain", "a.txt", "first");
      const second = await put("plain", "a.txt", "second");
      expect(first).not.toBe(second);
      expect(await read("plain", "a.txt")).toBe("second");
      expect(await read("plain", "a.txt", first)).toBe("first");
      const head = await s3.send(new HeadObjectCommand({ Bucket: "plain", Key: "a.txt", VersionId: first }));
      expect(head).toMatchObject({ VersionId: first, ContentLength: 5 });
    });

    it("answers a delete without a VersionId with a delete marker, keeping the versions under it", async () => {
      const version = await put("governance", "a.txt", "kept");
      const deleted = await s3.send(new DeleteObjectCommand({ Bucket: "governance", Key: "a.txt" }));
      expect(deleted).toMatchObject({ DeleteMarker: true, VersionId: expect.any(String) });
      await expect(read("governance", "a.txt")).rejects.toMatchObject(refusal("NoSuchKey", 404));
      await expect(
        s3.send(new HeadObjectCommand({ Bucket: "governance", Key: "a.txt" })),
      ).rejects.toMatchObject(refusal("NotFound", 404));
      expect(await read("governance", "a.txt", version)).toBe("kept");
      // A delete marker holds no data: reading it by its id is not allowed.
      await expect(read("governance", "a.txt", deleted.VersionId)).rejects.toMatchObject(
        refusal("MethodNotAllowed", 405),
      );
      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: "governance" }));
      expect(listed.DeleteMarkers).toEqual([
        expect.objectContaining({ Key: "a.txt", VersionId: deleted.VersionId, IsLatest: true }),
      ]);
      expect(listed.Versions).toEqual([expect.objectContaining({ VersionId: version, IsLatest: false })]);
      // Removing the marker by its id brings the object back.
      await s3.send(
        new DeleteObjectCommand({ Bucket: "governance", Key: "a.txt", VersionId: deleted.VersionId }),
      );
      expect(await read("governance", "a.txt")).toBe("kept");
    });

    it("keeps every version of concurrent writes to one key, exactly one of them the latest", async () => {
      const ids = await Promise.all(
        Array.from({ length: 20 }, (_, i) => put("plain", "busy.json", JSON.stringify({ i }))),
      );
      const { Versions = [] } = await s3.send(new ListObjectVersionsCommand({ Bucket: "plain" }));
      expect(Versions.map((v) => v.VersionId).sort()).toEqual([...ids].sort());
      expect(Versions.filter((v) => v.IsLatest)).toHaveLength(1);
      const bodies = await Promise.all(ids.map((id) => read("plain", "busy.json", id)));
      expect(bodies).toEqual(ids.map((_, i) => JSON.stringify({ i })));
    });

    it("pages ListObjectVersions by key and version markers, each version once, keys in order, newest first", async () => {
      const written: Record<string, string[]> = { a: [], b: [], c: [] };
      for (const key of ["c", "a", "b"]) {
        for (let n = 0; n < 3; n++) written[key]?.unshift(await put("plain", key, `${key}${n}`));
      }
      const marker = (await s3.send(new DeleteObjectCommand({ Bucket: "plain", Key: "b" })))
        .VersionId as string;
      await put("plain", "other/x", "not under the prefix");
      const pages: ListObjectVersionsCommandOutput[] = [];
      let next: { KeyMarker?: string; VersionIdMarker?: string } = {};
      do {
        const page = await s3.send(new ListObjectVersionsCommand({ Bucket: "plain", MaxKeys: 3, ...next }));
        pages.push(page);
        next = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
      } while (pages.at(-1)?.IsTruncated);
      // In key order, each key's versions newest first (delete markers among them): S3's listing order.
      const expected = [
        ...(written.a ?? []).map((id) => ({ key: "a", id })),
        { key: "b", id: marker },
        ...(written.b ?? []).map((id) => ({ key: "b", id })),
        ...(written.c ?? []).map((id) => ({ key: "c", id })),
      ];
      const otherX = pages.flatMap((p) => p.Versions ?? []).find((v) => v.Key === "other/x")?.VersionId;
      expected.push({ key: "other/x", id: otherX as string });
      const position = (e: { Key?: string; VersionId?: string }) =>
        expected.findIndex((x) => x.key === e.Key && x.id === e.VersionId);
      // Each page holds the next run of the listing (a page gives versions and delete markers apart).
      const entries = pages.flatMap((page) =>
        [...(page.DeleteMarkers ?? []), ...(page.Versions ?? [])].map(position).sort((x, y) => x - y),
      );
      expect(entries).toEqual(expected.map((_, i) => i));
      expect(pages.map((p) => (p.Versions?.length ?? 0) + (p.DeleteMarkers?.length ?? 0))).toEqual([
        3, 3, 3, 2,
      ]);
      expect(pages.map((p) => p.IsTruncated)).toEqual([true, true, true, false]);
      const prefixed = await s3.send(new ListObjectVersionsCommand({ Bucket: "plain", Prefix: "other/" }));
      expect(prefixed.Versions?.map((v) => v.Key)).toEqual(["other/x"]);
    });
  });

  describe("Object Lock", () => {
    it("locks each new version for the bucket's default retention, or the retention the request sets", async () => {
      const before = Date.now();
      const byDefault = await put("compliance", "a.txt", "x");
      const { Retention } = await s3.send(
        new GetObjectRetentionCommand({ Bucket: "compliance", Key: "a.txt", VersionId: byDefault }),
      );
      expect(Retention?.Mode).toBe("COMPLIANCE");
      expect(Retention?.RetainUntilDate?.getTime()).toBeGreaterThanOrEqual(before + 86_400_000);
      const until = inDays(30);
      const requested = await put("governance", "b.txt", "y", {
        ObjectLockMode: "COMPLIANCE",
        ObjectLockRetainUntilDate: until,
      });
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: "governance", Key: "b.txt", VersionId: requested }),
      );
      expect(head).toMatchObject({ ObjectLockMode: "COMPLIANCE", ObjectLockRetainUntilDate: until });
      await expect(
        s3.send(new GetObjectRetentionCommand({ Bucket: "plain", Key: "none" })),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    });

    it("refuses to delete a version under GOVERNANCE retention unless the request bypasses governance", async () => {
      const version = await put("governance", "a.txt", "x");
      const remove = (bypass: boolean) =>
        s3.send(
          new DeleteObjectCommand({
            Bucket: "governance",
            Key: "a.txt",
            VersionId: version,
            BypassGovernanceRetention: bypass,
          }),
        );
      await expect(remove(false)).rejects.toMatchObject(accessDenied);
      expect(await read("governance", "a.txt", version)).toBe("x");
      await expect(remove(true)).resolves.toMatchObject({ VersionId: version });
      await expect(read("governance", "a.txt", version)).rejects.toMatchObject({
        $metadata: { httpStatusCode: 404 },
      });
    });

    it("never deletes a version under COMPLIANCE retention, bypass or not", async () => {
      const version = await put("compliance", "a.txt", "x");
      for (const BypassGovernanceRetention of [false, true]) {
        await expect(
          s3.send(
            new DeleteObjectCommand({
              Bucket: "compliance",
              Key: "a.txt",
              VersionId: version,
              BypassGovernanceRetention,
            }),
          ),
        ).rejects.toMatchObject(accessDenied);
      }
      expect(await read("compliance", "a.txt", version)).toBe("x");
    });

    it("refuses to shorten or weaken a retention (GOVERNANCE only with the bypass, COMPLIANCE never), and lets it be extended", async () => {
      const retain = (
        Bucket: string,
        VersionId: string,
        Mode: "GOVERNANCE" | "COMPLIANCE",
        days: number,
        bypass = false,
      ) =>
        s3.send(
          new PutObjectRetentionCommand({
            Bucket,
            Key: "a.txt",
            VersionId,
            Retention: { Mode, RetainUntilDate: inDays(days) },
            BypassGovernanceRetention: bypass,
          }),
        );
      const governed = await put("governance", "a.txt", "x", {
        ObjectLockMode: "GOVERNANCE",
        ObjectLockRetainUntilDate: inDays(10),
      });
      await expect(retain("governance", governed, "GOVERNANCE", 5)).rejects.toMatchObject(accessDenied);
      await expect(retain("governance", governed, "GOVERNANCE", 5, true)).resolves.toBeDefined();
      await expect(retain("governance", governed, "GOVERNANCE", 20)).resolves.toBeDefined();
      // Turning GOVERNANCE into COMPLIANCE only strengthens the lock.
      await expect(retain("governance", governed, "COMPLIANCE", 20)).resolves.toBeDefined();

      const complied = await put("compliance", "a.txt", "y", {
        ObjectLockMode: "COMPLIANCE",
        ObjectLockRetainUntilDate: inDays(10),
      });
      await expect(retain("compliance", complied, "COMPLIANCE", 5, true)).rejects.toMatchObject(accessDenied);
      await expect(retain("compliance", complied, "GOVERNANCE", 10, true)).rejects.toMatchObject(
        accessDenied,
      );
      await expect(retain("compliance", complied, "COMPLIANCE", 30)).resolves.toBeDefined();
      const { Retention } = await s3.send(
        new GetObjectRetentionCommand({ Bucket: "compliance", Key: "a.txt", VersionId: complied }),
      );
      expect(Retention?.Mode).toBe("COMPLIANCE");
      expect(Retention?.RetainUntilDate?.getTime()).toBeGreaterThan(inDays(29).getTime());
    });

    it("refuses to delete a version under legal hold, even with the bypass, until the hold is released", async () => {
      const version = await put("governance", "a.txt", "x");
      const hold = (Status: "ON" | "OFF") =>
        s3.send(
          new PutObjectLegalHoldCommand({
            Bucket: "governance",
            Key: "a.txt",
            VersionId: version,
            LegalHold: { Status },
          }),
        );
      const remove = () =>
        s3.send(
          new DeleteObjectCommand({
            Bucket: "governance",
            Key: "a.txt",
            VersionId: version,
            BypassGovernanceRetention: true,
          }),
        );
      await hold("ON");
      expect(
        await s3.send(
          new GetObjectLegalHoldCommand({ Bucket: "governance", Key: "a.txt", VersionId: version }),
        ),
      ).toMatchObject({ LegalHold: { Status: "ON" } });
      await expect(remove()).rejects.toMatchObject(accessDenied);
      await hold("OFF");
      await expect(remove()).resolves.toMatchObject({ VersionId: version });
    });

    it("refuses retention and legal holds on a bucket without Object Lock, and a retain-until date in the past", async () => {
      const version = await put("plain", "a.txt", "x");
      await expect(
        s3.send(
          new PutObjectLegalHoldCommand({
            Bucket: "plain",
            Key: "a.txt",
            VersionId: version,
            LegalHold: { Status: "ON" },
          }),
        ),
      ).rejects.toMatchObject(refusal("InvalidRequest", 400));
      await expect(
        put("plain", "b.txt", "y", { ObjectLockMode: "GOVERNANCE", ObjectLockRetainUntilDate: inDays(1) }),
      ).rejects.toMatchObject(refusal("InvalidRequest", 400));
      await expect(
        put("governance", "c.txt", "z", {
          ObjectLockMode: "GOVERNANCE",
          ObjectLockRetainUntilDate: inDays(-1),
        }),
      ).rejects.toMatchObject(refusal("InvalidArgument", 400));
    });
  });

  describe("server-side encryption, reported as stored", () => {
    const stored = async (Bucket: string, Key: string, extra: Record<string, unknown>) => {
      const answer = await s3.send(new PutObjectCommand({ Bucket, Key, Body: "x", ...extra }));
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key }));
      expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual([
        answer.ServerSideEncryption,
        answer.SSEKMSKeyId,
      ]);
      return [head.ServerSideEncryption, head.SSEKMSKeyId];
    };

    it("is the bucket's default when the request asks for none", async () => {
      expect(await stored("governance", "a", {})).toEqual(["aws:kms", KEY]);
      expect(await stored("plain", "a", {})).toEqual(["AES256", undefined]);
    });

    it("is what the request asked for, not the bucket's default", async () => {
      expect(await stored("governance", "b", { ServerSideEncryption: "AES256" })).toEqual([
        "AES256",
        undefined,
      ]);
      expect(
        await stored("governance", "c", { ServerSideEncryption: "aws:kms", SSEKMSKeyId: OTHER_KEY }),
      ).toEqual(["aws:kms", OTHER_KEY]);
      expect(await stored("plain", "d", { ServerSideEncryption: "aws:kms", SSEKMSKeyId: KEY })).toEqual([
        "aws:kms",
        KEY,
      ]);
    });

    // "If you specify x-amz-server-side-encryption:aws:kms ... but do not provide
    // x-amz-server-side-encryption-aws-kms-key-id, Amazon S3 uses the AWS managed key (aws/s3)" (PutObject, API
    // reference): not the bucket's default customer managed key.
    it("is the AWS managed key when the request asks for SSE-KMS without naming a key", async () => {
      expect(await stored("governance", "e", { ServerSideEncryption: "aws:kms" })).toEqual([
        "aws:kms",
        AWS_MANAGED_S3_KEY_ARN,
      ]);
    });
  });
});
