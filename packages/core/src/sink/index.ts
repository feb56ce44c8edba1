export type {
  MediaPipelineKind,
  MeetingState,
  RecordingRow,
  RunClaim,
  RunDecision,
  RunFailure,
  RunFailureRecord,
  RunFailureStatus,
  RunHolder,
  RunOutcome,
  Sink,
  StoredObject,
  SweepReport,
  TranscriptIngest,
  WorkflowRunStatus,
} from "./sink.js";
export { type SinkClient, type SinkClientOptions, sinkClient } from "./sink-client.js";
export {
  MediaPipelineNotRecordedError,
  MeetingSweptError,
  SINK_SQLSTATES,
  SinkError,
  SinkUnavailableError,
  sinkErrorOf,
} from "./sink-error.js";
export { createSupabaseSink } from "./supabase-sink.js";
export {
  type ConsultRpcName,
  capacityRpcs,
  capacityTables,
  chatRpcs,
  chatTables,
  consultRpcs,
  consultTables,
  type RpcName,
  rpcs,
  type TableName,
  tables,
} from "./tables.js";
