/**
 * What a helpdesk gets from `npm run doctor -- --data-dir DIR --server URL --json`
 * on a real desk store synced from a real gateway: the app version, the policy in
 * effect and where it came from, and whether the gateway answers (and, when it
 * does not, why).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, REPO_ROOT, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { startSync } from './support/sync-process.ts';
import { makeTempDir } from './support/temp-dir.ts';

const tmp = makeTempDir('frontdesk-doctor-');
const dataDir = path.join(tmp.dir, 'desk');
let gw: GatewayProcess;

interface DoctorJson {
  integrity: string;
  version: string;
  policy: { source: string | null; values: Record<string, unknown>; error?: string };
  gateway?: { url: string; reachable: boolean; mode?: string; error?: string };
}

function doctor(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; json: DoctorJson } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/doctor.ts', '--data-dir', dataDir, '--json', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: r.status, json: JSON.parse(r.stdout) as DoctorJson };
}

beforeAll(async () => {
  gw = await startGateway({ demo: true });
  const sync = startSync({ server: gw.url, dataDir, email: DEMO_USERS.demoHotel.email, password: DEMO_USERS.demoHotel.password, extra: ['--until-live'] });
  expect(await sync.exited).toBe(0);
}, 60_000);

afterAll(async () => {
  await gw?.stop();
  tmp.cleanup();
});

describe('doctor for the helpdesk', () => {
  it('reports the version, the policy in effect and a reachable gateway', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const policyFile = path.join(tmp.dir, 'policy.json');
    fs.writeFileSync(policyFile, JSON.stringify({ logLevel: 'warn', allowBrowserHost: false }));
    const { code, json } = doctor(['--server', gw.url], { FRONTDESK_POLICY_FILE: policyFile });
    expect(code).toBe(0);
    expect(json.integrity).toBe('ok');
    expect(json.version).toBe(pkg.version);
    expect(json.policy.source).toBe(policyFile);
    expect(json.policy.values).toMatchObject({ logLevel: 'warn', allowBrowserHost: false, allowInsecureTransport: false });
    expect(json.gateway).toMatchObject({ url: gw.url, reachable: true, mode: 'sqlite' });
  });

  it('says why a gateway is not reachable, and a bad policy file plainly', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const bad = path.join(tmp.dir, 'bad-policy.json');
    fs.writeFileSync(bad, '{"logLevel": "loud"}');
    const { json } = doctor(['--server', `http://127.0.0.1:${port}`], { FRONTDESK_POLICY_FILE: bad });
    expect(json.gateway).toMatchObject({ reachable: false, error: 'ECONNREFUSED' });
    expect(json.policy.error).toMatch(/Invalid Frontdesk policy file .*bad-policy\.json: "logLevel"/);
    const without = doctor([]);
    expect(without.json.gateway).toBeUndefined();
  });
});
