/**
 * `npm run security:electronegativity`: runs Doyensec's Electronegativity over the
 * desk's sources as one app (main/, preload/, renderer/ — together, so its global
 * checks see the CSP, navigation limits and permission handler wherever they are
 * set) and fails when a finding is not explained in SECURITY.md's
 * "Electronegativity findings" table (check id + file). Fixed findings simply no
 * longer appear.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronVersion } from './packaging.ts';
import { ROOT } from './project.ts';

export interface Finding {
  check: string;
  severity: string;
  file: string;
  location: string;
}

function parseCsv(text: string): Finding[] {
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const cells = [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].map((m) => (m[2] ?? m[1] ?? '').trim());
      return { check: cells[0]!, severity: cells[1]!, file: cells[3]!, location: cells[4]! };
    });
}

/** `CHECK_ID` + file pairs from SECURITY.md's findings table (`| CHECK_ID | file | … |`). */
export function explainedFindings(markdown: string): Set<string> {
  const section = markdown.split(/^## Electronegativity findings/m)[1]?.split(/^## /m)[0] ?? '';
  const out = new Set<string>();
  for (const m of section.matchAll(/^\|\s*`?([A-Z_]+_CHECK)`?\s*\|\s*`?([^|`]+?)`?\s*\|/gm)) out.add(`${m[1]} ${m[2]}`);
  return out;
}

export function runElectronegativity(): Finding[] {
  const stage = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-electronegativity-'));
  try {
    for (const dir of ['main', 'preload', path.join('renderer', 'src'), path.join('renderer', 'index.html')]) {
      cpSync(path.join(ROOT, dir), path.join(stage, dir), { recursive: true });
    }
    const csv = path.join(stage, 'report.csv');
    const bin = path.join(ROOT, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
    const r = spawnSync(process.execPath, [bin, '-i', stage, '-o', csv, '-r', '-e', electronVersion(), '-v', 'false'], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`electronegativity failed (${r.status}): ${r.stderr}`);
    return parseCsv(readFileSync(csv, 'utf8')).map((f) => ({ ...f, file: f.file.replaceAll('\\', '/') }));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function main(): void {
  const findings = runElectronegativity();
  const explained = explainedFindings(readFileSync(path.join(ROOT, 'SECURITY.md'), 'utf8'));
  const open = findings.filter((f) => !explained.has(`${f.check} ${f.file}`));
  for (const f of findings)
    console.log(`${explained.has(`${f.check} ${f.file}`) ? 'explained' : 'OPEN     '}  ${f.severity.padEnd(8)} ${f.check}  ${f.file}:${f.location}`);
  if (open.length > 0) {
    console.error(`\n${open.length} Electronegativity finding(s) are neither fixed nor explained in SECURITY.md ("Electronegativity findings").`);
    process.exit(1);
  }
  console.log(`\n${findings.length} finding(s), all explained in SECURITY.md.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(ROOT, 'scripts', 'electronegativity.ts')) main();
