import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { meetingTimedOutEntry, staleBefore, staleMeetings } from "@medpipe/core/meeting";
import { eventBridge } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { metrics } from "./runtime/observability.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

const PUT_EVENTS_BATCH = 10;

/** Scheduled: closes meetings whose MeetingEnded never arrived by putting a Meeting Timed Out event for each. */
export const handler = task("close-stale-meetings", async () => {
  const now = new Date();
  const hours = useEnvironment().config.meeting.closeAfterHours;
  const stale = staleMeetings(await useSink().findOpenMeetings(staleBefore(now, hours)), now, hours);
  for (let i = 0; i < stale.length; i += PUT_EVENTS_BATCH) {
    const entries = stale.slice(i, i + PUT_EVENTS_BATCH).map((meeting) => meetingTimedOutEntry(meeting, now));
    const { FailedEntryCount } = await eventBridge().send(new PutEventsCommand({ Entries: entries }));
    if (FailedEntryCount) throw new Error(`${FailedEntryCount} Meeting Timed Out events were not accepted`);
  }
  metrics.addMetric("MeetingsTimedOut", "Count", stale.length);
  return { closed: stale.length };
});
