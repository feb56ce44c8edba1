const UUID = /^[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}$/;

/** Whether a value is a UUID, the form of EventBridge event ids and Chime meeting, attendee and pipeline ids. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
