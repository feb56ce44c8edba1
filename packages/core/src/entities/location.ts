/** Where a meeting's entities documents live in the medical-data bucket. */
export function entitiesPrefix(meetingId: string): string {
  return `entities/${meetingId}/`;
}

/** Where a meeting's entities document for a transcription job lives in the medical-data bucket. */
export function entitiesKey(meetingId: string, jobName: string): string {
  return `${entitiesPrefix(meetingId)}${jobName}.json`;
}
