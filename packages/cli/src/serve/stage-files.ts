import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidOptionError } from "@medpipe/core/replay";
import type { SigningKeys } from "@medpipe/core/sink/embedded";

/** The files a local stage keeps in its directory, beside those of a local run (`RUN_FILES`). */
export const STAGE_FILES = {
  /** The stage's signing keys: the ES256 key user tokens are signed with, and the legacy JWT secret. */
  signingKeys: "signing-keys.json",
  /** Where the stage is served (written when ready): `{ api, supabaseUrl, anonKey, pid }`. */
  stage: "stage.json",
} as const;

/** What `medpipe serve` prints once ready, and keeps in `stage.json`. */
export interface ServedStage {
  api: string;
  supabaseUrl: string;
  anonKey: string;
}

/** A local stage as the other commands find it: its keys, and where it was last served. */
export interface LocalStage extends ServedStage {
  keys: SigningKeys;
  /** Whether the process that served it is still running. */
  running: boolean;
}

/**
 * The local stage `medpipe serve` keeps in `out`, or a bad `--out` when it was never served there.
 *
 * @example
 * const { keys, supabaseUrl } = await readLocalStage(".medpipe/stage");
 */
export async function readLocalStage(out: string): Promise<LocalStage> {
  const text = await readFile(join(out, STAGE_FILES.stage), "utf8").catch(() => null);
  const keysText = await readFile(join(out, STAGE_FILES.signingKeys), "utf8").catch(() => null);
  if (text === null || keysText === null) {
    throw new InvalidOptionError(
      "--out",
      `${out} holds no local stage: run medpipe serve --out ${out} first`,
    );
  }
  const { pid, ...served } = JSON.parse(text) as ServedStage & { pid: number };
  return { ...served, keys: JSON.parse(keysText) as SigningKeys, running: isRunning(pid) };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
