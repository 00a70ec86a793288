/**
 * `npm run rebuild:electron-native`: builds better-sqlite3 against Electron's headers
 * into build-native/electron/better_sqlite3.node, WITHOUT touching node_modules (whose
 * build stays the Node one that tests, the gateway and the browser host load).
 *
 * How: copy the installed better-sqlite3 package into a scratch app under
 * build-native/.work, let @electron/rebuild compile it there for the installed
 * electron version, copy the .node file out. The Electron host passes that file to
 * better-sqlite3 as `nativeBinding`; electron-builder packs it as resources/native/.
 *
 * Needs: the Electron headers (downloaded from https://www.electronjs.org/headers, or
 * a mirror in ELECTRON_HEADERS_URL) and a C++ toolchain (python3, make, g++ / MSVC /
 * Xcode CLT). On a machine without access to the headers it stops with a clear
 * message and changes nothing.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ELECTRON_NATIVE_DIR, ROOT } from './project.ts';

const HEADERS_URL = process.env.ELECTRON_HEADERS_URL ?? 'https://www.electronjs.org/headers';
const MODULE = 'better-sqlite3';
const OUTPUT = path.join(ELECTRON_NATIVE_DIR, 'better_sqlite3.node');

function fail(message: string): never {
  console.error(`\nrebuild:electron-native FAILED: ${message}\n`);
  console.error('node_modules was not modified; the Node build of better-sqlite3 is untouched.');
  console.error('See scripts/README.md ("better-sqlite3 for two runtimes").');
  process.exit(1);
}

function readVersion(pkgDir: string, what: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    fail(`${what} is not installed (${path.relative(ROOT, pkgDir)}); run npm install`);
  }
}

async function headersReachable(electronVersion: string): Promise<string | null> {
  const url = `${HEADERS_URL}/v${electronVersion}/node-v${electronVersion}-headers.tar.gz`;
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(15_000), redirect: 'follow' });
    return res.ok ? null : `${url} answered HTTP ${res.status}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return `${url} is unreachable (${cause?.code ?? cause?.message ?? (err as Error).message})`;
  }
}

async function main(): Promise<void> {
  const electronVersion = readVersion(path.join(ROOT, 'node_modules', 'electron'), 'electron');
  const moduleDir = path.join(ROOT, 'node_modules', MODULE);
  const moduleVersion = readVersion(moduleDir, MODULE);
  console.log(`Building ${MODULE} ${moduleVersion} for Electron ${electronVersion} (${process.platform}-${process.arch})…`);

  const unreachable = await headersReachable(electronVersion);
  if (unreachable) {
    fail(
      `cannot download the Electron ${electronVersion} headers: ${unreachable}.\n` +
        'This machine has no access to the Electron header host. Run this on a build machine with internet access ' +
        '(or set ELECTRON_HEADERS_URL to a mirror), then copy build-native/electron/better_sqlite3.node here.',
    );
  }

  const work = path.join(ROOT, 'build-native', '.work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'node_modules'), { recursive: true });
  writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({ name: 'frontdesk-native-build', version: '0.0.0', private: true, dependencies: { [MODULE]: moduleVersion } }, null, 2),
  );
  // Sources only: the copy is compiled from scratch; node_modules/better-sqlite3/build is left as is.
  cpSync(moduleDir, path.join(work, 'node_modules', MODULE), { recursive: true, filter: (src) => !src.startsWith(path.join(moduleDir, 'build')) });
  for (const dep of ['bindings', 'file-uri-to-path']) {
    const depDir = path.join(ROOT, 'node_modules', dep);
    if (existsSync(depDir)) cpSync(depDir, path.join(work, 'node_modules', dep), { recursive: true });
  }

  const { rebuild } = await import('@electron/rebuild');
  try {
    await rebuild({
      buildPath: work,
      electronVersion,
      arch: process.arch,
      onlyModules: [MODULE],
      force: true,
      buildFromSource: true,
      headerURL: HEADERS_URL,
      mode: 'sequential',
    });
  } catch (err) {
    fail(`compiling failed: ${(err as Error).message}\n(needs python3, make and a C++ compiler)`);
  }

  const built = path.join(work, 'node_modules', MODULE, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(built)) fail(`the build finished but ${path.relative(ROOT, built)} is missing`);
  mkdirSync(ELECTRON_NATIVE_DIR, { recursive: true });
  copyFileSync(built, OUTPUT);
  writeFileSync(
    path.join(ELECTRON_NATIVE_DIR, 'BUILD-INFO.json'),
    JSON.stringify(
      { module: MODULE, moduleVersion, electronVersion, platform: process.platform, arch: process.arch, builtAt: new Date().toISOString() },
      null,
      2,
    ),
  );
  rmSync(work, { recursive: true, force: true });
  console.log(`Wrote ${path.relative(ROOT, OUTPUT)} (Electron ${electronVersion}). node_modules/${MODULE} still holds the Node build.`);
}

await main();
