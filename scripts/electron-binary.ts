/**
 * Finds the Electron binary WITHOUT require('electron'): requiring the package runs
 * code that may try to download the binary. The package's own layout is read instead:
 * node_modules/electron/path.txt names the executable inside node_modules/electron/dist
 * (ELECTRON_OVERRIDE_DIST_PATH replaces that dist directory, as electron's index.js does).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): ElectronBinary {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'package.json'))) return { ok: false, reason: 'the electron package is not installed' };
  const pathTxt = path.join(pkgDir, 'path.txt');
  let rel: string | null = null;
  try {
    rel = readFileSync(pathTxt, 'utf8').trim();
  } catch {
    // handled below
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const bin = path.join(override, rel || (platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(bin) ? { ok: true, path: bin } : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${bin} does not exist` };
  }
  if (!rel)
    return {
      ok: false,
      reason: `${path.relative(root, pathTxt)} is missing: electron's install step did not download the binary (no access to its download host)`,
    };
  const bin = path.join(pkgDir, 'dist', rel);
  if (!existsSync(bin)) return { ok: false, reason: `${path.relative(root, bin)} does not exist` };
  return { ok: true, path: bin };
}

/** Electron needs a display server on Linux; without one it exits at once. */
export function displayProblem(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display: DISPLAY and WAYLAND_DISPLAY are unset';
  return null;
}
