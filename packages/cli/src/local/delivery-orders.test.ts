import { consultOutcome } from "@medpipe/testing/results";
import { deliverInTurn, type Rig, startRig } from "@medpipe/testing/rig";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultBundle } from "../consult/bundle.js";

/**
 * Schedules to try: a dozen in `npm test`, 200 in CI's schedules tier, 1,000 in `npm run soak` (five processes of
 * 200, each with its own seed: every local pipeline's containers are module instances Node keeps for the life of
 * the process, some megabytes a schedule).
 */
const SCHEDULES = Number(process.env.MEDPIPE_SCHEDULES ?? 12);
const SEED =
  process.env.MEDPIPE_SCHEDULE_SEED === undefined ? undefined : Number(process.env.MEDPIPE_SCHEDULE_SEED);
/** The longest an event's delivery is delayed: longer than the consult, so that any order can happen. */
const MAX_DELAY_SECONDS = 300;

const startedAt = new Date("2026-06-08T10:00:00Z");
const bundle = consultBundle({ minutes: 3, seed: 5, startedAt });
const events = Object.entries(bundle.events)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, event]) => event as { id: string; time: string; detail: { eventType: string } });
const start = events.find((event) => event.detail.eventType === "chime:MeetingStarted");

/**
 * Each event delivered one to three times, each delivery delayed by its own 0–300 s in steps of 5 s, so that
 * deliveries reorder across the whole consult and often fall on the same instant, in flight at once.
 */
const deliverySchedule = fc.tuple(
  ...events.map(() =>
    fc.array(
      fc.integer({ min: 0, max: MAX_DELAY_SECONDS / 5 }).map((steps) => steps * 5),
      { minLength: 1, maxLength: 3 },
    ),
  ),
);

describe("events delivered at least once, in any order, some at the same instant", () => {
  let rig: Rig;
  let clean: ReturnType<typeof consultOutcome>;

  beforeAll(async () => {
    rig = await startRig();
    const pipeline = await rig.pipeline({ transcript: bundle.transcribeOutput, start: startedAt });
    await deliverInTurn(pipeline, ...events);
    clean = consultOutcome(await rig.results());
    expect(clean.entities.length).toBeGreaterThan(0);
  });
  afterAll(async () => rig.stop());

  it(
    `end in the database of one clean pass, or without a recording when the start came after the end (${SCHEDULES} schedules)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(deliverySchedule, async (delays) => {
          await rig.reset();
          const pipeline = await rig.pipeline({
            transcript: bundle.transcribeOutput,
            start: startedAt,
          });
          events.forEach((event, i) => {
            for (const delay of delays[i] ?? []) {
              pipeline.deliver(event, { at: new Date(Date.parse(event.time) + delay * 1000) });
            }
          });
          await pipeline.drain();
          expect(pipeline.executions.filter((e) => e.status !== "SUCCEEDED")).toEqual([]);
          const results = consultOutcome(await rig.results());
          const startRun = (await rig.runLog()).find((run) => run.idempotency_key === start?.id);
          if (startRun?.note === "not recorded: meeting-ended") {
            expect(results).toEqual({
              ...clean,
              mediaPipelines: [],
              recordings: [],
              transcripts: [],
              turns: [],
              entities: [],
            });
          } else {
            expect(startRun).toMatchObject({ status: "succeeded", note: null });
            expect(results).toEqual(clean);
          }
        }),
        { numRuns: SCHEDULES, seed: SEED },
      );
    },
    SCHEDULES * 10_000,
  );
});
