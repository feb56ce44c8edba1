/** Where a meeting's entities document for a transcription job lives in the medical-data bucket. */
export function entitiesKey(meetingId: string, jobName: string): string {
  return `entities/${meetingId}/${jobName}.json`;
}
