import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { API_ROUTES } from "@medpipe/core/api";
import { MESSAGING_HANDLERS } from "@medpipe/core/messaging";
import { TASKS } from "@medpipe/core/workflow";
import { build, type Plugin } from "esbuild";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const sources = ["packages/core/src", "packages/functions/src"];
/** Inside the repository, so that a bundle's imports resolve to the repository's node_modules. */
const cacheDir = join(root, "node_modules", ".cache", "medpipe-functions");

/**
 * The repository's own code and SST's runtime client are bundled into each function, so that every function
 * (and every container of it) gets module instances of its own, as separate Lambda containers do: its own
 * environment read, clients and caches. Packages are left to the shared node_modules, the AWS SDK included,
 * where the rig's SDK stand-ins sit.
 */
const ownCode: Plugin = {
  name: "bundle-own-code",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@medpipe/") || args.path === "sst" || args.path.startsWith("sst/")
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

/** Every function's handler module: the tasks', the API routes' and the messaging functions'. */
const SOURCES = [...TASKS, ...API_ROUTES.map((route) => route.handler), ...MESSAGING_HANDLERS];

/**
 * Builds every function's handler (`packages/functions/src/<source>.ts`: each task's, each API route's) into an
 * ESM file, once per version of the sources: returns each one's file. Later calls with unchanged sources reuse
 * the files.
 *
 * @example
 * const files = await buildFunctionBundles(); await import(pathToFileURL(files.get("start-recording")).href);
 */
export async function buildFunctionBundles(): Promise<Map<string, string>> {
  const dir = join(cacheDir, await sourceFingerprint());
  const files = new Map(SOURCES.map((source) => [source, join(dir, `${source}.mjs`)] as const));
  if (existsSync(dir)) return files;
  const partial = `${dir}.${process.pid}.${Date.now()}`;
  await mkdir(partial, { recursive: true });
  try {
    await build({
      entryPoints: SOURCES.map((source) => ({
        in: join(root, "packages/functions/src", `${source}.ts`),
        out: source,
      })),
      outdir: partial,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      mainFields: ["module", "main"],
      keepNames: true,
      sourcemap: "inline",
      plugins: [ownCode],
      banner: {
        js: "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);",
      },
      logLevel: "silent",
    });
    await rename(partial, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process built the same sources first: its files are as good.
      if (!existsSync(dir)) throw error;
      await rm(partial, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  return files;
}

async function sourceFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  hash.update(SOURCES.join("\n"));
  hash.update(await readFile(join(root, "package-lock.json")));
  for (const dir of sources) {
    for (const file of await sourceFiles(join(root, dir))) {
      hash.update(relative(root, file)).update(await readFile(file));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter(
      (entry) => entry.isFile() && /\.(ts|sql|json)$/.test(entry.name) && !entry.name.includes(".test."),
    )
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
