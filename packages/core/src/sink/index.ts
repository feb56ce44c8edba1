export type {
  MediaPipelineKind,
  MeetingState,
  RecordingRow,
  RunClaim,
  RunDecision,
  RunOutcome,
  Sink,
  StoredObject,
  SweepReport,
  TranscriptIngest,
  WorkflowRunStatus,
} from "./sink.js";
export { type SinkClient, type SinkClientOptions, sinkClient } from "./sink-client.js";
export { SinkError } from "./sink-error.js";
export { createSupabaseSink } from "./supabase-sink.js";
export {
  type ConsultRpcName,
  consultRpcs,
  consultTables,
  type RpcName,
  rpcs,
  type TableName,
  tables,
} from "./tables.js";
