import {
  ListObjectVersionsCommand,
  NoSuchBucket,
  NoSuchKey,
  PutObjectLegalHoldCommand,
  type S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { AwsClientStub } from "aws-sdk-client-mock";

/** Test scaffolding: versioned, Object Lock enabled buckets behind aws-sdk-client-mock. Used by tests only. */

interface Version {
  key: string;
  versionId: string;
  deleteMarker: boolean;
  legalHold: "ON" | "OFF";
}

/** ListObjectVersions returns at most 1,000 versions and delete markers a page, whatever MaxKeys asks. */
const MAX_KEYS = 1000;

/**
 * Buckets as S3 keeps them for ListObjectVersions and PutObjectLegalHold (S3 API reference): every write a new
 * version, listed by key and newest version first, paged by KeyMarker and VersionIdMarker at 1,000 entries; a
 * legal hold per version, refused on a bucket without Object Lock (`InvalidRequest`), on an unknown key
 * (`NoSuchKey`) or version (`NoSuchVersion`).
 *
 * @example
 * const buckets = new VersionedBuckets(["recordings"]); buckets.install(mockClient(S3Client)); buckets.put("recordings", "k");
 */
export class VersionedBuckets {
  private readonly buckets = new Map<string, { objectLock: boolean; versions: Version[] }>();
  private written = 0;

  constructor(names: string[], options: { objectLock?: boolean } = {}) {
    for (const name of names)
      this.buckets.set(name, { objectLock: options.objectLock ?? true, versions: [] });
  }

  /** Writes a new version of the object; returns its version id. */
  put(bucket: string, key: string): string {
    const versionId = `v${String(++this.written).padStart(6, "0")}`;
    this.bucket(bucket).versions.push({ key, versionId, deleteMarker: false, legalHold: "OFF" });
    return versionId;
  }

  /** Deletes the object without a version id: S3 adds a delete marker and keeps every version. */
  deleteObject(bucket: string, key: string): void {
    const versionId = `v${String(++this.written).padStart(6, "0")}`;
    this.bucket(bucket).versions.push({ key, versionId, deleteMarker: true, legalHold: "OFF" });
  }

  /** Every version under legal hold, as `<bucket>/<key>?<versionId>`. */
  held(): string[] {
    return [...this.buckets].flatMap(([name, { versions }]) =>
      versions.filter((v) => v.legalHold === "ON").map((v) => `${name}/${v.key}?${v.versionId}`),
    );
  }

  install(s3: AwsClientStub<S3Client>): void {
    s3.on(ListObjectVersionsCommand).callsFake(async (input) => {
      const { versions } = this.bucket(input.Bucket ?? "");
      const listed = this.ordered(versions).filter((v) => v.key.startsWith(input.Prefix ?? ""));
      let start = 0;
      if (input.KeyMarker !== undefined) {
        const marker = input.VersionIdMarker
          ? listed.findIndex((v) => v.key === input.KeyMarker && v.versionId === input.VersionIdMarker)
          : listed.findLastIndex((v) => v.key === input.KeyMarker);
        start = marker >= 0 ? marker + 1 : listed.findIndex((v) => v.key > (input.KeyMarker ?? ""));
        if (start < 0) start = listed.length;
      }
      const page = listed.slice(start, start + Math.min(input.MaxKeys ?? MAX_KEYS, MAX_KEYS));
      const last = page.at(-1);
      const truncated = start + page.length < listed.length;
      return {
        IsTruncated: truncated,
        NextKeyMarker: truncated ? last?.key : undefined,
        NextVersionIdMarker: truncated ? last?.versionId : undefined,
        Versions: page
          .filter((v) => !v.deleteMarker)
          .map((v) => ({ Key: v.key, VersionId: v.versionId, IsLatest: this.isLatest(versions, v) })),
        DeleteMarkers: page
          .filter((v) => v.deleteMarker)
          .map((v) => ({ Key: v.key, VersionId: v.versionId, IsLatest: this.isLatest(versions, v) })),
      };
    });
    s3.on(PutObjectLegalHoldCommand).callsFake(async (input) => {
      const bucket = this.bucket(input.Bucket ?? "");
      if (!bucket.objectLock) throw s3Error("InvalidRequest", "Bucket is missing Object Lock Configuration");
      const ofKey = bucket.versions.filter((v) => v.key === input.Key);
      if (ofKey.length === 0)
        throw new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} });
      const version = input.VersionId ? ofKey.find((v) => v.versionId === input.VersionId) : ofKey.at(-1);
      if (!version || version.deleteMarker) {
        throw s3Error("NoSuchVersion", "The specified version does not exist.");
      }
      version.legalHold = input.LegalHold?.Status === "ON" ? "ON" : "OFF";
      return {};
    });
  }

  private bucket(name: string) {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new NoSuchBucket({ message: "The specified bucket does not exist", $metadata: {} });
    return bucket;
  }

  /** By key, then newest version first, as ListObjectVersions lists them. */
  private ordered(versions: Version[]): Version[] {
    return versions
      .map((v, written) => ({ v, written }))
      .sort((a, b) => (a.v.key === b.v.key ? b.written - a.written : a.v.key < b.v.key ? -1 : 1))
      .map(({ v }) => v);
  }

  private isLatest(versions: Version[], version: Version): boolean {
    return versions.filter((v) => v.key === version.key).at(-1) === version;
  }
}

function s3Error(name: string, message: string): S3ServiceException {
  return new S3ServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 400 } });
}
