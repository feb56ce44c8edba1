import {
  type ChimeSDKMeetingsClient,
  GetMeetingCommand,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-meetings";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { standIn } from "./stand-in.js";

/**
 * The Chime SDK meetings API for the local rig, as far as the pipeline reads it: GetMeeting answers for a meeting
 * that is running and NotFound for one that ended (Chime deletes ended meetings).
 *
 * @example
 * installLocalChimeMeetings(mockClient(ChimeSDKMeetingsClient), { isLive: (id) => live.has(id), mediaRegion });
 */
export function installLocalChimeMeetings(
  mock: AwsClientStub<ChimeSDKMeetingsClient>,
  options: { isLive: (meetingId: string) => boolean; mediaRegion: string },
): void {
  standIn(mock, GetMeetingCommand, async (input) => {
    const meetingId = input.MeetingId ?? "";
    if (!options.isLive(meetingId)) {
      throw new NotFoundException({
        message: `Meeting ${meetingId} not found`,
        $metadata: { httpStatusCode: 404 },
      });
    }
    return { Meeting: { MeetingId: meetingId, MediaRegion: options.mediaRegion } };
  });
}
