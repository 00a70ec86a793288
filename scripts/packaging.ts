/**
 * Packing the desk with electron-builder, with the checks that keep a broken app
 * from ever being packed: the Electron build of better-sqlite3 must be there and
 * built for this Electron (else the packed app cannot open its database — the
 * silent failure this replaces), and after packing, the unpacked native module
 * must sit where main/electron/native-binding.ts looks for it. Used by
 * `npm run dist` (scripts/dist.ts) and by test/hosts/packaging.test.ts, which packs
 * offline into a directory with a stand-in Electron folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build, Platform } from 'electron-builder';
import { ELECTRON_NATIVE_DIR, ROOT } from './project.ts';

const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));

export type BuilderConfig = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string; filter?: string[] }>;
  electronFuses: Record<string, boolean>;
};

export function loadBuilderConfig(file = path.join(ROOT, 'electron-builder.yml')): BuilderConfig {
  const yaml = requireFromBuilder('js-yaml') as { load(text: string): unknown };
  return yaml.load(readFileSync(file, 'utf8')) as BuilderConfig;
}

/** The Electron version the app is built for (the exact devDependency). */
export function electronVersion(root = ROOT): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
}

/** A sentence saying why the Electron build of better-sqlite3 cannot be packed, or null. */
export function nativeBuildProblem(dir = ELECTRON_NATIVE_DIR, version = electronVersion()): string | null {
  const file = path.join(dir, 'better_sqlite3.node');
  const fix = 'Run `npm run rebuild:electron-native` on a machine that can download the Electron headers, then `npm run dist` again.';
  if (!existsSync(file))
    return `The Electron build of better-sqlite3 is missing (${path.relative(ROOT, file) || file}): the packed app could not open its database. ${fix}`;
  const infoFile = path.join(dir, 'BUILD-INFO.json');
  if (!existsSync(infoFile)) return `${path.relative(ROOT, infoFile) || infoFile} is missing, so it is unknown which Electron ${file} was built for. ${fix}`;
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { electronVersion?: string; platform?: string };
  if (info.electronVersion !== version)
    return `better_sqlite3.node was built for Electron ${info.electronVersion ?? '?'}, but the app uses Electron ${version}. ${fix}`;
  return null;
}

/**
 * Without an Electron folder (electronDist) electron-builder downloads Electron for
 * each target from GitHub. Where that cannot work, say so at once instead of a
 * raw ENOTFOUND stack trace minutes into the build.
 */
export async function electronDownloadProblem(env: NodeJS.ProcessEnv = process.env, version = electronVersion()): Promise<string | null> {
  if (env.FRONTDESK_ELECTRON_DIST) {
    return existsSync(env.FRONTDESK_ELECTRON_DIST) ? null : `FRONTDESK_ELECTRON_DIST=${env.FRONTDESK_ELECTRON_DIST} does not exist.`;
  }
  const cache = env.ELECTRON_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'electron');
  if (existsSync(cache) && (await import('node:fs')).readdirSync(cache, { recursive: true }).some((f) => String(f).includes(`electron-v${version}-`)))
    return null;
  const host = env.ELECTRON_MIRROR ? new URL(env.ELECTRON_MIRROR).hostname : 'github.com';
  try {
    await Promise.race([lookup(host), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000))]);
    return null;
  } catch (err) {
    return (
      `Electron ${version} must be downloaded from ${host} for each target, and ${host} cannot be reached from here (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ` +
      `Build on a machine with access to ${host} (or set ELECTRON_MIRROR to a reachable mirror), or put an unpacked Electron ${version} for this platform in a folder and set FRONTDESK_ELECTRON_DIST to it.`
    );
  }
}

export interface PackOptions {
  /** electron-builder targets per platform, e.g. { linux: ['dir'] }. Default: the config's targets for this OS. */
  targets?: { linux?: string[]; win?: string[]; mac?: string[] };
  /** Output directory (default release/). */
  outDir?: string;
  /** An unpacked Electron for the target platform (skips the download). */
  electronDist?: string;
  /** Where the Electron build of better-sqlite3 is (default build-native/electron). */
  nativeDir?: string;
  /** Extra config overrides (CI: signing, publish). */
  config?: Record<string, unknown>;
}

/** Packs the app; throws (before packing) with a sentence when the native build is missing. */
export async function packApp(o: PackOptions = {}): Promise<string[]> {
  const nativeDir = o.nativeDir ?? ELECTRON_NATIVE_DIR;
  const problem = nativeBuildProblem(nativeDir);
  if (problem) throw new Error(problem);
  const base = loadBuilderConfig();
  const config = {
    ...base,
    ...(o.outDir ? { directories: { ...(base.directories as object), output: o.outDir } } : {}),
    ...(o.electronDist ? { electronDist: o.electronDist } : {}),
    extraResources: base.extraResources.map((r) => (r.from === 'build-native/electron' ? { ...r, from: nativeDir } : r)),
    afterPack: (ctx: { appOutDir: string; electronPlatformName: string }) => {
      const resources =
        ctx.electronPlatformName === 'darwin' ? path.join(ctx.appOutDir, 'Frontdesk.app', 'Contents', 'Resources') : path.join(ctx.appOutDir, 'resources');
      const native = path.join(resources, 'native', 'better_sqlite3.node');
      if (!existsSync(native)) throw new Error(`packing failed: ${native} is missing from the packed app, which could not open its database`);
    },
    ...o.config,
  };
  const t = o.targets;
  const targets = new Map();
  for (const [platform, list] of [
    [Platform.LINUX, t?.linux],
    [Platform.WINDOWS, t?.win],
    [Platform.MAC, t?.mac],
  ] as const) {
    if (list) for (const [k, v] of platform.createTarget(list)) targets.set(k, v);
  }
  return build({ projectDir: ROOT, config: config as never, ...(targets.size > 0 ? { targets } : {}), publish: 'never' });
}
