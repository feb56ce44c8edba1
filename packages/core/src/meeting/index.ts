export { staleBefore, staleMeetings } from "./lifecycle.js";
export { meetingTimedOutEntry } from "./timeout.js";
