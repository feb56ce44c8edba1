/** The sink's tables in the clinic's Supabase (`public` schema): the one place their names are spelled. */
export const tables = {
  meetings: "meetings",
  mediaPipelines: "media_pipelines",
  attendance: "attendance",
  recordings: "recordings",
  transcripts: "transcripts",
  transcriptTurns: "transcript_turns",
  medicalEntities: "medical_entities",
  pipelineRuns: "pipeline_runs",
  sweptMeetings: "swept_meetings",
} as const;

export type TableName = (typeof tables)[keyof typeof tables];

/** The SQL functions the pipeline writes through, called as PostgREST RPCs with one `payload` argument. */
export const rpcs = {
  claimRun: "claim_run",
  finishRun: "finish_run",
  recordRunFailure: "record_run_failure",
  recordMeetingStart: "record_meeting_start",
  recordMeetingEnd: "record_meeting_end",
  recordMediaPipeline: "record_media_pipeline",
  recordMediaPipelineStatus: "record_media_pipeline_status",
  recordAttendance: "record_attendance",
  recordRecording: "record_recording",
  ingestTranscript: "ingest_transcript",
  placeLegalHold: "place_legal_hold",
  releaseLegalHold: "release_legal_hold",
  sweepExpired: "sweep_expired",
} as const;

export type RpcName = (typeof rpcs)[keyof typeof rpcs];

/** The consult rooms' tables (`public` schema), beside the pipeline's: the app's appointments and their meetings. */
export const consultTables = {
  consults: "consults",
  consultParticipants: "consult_participants",
  consultMeetings: "consult_meetings",
} as const;

/**
 * The consult rooms' SQL functions, called as RPCs with one `payload` argument: all by the service role, and
 * `consult_status` also by a signed-in participant.
 */
export const consultRpcs = {
  scheduleConsult: "schedule_consult",
  findConsult: "find_consult",
  recordRecordingConsent: "record_recording_consent",
  attachConsultMeeting: "attach_consult_meeting",
  endConsultMeeting: "end_consult_meeting",
  recordingConsent: "recording_consent",
  consultStatus: "consult_status",
} as const;

export type ConsultRpcName = (typeof consultRpcs)[keyof typeof consultRpcs];

/** The capacity tables: slots of the quota-bound resources and the shared rate buckets (service role only). */
export const capacityTables = {
  capacitySlots: "capacity_slots",
  capacityWaiters: "capacity_waiters",
  rateBuckets: "rate_buckets",
} as const;

/** The capacity SQL functions, called as RPCs with one `payload` argument by the service role. */
export const capacityRpcs = {
  acquireSlot: "acquire_capacity_slot",
  releaseSlot: "release_capacity_slot",
  reserveRate: "reserve_rate",
} as const;

/** The consults' chat: every message of a consult's Chime channel, as the stream delivers it. */
export const chatTables = { chat: "chat" } as const;

/** The chat's SQL function, called by the stream's consumer with the service role. */
export const chatRpcs = { applyChatMessage: "apply_chat_message" } as const;
