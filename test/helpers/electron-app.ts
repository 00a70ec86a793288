/**
 * Launching the real Electron app through Playwright's `_electron`, for the suites
 * that run where the Electron binary exists (it is downloaded from GitHub
 * releases, which some networks, this one included, cannot reach). Every such
 * suite prints `electronSkipReason()` when it skips; it is the one kind of suite
 * allowed to skip in CI.
 */
import path from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { findElectronNativeBinding } from '../../main/electron/native-binding.ts';
import { bundleElectronMain, bundleElectronPreload, ensureRendererBuilt } from '../../scripts/bundles.ts';
import { displayProblem, findElectronBinary } from '../../scripts/electron-binary.ts';
import { ROOT } from '../../scripts/project.ts';

/** Why the Electron app cannot run here, or null when it can. */
export function electronSkipReason(): string | null {
  const binary = findElectronBinary(ROOT);
  if (!binary.ok) return `Electron binary not found: ${binary.reason}`;
  const display = displayProblem();
  if (display) return `Electron cannot open windows here: ${display} (run under xvfb-run)`;
  if (!findElectronNativeBinding(ROOT, undefined))
    return 'better-sqlite3 has no Electron build: run `npm run rebuild:electron-native` (needs the Electron headers)';
  return null;
}

/**
 * Builds what the app loads (renderer, bundled main and preload) and launches it on
 * `serverUrl` with its desk data in `dataDir`. No policy file: the launch flags rule.
 */
export async function launchElectronDesk(opts: { serverUrl: string; dataDir: string }): Promise<ElectronApplication> {
  await ensureRendererBuilt();
  await Promise.all([bundleElectronMain(), bundleElectronPreload()]);
  const binary = findElectronBinary(ROOT);
  if (!binary.ok) throw new Error(binary.reason);
  return _electron.launch({
    executablePath: binary.path,
    args: [ROOT, '--server', opts.serverUrl, '--data-dir', path.resolve(opts.dataDir), '--no-sandbox', '--disable-gpu'],
    cwd: ROOT,
    env: { ...process.env, FRONTDESK_POLICY_FILE: '' },
    timeout: 60_000,
  });
}
