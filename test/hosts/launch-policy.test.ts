/**
 * Central policy and launch flags: what IT deploys wins where it locks, flags win
 * elsewhere, and a bad policy file stops the desk with a message naming the file
 * and the key — never a half-read policy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LaunchError, defaultUserDataDir, launchOptionsToArgs, parseLaunchArgs, resolveLaunchOptions } from '../../main/config/launch-options.ts';
import { DEFAULT_POLICY, POLICY_ENV, PolicyError, loadPolicy, parsePolicy, systemPolicyPath } from '../../main/config/policy.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function policyFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('policy file', () => {
  it('lives at the per-OS system path unless FRONTDESK_POLICY_FILE points elsewhere', () => {
    expect(systemPolicyPath('linux', {})).toBe('/etc/frontdesk/policy.json');
    expect(systemPolicyPath('darwin', {})).toBe('/Library/Application Support/Frontdesk/policy.json');
    expect(systemPolicyPath('win32', { ProgramData: 'D:\\PD' })).toBe('D:\\PD\\Frontdesk\\policy.json');
    expect(systemPolicyPath('win32', {})).toBe('C:\\ProgramData\\Frontdesk\\policy.json');
  });

  it('reads and validates a deployed file, filling defaults', () => {
    const file = policyFile('ok.json', JSON.stringify({ serverUrl: 'https://gw.hotel.example', allowServerOverride: false, logLevel: 'warn' }));
    const loaded = loadPolicy({ [POLICY_ENV]: file });
    expect(loaded.source).toBe(file);
    expect(loaded.policy).toEqual({
      serverUrl: 'https://gw.hotel.example',
      allowServerOverride: false,
      allowDataDirOverride: true,
      allowPlaintextTokenStorage: false,
      allowBrowserHost: true,
      allowInsecureTransport: false,
      logLevel: 'warn',
    });
  });

  it('treats a missing system file as no policy, but a missing FRONTDESK_POLICY_FILE as an error', () => {
    // The system path on this test machine: absent unless someone installed one.
    const none = loadPolicy({}, 'linux');
    if (none.source === null) expect(none.policy).toEqual(DEFAULT_POLICY);
    expect(() => loadPolicy({ [POLICY_ENV]: path.join(dir, 'nope.json') })).toThrow(/nope\.json: cannot be read \(ENOENT\)/);
  });

  it.each([
    ['not JSON', '{ "serverUrl": ', /not valid JSON/],
    ['unknown key (a typo must not be ignored)', '{ "serverURL": "https://x.example" }', /Unrecognized key/i],
    ['wrong type', '{ "allowServerOverride": "no" }', /"allowServerOverride"/],
    ['not a URL', '{ "serverUrl": "gateway.local" }', /"serverUrl"/],
    ['ftp URL', '{ "serverUrl": "ftp://gateway.local" }', /http\(s\):\/\/ or ws\(s\):\/\//],
    ['relative dataDir', '{ "dataDir": "desk-data" }', /"dataDir": must be an absolute path/],
    ['bad log level', '{ "logLevel": "loud" }', /"logLevel"/],
    ['not an object', '[1,2]', /\(root\)/],
  ])('rejects %s with a message naming the file', (_what, content, pattern) => {
    const file = policyFile('bad.json', content);
    let error: unknown;
    try {
      loadPolicy({ [POLICY_ENV]: file });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).toMatch(/does not start on a half-read policy/);
  });

  it('accepts a Windows absolute dataDir', () => {
    expect(parsePolicy('{"dataDir":"C:\\\\Frontdesk\\\\desk"}', 'p.json').dataDir).toBe('C:\\Frontdesk\\desk');
  });
});

describe('launch flags', () => {
  it('parses every option', () => {
    expect(parseLaunchArgs(['--server', 'http://127.0.0.1:9000', '--browser', '--no-open', '--data-dir', 'x', '--port', '8123', '--view', 'board'])).toEqual({
      server: 'http://127.0.0.1:9000',
      browser: true,
      open: false,
      dataDir: 'x',
      port: 8123,
      view: 'board',
      help: false,
    });
    expect(parseLaunchArgs([])).toMatchObject({ server: null, browser: false, open: true, dataDir: null, port: null, view: null });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--server', 'example.com'], /--server must be an http/],
    [['--port', '70000'], /--port must be an integer/],
    [['--port', 'abc'], /--port must be an integer/],
    [['--view', 'lobby'], /--view must be one of today, board/],
  ])('rejects %j clearly', (args, pattern) => {
    expect(() => parseLaunchArgs(args)).toThrow(LaunchError);
    expect(() => parseLaunchArgs(args)).toThrow(pattern);
  });

  it('tolerates switches it does not know when Electron/Chromium add them', () => {
    expect(parseLaunchArgs(['--enable-logging', '--server', 'https://gw.example', 'some-positional'], false).server).toBe('https://gw.example');
  });

  it('passes resolved options to a child as flags', () => {
    expect(launchOptionsToArgs({ serverUrl: 'http://h:1', dataDir: '/d', view: 'tasks' })).toEqual([
      '--server',
      'http://h:1',
      '--data-dir',
      '/d',
      '--view',
      'tasks',
    ]);
  });
});

describe('precedence: locked policy > flag > policy default > built-in default', () => {
  const ctx = { cwd: '/work/desk', platform: 'linux' as const, env: {}, home: '/home/ana' };
  const policy = (p: object) => ({ policy: parsePolicy(JSON.stringify(p), '/etc/frontdesk/policy.json'), source: '/etc/frontdesk/policy.json' });
  const flags = (args: string[]) => parseLaunchArgs(args);

  it('without policy or flags: the embedded demo gateway and ./.data/desk', () => {
    const o = resolveLaunchOptions(flags([]), { policy: DEFAULT_POLICY, source: null }, ctx);
    expect(o).toMatchObject({ serverUrl: null, serverSource: 'default', dataDir: '/work/desk/.data/desk', dataDirSource: 'default', port: 0, open: true });
  });

  it('with --server and no policy: the per-user app data dir', () => {
    const o = resolveLaunchOptions(flags(['--server', 'https://gw.example']), { policy: DEFAULT_POLICY, source: null }, ctx);
    expect(o).toMatchObject({ serverUrl: 'https://gw.example', serverSource: 'cli', dataDir: '/home/ana/.config/Frontdesk', dataDirSource: 'default' });
  });

  it('a policy value is the default, and a flag overrides it when not locked', () => {
    const p = policy({ serverUrl: 'https://central.example', dataDir: '/srv/desk' });
    expect(resolveLaunchOptions(flags([]), p, ctx)).toMatchObject({
      serverUrl: 'https://central.example',
      serverSource: 'policy',
      dataDir: '/srv/desk',
      dataDirSource: 'policy',
    });
    expect(resolveLaunchOptions(flags(['--server', 'https://other.example', '--data-dir', 'mine']), p, ctx)).toMatchObject({
      serverUrl: 'https://other.example',
      serverSource: 'cli',
      dataDir: '/work/desk/mine',
      dataDirSource: 'cli',
    });
  });

  it('a locked policy refuses a conflicting flag, naming the policy file', () => {
    const p = policy({
      serverUrl: 'https://central.example',
      allowServerOverride: false,
      dataDir: '/srv/desk',
      allowDataDirOverride: false,
      allowBrowserHost: false,
    });
    expect(() => resolveLaunchOptions(flags(['--server', 'https://other.example']), p, ctx)).toThrow(
      /--server https:\/\/other\.example is not allowed: \/etc\/frontdesk\/policy\.json locks the gateway/,
    );
    expect(() => resolveLaunchOptions(flags(['--data-dir', '/tmp/x']), p, ctx)).toThrow(/--data-dir \/tmp\/x is not allowed/);
    expect(() => resolveLaunchOptions(flags(['--browser']), p, ctx)).toThrow(/--browser is not allowed/);
    // The same value as the lock is fine.
    expect(resolveLaunchOptions(flags(['--server', 'https://central.example', '--data-dir', '/srv/desk']), p, ctx)).toMatchObject({
      serverSource: 'policy',
      dataDirSource: 'policy',
    });
  });

  it('refuses http:// and ws:// to a gateway off this machine unless the policy allows it; loopback is fine', () => {
    for (const url of ['http://gw.hotel.example:4000', 'ws://10.0.0.5:4000']) {
      expect(() => resolveLaunchOptions(flags(['--server', url]), { policy: DEFAULT_POLICY, source: null }, ctx)).toThrow(
        /is unencrypted \((http|ws):\/\/\) and not on this machine.*"allowInsecureTransport": true/,
      );
      expect(() => resolveLaunchOptions(flags([]), policy({ serverUrl: url }), ctx)).toThrow(LaunchError);
      expect(resolveLaunchOptions(flags(['--server', url]), policy({ allowInsecureTransport: true }), ctx).serverUrl).toBe(url);
    }
    for (const url of ['http://127.0.0.1:4000', 'http://localhost:4000', 'ws://[::1]:4000', 'https://gw.hotel.example']) {
      expect(resolveLaunchOptions(flags(['--server', url]), { policy: DEFAULT_POLICY, source: null }, ctx).serverUrl).toBe(url);
    }
  });

  it('passes token-storage and log settings through from the policy', () => {
    const o = resolveLaunchOptions(flags([]), policy({ allowPlaintextTokenStorage: true, logLevel: 'debug' }), ctx);
    expect(o).toMatchObject({ allowPlaintextTokenStorage: true, logLevel: 'debug', policySource: '/etc/frontdesk/policy.json' });
  });

  it('uses the usual per-user data directory on each OS', () => {
    expect(defaultUserDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Roaming\\Frontdesk');
    expect(defaultUserDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Frontdesk');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe('/cfg/Frontdesk');
  });
});
