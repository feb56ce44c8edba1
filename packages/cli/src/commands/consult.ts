import type { ConsultStore } from "@medpipe/core/consult";
import { InvalidOptionError } from "@medpipe/core/replay";
import { Command } from "commander";
import { exitOnUsageError, opsAction, opsCommand, type TargetOptions, uuidOption } from "../ops/command.js";

interface ScheduleOptions extends TargetOptions {
  consult: string;
  clinician: string;
  patient: string;
  starts?: string;
  ends?: string;
  consent?: boolean;
}

/** The default join window: from now, for an hour. */
const DEFAULT_WINDOW_MS = 3_600_000;

/** Which option a schedule field came from, so that a refusal names what the user typed. */
const OPTION_OF_FIELD: Record<string, string> = {
  consultId: "--consult",
  startsAt: "--starts",
  endsAt: "--ends",
  participants: "--patient",
};

/**
 * The consults of `--out`'s local stage (through its running Supabase, or its database opened here when it is
 * not served) or of `--stage`'s Supabase (SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY from the environment).
 */
async function openConsults(
  options: TargetOptions,
): Promise<{ store: ConsultStore; close(): Promise<void> }> {
  if ((options.out === undefined) === (options.stage === undefined)) {
    throw new InvalidOptionError(
      "--out",
      "or --stage is needed, not both: a local stage's directory, or a stage",
    );
  }
  const { createConsultStore } = await import("@medpipe/core/consult");
  const { sinkClient } = await import("@medpipe/core/sink");
  if (options.stage !== undefined) {
    const url = process.env.SUPABASE_URL;
    const serviceRoleKey = process.env.SUPABASE_SERVICE_ROLE_KEY;
    if (!url)
      throw new InvalidOptionError("SUPABASE_URL", "must be set to the clinic's Supabase URL for --stage");
    if (!serviceRoleKey) {
      throw new InvalidOptionError(
        "SUPABASE_SERVICE_ROLE_KEY",
        "must be set to the service-role key for --stage",
      );
    }
    return { store: createConsultStore(sinkClient({ url, serviceRoleKey })), close: async () => undefined };
  }
  const out = options.out ?? "";
  const { join } = await import("node:path");
  const { loadOrCreateSigningKeys, signToken, startEmbeddedSupabase } = await import(
    "@medpipe/core/sink/embedded"
  );
  const { readLocalStage, STAGE_FILES } = await import("../serve/stage-files.js");
  const { RUN_FILES } = await import("../ops/run-files.js");
  const served = await readLocalStage(out).catch(() => null);
  if (served?.running) {
    const serviceRoleKey = await signToken({ iss: "supabase", role: "service_role" }, served.keys.jwtSecret);
    return {
      store: createConsultStore(sinkClient({ url: served.supabaseUrl, serviceRoleKey })),
      close: async () => undefined,
    };
  }
  const supabase = await startEmbeddedSupabase({
    dataDir: join(out, RUN_FILES.supabase),
    signingKeys: await loadOrCreateSigningKeys(join(out, STAGE_FILES.signingKeys)),
  });
  return {
    store: createConsultStore(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey })),
    close: () => supabase.stop(),
  };
}

/**
 * `medpipe consult schedule --out DIR|--stage S --consult UUID --clinician UUID --patient UUID [--starts ISO]
 * [--ends ISO] [--consent]`: schedules the consult (the same id again applies the changes), with the patient's
 * recording consent if `--consent`, and prints it as JSON.
 */
const scheduleCommand = opsCommand("schedule")
  .description("schedule a consult (or change the one with that id) and print it as JSON")
  .requiredOption("--consult <uuid>", "the consult: the app's appointment id")
  .requiredOption("--clinician <uuid>", "the clinician's Supabase user id")
  .requiredOption("--patient <uuid>", "the patient's Supabase user id")
  .option("--starts <iso>", "when the join window opens (default now)")
  .option("--ends <iso>", "when it closes (default an hour after --starts)")
  .option("--consent", "record the patient's recording consent")
  .action(
    opsAction(async (options: ScheduleOptions) => {
      const { readSchedule, InvalidScheduleError } = await import("@medpipe/core/consult");
      const consultId = uuidOption("--consult", options.consult);
      const clinician = uuidOption("--clinician", options.clinician);
      const patient = uuidOption("--patient", options.patient);
      const startsAt = options.starts ?? new Date().toISOString();
      const starts = Date.parse(startsAt);
      const endsAt =
        options.ends ??
        (Number.isNaN(starts) ? startsAt : new Date(starts + DEFAULT_WINDOW_MS).toISOString());
      let schedule: ReturnType<typeof readSchedule>;
      try {
        schedule = readSchedule({
          consultId,
          startsAt,
          endsAt,
          participants: [
            { userId: clinician, role: "clinician" },
            { userId: patient, role: "patient" },
          ],
        });
      } catch (error) {
        if (!(error instanceof InvalidScheduleError)) throw error;
        const field = error.field.split(".")[0] ?? "";
        throw new InvalidOptionError(OPTION_OF_FIELD[field] ?? "--consult", error.reason);
      }
      const consults = await openConsults(options);
      try {
        let consult = await consults.store.scheduleConsult(schedule);
        if (options.consent) consult = await consults.store.recordRecordingConsent(consultId, patient);
        process.stdout.write(`${JSON.stringify(consult)}\n`);
      } finally {
        await consults.close();
      }
      return 0;
    }),
  );

/** `medpipe consult ...`: the consults of a local stage or a deployed one. */
export const consultCommand = new Command("consult")
  .description("schedule the consults the app joins")
  .exitOverride(exitOnUsageError)
  .addCommand(scheduleCommand);
