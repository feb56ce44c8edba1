/** Where the capture pipeline writes a meeting's ~5 s chunks in the recordings bucket. */
export function capturePrefix(meetingId: string): string {
  return `captures/${meetingId}`;
}

/** Where the concatenation pipeline writes a meeting's whole recording in the recordings bucket. */
export function concatenationPrefix(meetingId: string): string {
  return `concatenated/${meetingId}`;
}

const concatenatedAudioKey = /^concatenated\/([0-9a-fA-F-]{36})\/audio\/[^/]+\.mp4$/;

/**
 * The meeting a concatenated audio object belongs to, or null for any other key.
 *
 * @example
 * meetingIdOfRecording("concatenated/1e6bf4f5-f4b5-4917-b8c9-bda45c340706/audio/2024.mp4")
 */
export function meetingIdOfRecording(key: string): string | null {
  return concatenatedAudioKey.exec(key)?.[1]?.toLowerCase() ?? null;
}
