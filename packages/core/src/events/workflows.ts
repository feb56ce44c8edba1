/** The pipeline's workflows (Step Functions state machines): every routed event starts exactly one of them. */
export const WORKFLOWS = ["meeting-lifecycle", "attendance", "media-pipeline", "transcription"] as const;

export type WorkflowName = (typeof WORKFLOWS)[number];
