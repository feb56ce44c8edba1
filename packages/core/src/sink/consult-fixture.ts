import type { EntitiesDocument, Entity } from "../entities/document.js";
import type { RecordingRow, RunClaim, Sink, TranscriptIngest } from "./sink.js";

/** Synthetic consult lines (no real patient) for tests: what each speaker says, in order. */
export type ConsultLine = [speaker: string, said: string];

export const firstConsult: ConsultLine[] = [
  ["spk_0", "What brings you in today?"],
  ["spk_1", "A headache since Monday, and ibuprofen did not help."],
];

export const revisedConsult: ConsultLine[] = [
  ["spk_0", "What brings you in today?"],
  ["spk_1", "A headache since Monday."],
  ["spk_0", "Any nausea with it?"],
];

/** The model version the fixture's entities and Comprehend calls report. */
export const STANDIN_MODEL = "2.4.0";

const vocabulary: Record<
  string,
  Omit<Entity, "text" | "beginOffset" | "endOffset" | "speaker" | "startTime" | "endTime">
> = {
  headache: {
    category: "MEDICAL_CONDITION",
    type: "DX_NAME",
    score: 0.97,
    traits: [{ name: "SYMPTOM", score: 0.9 }],
    attributes: [],
    modelVersion: STANDIN_MODEL,
    concepts: {
      icd10cm: [{ code: "R51.9", description: "Headache, unspecified", score: 0.8 }],
      rxnorm: [],
      snomedct: [],
    },
  },
  ibuprofen: {
    category: "MEDICATION",
    type: "GENERIC_NAME",
    score: 0.99,
    traits: [],
    attributes: [],
    modelVersion: STANDIN_MODEL,
    concepts: {
      icd10cm: [],
      rxnorm: [{ code: "5640", description: "ibuprofen", score: 0.95 }],
      snomedct: [],
    },
  },
  nausea: {
    category: "MEDICAL_CONDITION",
    type: "DX_NAME",
    score: 0.95,
    traits: [{ name: "SYMPTOM", score: 0.85 }],
    attributes: [],
    modelVersion: STANDIN_MODEL,
    concepts: { icd10cm: [{ code: "R11.0", description: "Nausea", score: 0.7 }], rxnorm: [], snomedct: [] },
  },
};

/** The entities document of a consult: one turn per line (ten seconds each), an entity per vocabulary word. */
export function consultDocument(
  meetingId: string,
  lines: ConsultLine[],
  jobName = `job-${meetingId}`,
): EntitiesDocument {
  const turns: EntitiesDocument["turns"] = [];
  const entities: Entity[] = [];
  let text = "";
  lines.forEach(([speaker, said], index) => {
    if (index > 0) text += "\n";
    const begin = text.length;
    text += said;
    const turn = {
      speaker,
      startTime: index * 10,
      endTime: index * 10 + 9,
      beginOffset: begin,
      endOffset: text.length,
    };
    turns.push(turn);
    for (const [word, entity] of Object.entries(vocabulary)) {
      const at = said.indexOf(word);
      if (at < 0) continue;
      entities.push({
        ...entity,
        text: word,
        beginOffset: begin + at,
        endOffset: begin + at + word.length,
        speaker,
        startTime: turn.startTime,
        endTime: turn.endTime,
      });
    }
  });
  const usage = { requests: 1, billedUnits: 1, floorUnits: 1, modelVersions: [STANDIN_MODEL] };
  return {
    meetingId,
    jobName,
    text,
    turns,
    entities,
    comprehend: { DetectEntitiesV2: usage, InferICD10CM: usage, InferRxNorm: usage },
    createdAt: "2026-03-10T10:05:00.000Z",
  };
}

/**
 * What the post-results step sends the sink for a consult transcribed at `completedAt`, its objects locked until
 * `retainUntil` (the transcript file) and `entitiesRetainUntil` (the entities document).
 */
export function consultIngest(options: {
  meetingId: string;
  idempotencyKey: string;
  completedAt: string;
  lines?: ConsultLine[];
  retainUntil?: string;
  entitiesRetainUntil?: string;
}): TranscriptIngest {
  const { meetingId, completedAt } = options;
  const retainUntil = options.retainUntil ?? "2033-03-10T09:30:00.000Z";
  const run = runClaim(`transcription-${options.idempotencyKey}`, meetingId, "transcription");
  return {
    idempotencyKey: options.idempotencyKey,
    finishesRun: { idempotencyKey: run.idempotencyKey, execution: run.execution },
    transcript: {
      bucket: "medpipe-data",
      key: `transcripts/${meetingId}/${completedAt}.json`,
      versionId: "t-v1",
      retainUntil,
    },
    entitiesObject: {
      bucket: "medpipe-data",
      key: `entities/${meetingId}/${completedAt}.json`,
      versionId: "e-v1",
      retainUntil: options.entitiesRetainUntil ?? retainUntil,
    },
    document: consultDocument(meetingId, options.lines ?? firstConsult),
    completedAt,
  };
}

/** How long the fixture's claims stay an execution's own: an hour. */
export const STALE_AFTER_SECONDS = 3600;

/** A workflow execution's claim on the event `idempotencyKey`, as the claimed writes take it. */
export function runClaim(
  idempotencyKey: string,
  meetingId: string | null,
  workflow = "attendance",
): RunClaim {
  return {
    idempotencyKey,
    eventId: idempotencyKey,
    workflow,
    meetingId,
    replayName: null,
    execution: `exec-${idempotencyKey}`,
    staleAfterSeconds: STALE_AFTER_SECONDS,
  };
}

/** The claim of the meeting-lifecycle run that records `what` (started, ended...) of a meeting. */
export function lifecycleRun(what: string, meetingId: string): RunClaim {
  return runClaim(`${what}-${meetingId}`, meetingId, "meeting-lifecycle");
}

/** A consult's concatenated recording, as VerifyRecording records it, and the transcription run it claims. */
export function consultRecording(meetingId: string, retainUntil = "2033-03-10T09:30:00.000Z") {
  const recording: RecordingRow = {
    meetingId,
    bucket: "medpipe-data",
    key: `recordings/${meetingId}/audio.mp4`,
    versionId: "r-v1",
    kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/data",
    retainUntil,
  };
  return { run: runClaim(`recording-${meetingId}`, meetingId, "transcription"), recording };
}

/** Posts a consult as the transcription workflow does: its run claimed earlier, then ended by the ingest. */
export async function postConsult(sink: Sink, ingest: TranscriptIngest) {
  await sink.claimRun(
    runClaim(ingest.finishesRun.idempotencyKey, ingest.document.meetingId, "transcription"),
  );
  return sink.ingestTranscript(ingest);
}

/** A recorded consult's results as the pipeline leaves them: its capture, its recording and its posted transcript. */
export async function postRecordedConsult(sink: Sink, meetingId: string) {
  await sink.recordMediaPipeline({ mediaPipelineId: `capture-${meetingId}`, meetingId, kind: "capture" });
  const { run, recording } = consultRecording(meetingId);
  await sink.recordRecording(run, recording);
  return postConsult(
    sink,
    consultIngest({ meetingId, idempotencyKey: `ingest-${meetingId}`, completedAt: "2026-03-10T10:00:00Z" }),
  );
}
