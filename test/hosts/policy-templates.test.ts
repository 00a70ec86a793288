/**
 * `npm run policy:templates -- --out DIR` writes the JSON Schema, ADMX/ADML and
 * the macOS profile from the one policy schema. Each file is parsed as what it
 * claims to be (JSON, well-formed XML, a plist) and must carry every policy
 * key, with the same defaults; and what Windows writes to the registry from the
 * ADMX is read back by the desk.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRegQuery } from '../../main/config/managed-policy.ts';
import { DEFAULT_POLICY, PolicySchema, parsePolicy } from '../../main/config/policy.ts';
import { MAC_PREFERENCE_DOMAIN, REGISTRY_KEY } from '../../main/config/policy-templates.ts';
import { REPO_ROOT } from '../helpers/gateway-process.ts';

// plist and @xmldom/xmldom come with electron-builder; read them from there.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const plist = fromBuilder('plist') as { parse(xml: string): unknown };
const { DOMParser } = createRequire(fromBuilder.resolve('plist'))('@xmldom/xmldom') as {
  DOMParser: new (o: { onError?: (level: string, msg: string) => void }) => { parseFromString(xml: string, type: string): XmlDoc };
};
interface XmlEl {
  tagName: string;
  getAttribute(n: string): string | null;
  getElementsByTagName(n: string): ArrayLike<XmlEl>;
  textContent: string | null;
}
interface XmlDoc {
  documentElement: XmlEl;
}

const KEYS = Object.keys(PolicySchema.shape).filter((k) => k !== '$schema');
const out = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-policy-templates-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function parseXml(file: string): XmlDoc {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => problems.push(`${level}: ${msg}`) }).parseFromString(readFileSync(file, 'utf8'), 'text/xml');
  expect(problems, file).toEqual([]);
  return doc;
}
const all = (el: XmlEl, tag: string) => Array.from(el.getElementsByTagName(tag));

beforeAll(() => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/policy-templates.ts', '--out', out], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);

describe('policy templates', () => {
  it('the policy schema has keys to template', () => {
    expect(KEYS).toEqual(expect.arrayContaining(['serverUrl', 'allowServerOverride', 'dataDir', 'allowInsecureTransport', 'logLevel', 'crashReportUrl']));
  });

  it('JSON Schema: every key, described, with the defaults, no others allowed', () => {
    const schema = JSON.parse(readFileSync(path.join(out, 'frontdesk-policy.schema.json'), 'utf8')) as {
      properties: Record<string, { description?: string; default?: unknown }>;
      additionalProperties: boolean;
    };
    expect(
      Object.keys(schema.properties)
        .filter((k) => k !== '$schema')
        .sort(),
    ).toEqual([...KEYS].sort());
    expect(schema.additionalProperties).toBe(false);
    for (const k of KEYS) {
      expect(schema.properties[k]!.description, k).toBeTruthy();
      const dflt = (DEFAULT_POLICY as Record<string, unknown>)[k];
      if (dflt !== undefined) expect(schema.properties[k]!.default, k).toEqual(dflt);
    }
  });

  it('ADMX and ADML: well-formed XML, one policy per key under the policies registry key, every string and presentation defined', () => {
    const admx = parseXml(path.join(out, 'frontdesk.admx')).documentElement;
    const adml = parseXml(path.join(out, 'en-US', 'frontdesk.adml')).documentElement;
    expect(admx.tagName).toBe('policyDefinitions');
    expect(adml.tagName).toBe('policyDefinitionResources');
    const policies = all(admx, 'policy');
    expect(policies.map((p) => p.getAttribute('name')).sort()).toEqual([...KEYS].sort());
    for (const p of policies) {
      expect(p.getAttribute('key')).toBe(REGISTRY_KEY);
      expect(p.getAttribute('class')).toBe('Machine');
      const valueName = p.getAttribute('valueName') || all(p, 'text').concat(all(p, 'enum'))[0]?.getAttribute('valueName');
      expect(valueName, p.getAttribute('name')!).toBe(p.getAttribute('name'));
    }
    const logLevel = policies.find((p) => p.getAttribute('name') === 'logLevel')!;
    expect(all(logLevel, 'string').map((s) => s.textContent)).toEqual(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

    const strings = new Set(all(adml, 'string').map((s) => s.getAttribute('id')));
    const presentations = new Set(all(adml, 'presentation').map((s) => s.getAttribute('id')));
    const text = readFileSync(path.join(out, 'frontdesk.admx'), 'utf8');
    for (const [, id] of text.matchAll(/\$\(string\.([^)]+)\)/g)) expect(strings.has(id!), `string ${id}`).toBe(true);
    for (const [, id] of text.matchAll(/\$\(presentation\.([^)]+)\)/g)) expect(presentations.has(id!), `presentation ${id}`).toBe(true);
  });

  it('mobileconfig: a valid plist profile whose payload carries every key, valid against the schema once examples are filled', () => {
    const profile = plist.parse(readFileSync(path.join(out, 'frontdesk.mobileconfig'), 'utf8')) as {
      PayloadType: string;
      PayloadContent: Record<string, unknown>[];
    };
    expect(profile.PayloadType).toBe('Configuration');
    const payload = profile.PayloadContent[0]!;
    expect(payload.PayloadType).toBe(MAC_PREFERENCE_DOMAIN);
    const keys = Object.keys(payload).filter((k) => !k.startsWith('Payload'));
    expect(keys.sort()).toEqual([...KEYS].sort());
    const values = Object.fromEntries(keys.map((k) => [k, payload[k]]));
    const parsed = parsePolicy(JSON.stringify(values), 'frontdesk.mobileconfig');
    for (const k of KEYS) {
      const dflt = (DEFAULT_POLICY as Record<string, unknown>)[k];
      if (dflt !== undefined) expect(parsed[k as keyof typeof parsed], k).toEqual(dflt);
    }
  });

  it('reads back what Group Policy writes to the registry (reg query output)', () => {
    const output = [
      '',
      `HKEY_LOCAL_MACHINE\\${REGISTRY_KEY}`,
      '    serverUrl    REG_SZ    https://gateway.hotel.example',
      '    allowServerOverride    REG_DWORD    0x0',
      '    allowBrowserHost    REG_DWORD    0x1',
      '    logLevel    REG_SZ    warn',
      '',
    ].join('\r\n');
    const values = parseRegQuery(output);
    expect(values).toEqual({ serverUrl: 'https://gateway.hotel.example', allowServerOverride: false, allowBrowserHost: true, logLevel: 'warn' });
    expect(parsePolicy(JSON.stringify(values), 'registry')).toMatchObject({
      serverUrl: 'https://gateway.hotel.example',
      allowServerOverride: false,
      logLevel: 'warn',
    });
  });
});
