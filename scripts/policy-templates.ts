/**
 * `npm run policy:templates -- --out DIR`: writes the policy file's JSON Schema,
 * the Windows Group Policy templates (ADMX + en-US ADML) and the macOS
 * configuration profile, all generated from main/config/policy.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { admx, adml, mobileconfig, policyJsonSchema } from '../main/config/policy-templates.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
if (values.help || !values.out) {
  console[values.help ? 'log' : 'error']('usage: npm run policy:templates -- --out DIR');
  process.exit(values.help ? 0 : 2);
}
const out = path.resolve(values.out);
mkdirSync(path.join(out, 'en-US'), { recursive: true });
const files: [string, string][] = [
  ['frontdesk-policy.schema.json', `${JSON.stringify(policyJsonSchema(), null, 2)}\n`],
  ['frontdesk.admx', admx()],
  [path.join('en-US', 'frontdesk.adml'), adml()],
  ['frontdesk.mobileconfig', mobileconfig()],
];
for (const [name, text] of files) {
  writeFileSync(path.join(out, name), text);
  console.log(path.join(out, name));
}
