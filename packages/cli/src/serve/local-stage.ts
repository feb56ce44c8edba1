import { createHash } from "node:crypto";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadOrCreateSigningKeys } from "@medpipe/core/sink/embedded";
import { generateConsult } from "../consult/generate.js";
import type { LocalChimeMeetings } from "../local/aws/chime-meetings.js";
import { openLocalRun } from "../local/run.js";
import type { ExecutionRecord } from "../local/step-functions.js";
import { RUN_FILES } from "../ops/run-files.js";
import { startLocalApi } from "./local-api.js";
import { type ServedStage, STAGE_FILES } from "./stage-files.js";

/** Transcribe's output for a meeting: a generated consult as long as the meeting lasted (3 minutes at least). */
function generatedConsultFor(meetings: LocalChimeMeetings) {
  return (meetingId: string | null): Buffer => {
    const meeting = meetingId ? meetings.meeting(meetingId) : null;
    const lasted = meeting
      ? ((meeting.endedAt ?? new Date()).getTime() - meeting.startedAt.getTime()) / 60_000
      : 0;
    const seed = Number.parseInt(
      createHash("sha256")
        .update(meetingId ?? "")
        .digest("hex")
        .slice(0, 8),
      16,
    );
    return Buffer.from(
      JSON.stringify(generateConsult({ minutes: Math.min(240, Math.max(3, Math.ceil(lasted))), seed })),
    );
  };
}

/**
 * A local stage in `out`: the embedded Supabase (signing with the stage's kept keys), the consult API on
 * 127.0.0.1:`port`, the Chime SDK meetings stand-in, whose meeting and attendee events go onto the local bus,
 * and the local pipeline, which runs every event the API's requests cause once each answer is written.
 *
 * @example
 * const stage = await openLocalStage({ out: ".medpipe/stage", port: 8787 });
 * await stage.stop();
 */
export async function openLocalStage(options: {
  out: string;
  port: number;
  onExecution?: (execution: ExecutionRecord) => void;
  /** A delivery that failed outside any execution (the bus itself, not a workflow). */
  onDeliveryError?: (error: unknown) => void;
}) {
  await mkdir(options.out, { recursive: true });
  // `medpipe status` and `medpipe db` read a run's executions, even before the first one.
  await appendFile(join(options.out, RUN_FILES.executions), "");
  const keys = await loadOrCreateSigningKeys(join(options.out, STAGE_FILES.signingKeys));

  const run = await openLocalRun({
    out: options.out,
    signingKeys: keys,
    transcript: ({ meetingId }) => generatedConsultFor(run.pipeline.services.meetings)(meetingId),
    onExecution: options.onExecution,
  });
  let draining = Promise.resolve();
  const drain = () => {
    draining = draining
      .then(() => run.pipeline.drain())
      .catch((error: unknown) => options.onDeliveryError?.(error));
  };

  const api = await startLocalApi({
    port: options.port,
    routes: run.pipeline.apiRoutes,
    invoke: (route, event) => run.pipeline.invokeRoute(route, event),
    afterRequest: drain,
  });
  const served: ServedStage = { api: api.url, supabaseUrl: run.supabase.url, anonKey: run.supabase.anonKey };
  await writeFile(
    join(options.out, STAGE_FILES.stage),
    JSON.stringify({ ...served, pid: process.pid }, null, 2),
  );
  return {
    ...served,
    meetings: run.pipeline.services.meetings,
    /** Waits for the events under way, then stops the API, the stand-ins and the Supabase. */
    async stop() {
      await api.stop();
      await draining;
      await run.close();
    },
  };
}
