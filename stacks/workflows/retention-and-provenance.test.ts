import {
  DetectEntitiesV2Command,
  InferICD10CMCommand,
  InferRxNormCommand,
  InferSNOMEDCTCommand,
} from "@aws-sdk/client-comprehendmedical";
import { GetObjectCommand, GetObjectRetentionCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { EntitiesDocument } from "@medpipe/core/entities";
import { capturePrefix, concatenationPrefix } from "@medpipe/core/recording";
import { listMeetingVersions } from "@medpipe/core/retention";
import type { StoredObject } from "@medpipe/core/sink";
import { tables } from "@medpipe/core/sink";
import { deliverInTurn, type Rig, startRig } from "@medpipe/testing/rig";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { consultBundle } from "../../packages/cli/src/consult/bundle.js";
import { behavioursOf, type CommandClass } from "../../packages/cli/src/local/aws/stand-in.js";
import { STANDIN_MODEL_VERSION } from "../../packages/cli/src/local/comprehend-standin.js";
import { LOCAL_BUCKETS, type LocalPipeline } from "../../packages/cli/src/local/pipeline.js";

// Issue 12, items 9 and 10: after a whole consult, the database and S3 agree on how long each object is kept, and
// every entity names the model that coded it.
const consult = consultBundle({ minutes: 3, seed: 11, startedAt: new Date("2026-03-02T09:00:00Z") });
const events = Object.entries(consult.events)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, event]) => event as { detail: { meetingId?: string } });
const meetingId = events[0]?.detail.meetingId as string;
const s3 = new S3Client({ region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });

describe("what a consult leaves behind on the rig", () => {
  let rig: Rig;
  let pipeline: LocalPipeline;
  const rows = async (table: string, columns: string) => {
    const db = createClient(rig.supabase.url, rig.supabase.serviceRoleKey, {
      auth: { persistSession: false },
    });
    const { data, error } = await db.from(table).select(columns);
    if (error) throw new Error(`${table}: ${error.message}`);
    return data as unknown as Record<string, string | null>[];
  };
  /** The retain-until date S3 enforces on a version, as HeadObject and GetObjectRetention both report it. */
  const lockedUntil = async ({ bucket, key, versionId }: StoredObject) => {
    const version = { Bucket: bucket, Key: key, VersionId: versionId ?? undefined };
    const head = await s3.send(new HeadObjectCommand(version));
    const { Retention } = await s3.send(new GetObjectRetentionCommand(version));
    expect(head.ObjectLockRetainUntilDate).toEqual(Retention?.RetainUntilDate);
    expect(head.ObjectLockMode).toBe(Retention?.Mode);
    return Retention?.RetainUntilDate?.getTime();
  };
  const at = (value: string | null | undefined) => (value ? Date.parse(value) : Number.NaN);

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => rig.stop());
  beforeEach(async () => {
    await rig.reset();
    pipeline = await rig.pipeline({ transcript: consult.transcribeOutput });
  });

  it("keeps every object of the consult locked in S3 until the date the database records for it", async () => {
    await deliverInTurn(pipeline, ...events);
    expect(pipeline.executions.filter((e) => e.status !== "SUCCEEDED")).toEqual([]);
    const objects = await listMeetingVersions(s3, LOCAL_BUCKETS, meetingId);
    const chunks = objects.filter((o) => o.key.startsWith(`${capturePrefix(meetingId)}/`));
    const concatenated = objects.filter((o) => o.key.startsWith(`${concatenationPrefix(meetingId)}/`));
    expect(chunks.length).toBeGreaterThan(0);
    expect(concatenated).toHaveLength(1);
    const recordings = await rows(tables.recordings, "bucket, key, version_id, retain_until");
    expect(recordings).toHaveLength(1);
    for (const row of recordings) {
      const object = { bucket: String(row.bucket), key: String(row.key), versionId: row.version_id ?? null };
      expect(objects).toContainEqual(object);
      expect(await lockedUntil(object)).toBe(at(row.retain_until));
    }
    const [transcript] = await rows(
      tables.transcripts,
      "bucket, key, version_id, retain_until, entities_bucket, entities_key, entities_version_id, entities_retain_until",
    );
    const transcriptObject = {
      bucket: String(transcript?.bucket),
      key: String(transcript?.key),
      versionId: transcript?.version_id ?? null,
    };
    const entitiesObject = {
      bucket: String(transcript?.entities_bucket),
      key: String(transcript?.entities_key),
      versionId: transcript?.entities_version_id ?? null,
    };
    expect(objects).toEqual(expect.arrayContaining([transcriptObject, entitiesObject]));
    expect(await lockedUntil(transcriptObject)).toBe(at(transcript?.retain_until));
    expect(await lockedUntil(entitiesObject)).toBe(at(transcript?.entities_retain_until));
    // Capture chunks have no row of their own: the meeting is kept (and swept) by its rows' dates, which must not
    // end before any chunk's lock does.
    const recorded = Math.max(...recordings.map((row) => at(row.retain_until)));
    for (const chunk of chunks) expect(await lockedUntil(chunk)).toBeLessThanOrEqual(recorded);
    // Every object the consult wrote is one of these.
    expect(objects.length).toBe(chunks.length + concatenated.length + 2);
  });

  it("names the model that coded each entity, medpipe-offline-standin locally, in the document and in every row", async () => {
    await deliverInTurn(pipeline, ...events);
    const document = await entitiesDocument();
    expect(document.entities.length).toBeGreaterThan(0);
    expect(new Set(document.entities.map((e) => e.modelVersion))).toEqual(new Set([STANDIN_MODEL_VERSION]));
    for (const usage of Object.values(document.comprehend))
      expect(usage.modelVersions).toEqual([STANDIN_MODEL_VERSION]);
    const entities = await rows(tables.medicalEntities, "model_version");
    expect(entities).toHaveLength(document.entities.length);
    expect(new Set(entities.map((row) => row.model_version))).toEqual(new Set([STANDIN_MODEL_VERSION]));
  });

  it("records no model version for an entity whose API reported none", async () => {
    const comprehend = pipeline.aws.comprehend;
    if (!comprehend) throw new Error("the rig runs the offline Comprehend Medical stand-in");
    const commands: CommandClass[] = [
      DetectEntitiesV2Command,
      InferICD10CMCommand,
      InferRxNormCommand,
      InferSNOMEDCTCommand,
    ];
    for (const command of commands) {
      const answer = behavioursOf(comprehend).get(command);
      comprehend.on(command as typeof DetectEntitiesV2Command).callsFake(async (input: unknown) => {
        const { ModelVersion: _, ...withoutModel } = (await answer?.(input)) as Record<string, unknown>;
        return withoutModel;
      });
    }
    await deliverInTurn(pipeline, ...events);
    const document = await entitiesDocument();
    expect(document.entities.every((e) => e.modelVersion === null)).toBe(true);
    for (const usage of Object.values(document.comprehend)) expect(usage.modelVersions).toEqual([]);
    const entities = await rows(tables.medicalEntities, "model_version");
    expect(entities.length).toBeGreaterThan(0);
    expect(entities.every((row) => row.model_version === null)).toBe(true);
  });

  async function entitiesDocument(): Promise<EntitiesDocument> {
    const [row] = await rows(tables.transcripts, "entities_bucket, entities_key, entities_version_id");
    const object = await s3.send(
      new GetObjectCommand({
        Bucket: String(row?.entities_bucket),
        Key: String(row?.entities_key),
        VersionId: row?.entities_version_id ?? undefined,
      }),
    );
    return JSON.parse((await object.Body?.transformToString()) ?? "null") as EntitiesDocument;
  }
});
