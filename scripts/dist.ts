/**
 * `npm run dist [-- --linux|--win|--mac [targets…]]`: checks first, builds, then
 * packs the installers with electron-builder (scripts/packaging.ts).
 *
 * It fails at once, with a sentence saying why and what to do, when Electron
 * cannot be had for the targets (no network to its download host and nothing
 * cached) or when the Electron build of better-sqlite3 is missing — instead of a
 * raw ENOTFOUND stack trace minutes in, or an installer whose app cannot open
 * its database.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { electronDownloadProblem, nativeBuildProblem, packApp } from './packaging.ts';
import { ROOT } from './project.ts';

function fail(message: string): never {
  console.error(`npm run dist: ${message}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  options: { linux: { type: 'boolean' }, win: { type: 'boolean' }, mac: { type: 'boolean' }, dir: { type: 'boolean' } },
  allowPositionals: true,
  strict: true,
});

const download = await electronDownloadProblem();
if (download) fail(download);
const native = nativeBuildProblem();
if (native) fail(native);

const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: ROOT, stdio: 'inherit' });
if (built.status !== 0) fail('the build failed (see above)');

const list = values.dir ? ['dir'] : positionals.length > 0 ? positionals : undefined;
const targets = values.linux
  ? { linux: list ?? ['AppImage', 'deb', 'rpm'] }
  : values.win
    ? { win: list ?? ['nsis', 'msi'] }
    : values.mac
      ? { mac: list ?? ['dmg', 'zip'] }
      : undefined;
try {
  const artifacts = await packApp({ targets, ...(process.env.FRONTDESK_ELECTRON_DIST ? { electronDist: process.env.FRONTDESK_ELECTRON_DIST } : {}) });
  for (const a of artifacts) console.log(a);
} catch (err) {
  fail((err as Error).message);
}
