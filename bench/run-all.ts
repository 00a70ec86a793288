/**
 * `npm run bench`: runs every benchmark in bench/ (files `*.bench.ts`) one after another,
 * each in its own process so one cannot skew the next (heap, JIT, open sockets), then
 * gathers what they wrote to bench/results/<name>.json into one table:
 * bench/results/summary.md and bench/results/summary.json, with the machine it ran on.
 *
 * Usage: npm run bench [-- --only gateway,renderer] [--timeout-min 30] [--skip-run]
 *   --only       run just these benches (names without .bench.ts)
 *   --skip-run   do not run anything; only rebuild the summary from existing results
 *   --timeout-min per-bench wall clock limit (default 30); a bench past it is killed and reported
 *
 * Figures are taken from each result file as written. Results are understood in two shapes:
 *  1. the recommended one (see bench/README.md): { figures: [{ metric, value, unit?, scenario?,
 *     peers?: { name: value }, ratios?: { label: number }, target?, pass? }] }
 *  2. anything else: every numeric leaf becomes a row named by its JSON path, and leaves whose
 *     key mentions "ratio" (or `vs`) are listed as ratios. Nothing is dropped.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, createWriteStream, statSync } from 'node:fs';
import { cpus, freemem, totalmem, type as osType, release as osRelease, platform, arch, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BENCH_DIR = join(ROOT, 'bench');
const RESULTS_DIR = join(BENCH_DIR, 'results');

export interface Figure {
  bench: string;
  metric: string;
  scenario: string | null;
  value: number | string | boolean | null;
  unit: string | null;
  peers: Record<string, number | string | null>;
  ratios: Record<string, number>;
  target: string | null;
  pass: boolean | null;
}

export interface BenchRun {
  name: string;
  file: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  seconds: number;
  resultFile: string | null;
  /** The result file existed but predates this run (the bench failed before writing). */
  stale: boolean;
  /** Set when the bench was not run this time (--only / --skip-run): when its result file was written. */
  notRunResultAt?: string | null;
  /** Load average the bench itself recorded, if it did (figures on a busy machine read differently). */
  loadavg?: number[] | null;
}

export interface Machine {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  freeRamGiB: number;
  node: string;
  os: string;
  arch: string;
  loadavg: number[];
  date: string;
}

export function machineInfo(now = new Date()): Machine {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    ramGiB: round(totalmem() / 2 ** 30, 1),
    freeRamGiB: round(freemem() / 2 ** 30, 1),
    node: process.version,
    os: `${osType()} ${osRelease()} (${platform()})`,
    arch: arch(),
    loadavg: loadavg().map((l) => round(l, 2)),
    date: now.toISOString(),
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function discoverBenches(dir = BENCH_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
}

function benchName(file: string): string {
  return basename(file, '.bench.ts');
}

async function runOne(file: string, timeoutMs: number, extraArgs: string[]): Promise<BenchRun> {
  const name = benchName(file);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const resultPath = join(RESULTS_DIR, `${name}.json`);
  const before = existsSync(resultPath) ? statSync(resultPath).mtimeMs : 0;
  const log = createWriteStream(join(RESULTS_DIR, `${name}.log`));
  const started = Date.now();
  console.log(`\n=== bench ${name} (${file}) ===`);
  // `node --import tsx` runs the bench in ONE process, so a timeout kill really ends it.
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, file), ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FRONTDESK_BENCH_RUN_ALL: '1' },
    detached: true,
  });
  child.stdout.on('data', (d: Buffer) => {
    process.stdout.write(d);
    log.write(d);
  });
  child.stderr.on('data', (d: Buffer) => {
    process.stderr.write(d);
    log.write(d);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(`bench ${name}: over ${Math.round(timeoutMs / 60000)} min, killing it`);
    // The bench may have spawned servers and clients: end its whole process group.
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }, timeoutMs);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.on('exit', (c, s) => res([c, s])));
  clearTimeout(timer);
  await new Promise<void>((r) => log.end(() => r()));
  const exists = existsSync(resultPath);
  const stale = exists && statSync(resultPath).mtimeMs <= before;
  return {
    name,
    file,
    exitCode,
    signal,
    timedOut,
    seconds: round((Date.now() - started) / 1000, 1),
    resultFile: exists ? `bench/results/${name}.json` : null,
    stale,
  };
}

// ------------------------------------------------------------------ figures

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function numericRecord(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  return out;
}

function peerRecord(v: unknown): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'number' || typeof x === 'string' || x === null) out[k] = x;
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/** Turns one bench's result JSON into rows; see the header for the shapes understood. */
export function extractFigures(bench: string, json: unknown): Figure[] {
  if (isRecord(json) && Array.isArray(json.figures)) {
    return json.figures.filter(isRecord).map((f) => ({
      bench,
      metric: str(f.metric) ?? str(f.name) ?? '(unnamed)',
      scenario: str(f.scenario),
      value: typeof f.value === 'number' || typeof f.value === 'string' || typeof f.value === 'boolean' ? f.value : null,
      unit: str(f.unit),
      peers: peerRecord(f.peers),
      ratios: numericRecord(f.ratios),
      target: str(f.target),
      pass: typeof f.pass === 'boolean' ? f.pass : null,
    }));
  }
  // Generic: comparison tables become figures with peers and ratios; other numeric leaves become rows.
  const rows: Figure[] = [];
  const walk = (v: unknown, path: string[]): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, labelOf(x) ?? String(i)]));
      return;
    }
    if (isRecord(v)) {
      const table = comparisonOf(v);
      if (table) {
        rows.push(...table.map((t) => ({ ...t, bench, scenario: path.length ? path.join('.') : null })));
        return;
      }
      for (const [k, x] of Object.entries(v)) if (!IGNORED_KEYS.has(k)) walk(x, [...path, k]);
      return;
    }
    if (typeof v !== 'number' && typeof v !== 'boolean') return;
    const key = path[path.length - 1] ?? '';
    const metric = path.join('.');
    const isRatio = /(^|[_\-. ])(ratio|vs)([_\-. ]|$)/i.test(key) || /Ratio|Vs[A-Z]/.test(key);
    rows.push({
      bench,
      metric,
      scenario: null,
      value: isRatio ? null : v,
      unit: null,
      peers: {},
      ratios: isRatio && typeof v === 'number' ? { [key]: v } : {},
      target: null,
      pass: /^(pass|ok|met)$/i.test(key) && typeof v === 'boolean' ? v : null,
    });
  };
  walk(json, []);
  return rows;
}

/** Bookkeeping and raw-sample keys that are not figures (the machine is reported once, by us). */
const IGNORED_KEYS = new Set(['machine', 'runs', 'results', 'samples', 'raw', 'loadavg', 'started', 'at', 'node', 'cpus', 'cores', 'quick']);

/** Implementations the project is measured against; the first present is the subject of a comparison. */
const SUBJECT_NAMES = ['frontdesk', 'gateway', 'desk', 'ours', 'subject'];

/**
 * `{ frontdesk: {a: 1, b: 2}, ws: {a: 3, b: 4}, socketio: {...} }`: the same numeric metrics for
 * several implementations measured in one run. Returns one figure per metric with the others as
 * peers and subject/peer ratios, or null when `v` is not such a table.
 */
function comparisonOf(v: Record<string, unknown>): Array<Omit<Figure, 'bench' | 'scenario'>> | null {
  const entries = Object.entries(v).filter(([, x]) => isRecord(x)) as Array<[string, Record<string, unknown>]>;
  if (entries.length < 2 || entries.length !== Object.keys(v).length) return null;
  const numericKeys = (r: Record<string, unknown>) => Object.keys(r).filter((k) => typeof r[k] === 'number');
  const shared = numericKeys(entries[0][1]).filter((k) => entries.every(([, r]) => typeof r[k] === 'number'));
  if (shared.length === 0) return null;
  const subjectName = SUBJECT_NAMES.find((n) => n in v) ?? entries[0][0];
  const subject = v[subjectName] as Record<string, number>;
  return shared.map((metric) => {
    const peers: Record<string, number> = {};
    const ratios: Record<string, number> = {};
    for (const [name, r] of entries) {
      if (name === subjectName) continue;
      const peer = r[metric] as number;
      peers[name] = peer;
      if (peer !== 0) ratios[`${subjectName} / ${name}`] = round(subject[metric] / peer, 3);
    }
    return { metric: `${metric} (${subjectName})`, value: subject[metric], unit: null, peers, ratios, target: null, pass: null };
  });
}

/** Array elements are labelled by a name-like field when they have one, so paths stay readable. */
function labelOf(v: unknown): string | null {
  if (!isRecord(v)) return null;
  for (const k of ['name', 'scenario', 'label', 'id', 'n', 'N', 'connections', 'rate']) {
    const x = v[k];
    if (typeof x === 'string' || typeof x === 'number') return `${k === 'name' || k === 'label' || k === 'id' || k === 'scenario' ? '' : `${k}=`}${x}`;
  }
  return null;
}

function fmt(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v.toLocaleString('en-US');
    const abs = Math.abs(v);
    return v.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : abs >= 1 ? 2 : 4 });
  }
  return String(v);
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(machine: Machine, runs: BenchRun[], figures: Figure[], notes: string[]): string {
  const lines: string[] = [];
  lines.push('# Benchmark summary', '');
  lines.push(
    `Run ${machine.date} on ${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, Node ${machine.node}, ${machine.os} ${machine.arch} (load ${machine.loadavg.join(' / ')} at the end).`,
    '',
  );
  lines.push('Peer figures and ratios were measured in the same run as the figure beside them (see bench/README.md).', '');
  lines.push('## Runs', '', '| bench | exit | seconds | load average during the bench | result |', '|---|---|---|---|---|');
  for (const r of runs) {
    const exit = r.timedOut
      ? 'timed out'
      : r.signal
        ? r.signal
        : r.notRunResultAt !== undefined
          ? `not run now${r.notRunResultAt ? ` (result of ${r.notRunResultAt})` : ''}`
          : String(r.exitCode);
    const result = r.resultFile ? `${r.resultFile}${r.stale ? ' (STALE: from an earlier run)' : ''}` : 'missing';
    lines.push(`| ${r.name} | ${exit} | ${r.seconds} | ${r.loadavg ? r.loadavg.join(' / ') : ''} | ${cell(result)} |`);
  }
  const benches = [...new Set(figures.map((f) => f.bench))];
  for (const bench of benches) {
    const rows = figures.filter((f) => f.bench === bench);
    lines.push('', `## ${bench}`, '', '| metric | scenario | value | unit | peers (same run) | ratios | target | met |', '|---|---|---|---|---|---|---|---|');
    for (const f of rows) {
      const peers = Object.entries(f.peers)
        .map(([k, v]) => `${k}: ${fmt(v)}`)
        .join('; ');
      const ratios = Object.entries(f.ratios)
        .map(([k, v]) => `${k}: ${fmt(v)}`)
        .join('; ');
      const met = f.pass === null ? '' : f.pass ? 'yes' : '**NO**';
      lines.push(
        `| ${cell(f.metric)} | ${cell(f.scenario ?? '')} | ${cell(fmt(f.value))} | ${cell(f.unit ?? '')} | ${cell(peers)} | ${cell(ratios)} | ${cell(f.target ?? '')} | ${met} |`,
      );
    }
  }
  if (notes.length) lines.push('', '## Notes', '', ...notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

function loadavgOf(json: unknown): number[] | null {
  if (!isRecord(json)) return null;
  const la = json.loadavg ?? (isRecord(json.machine) ? json.machine.loadavg : undefined);
  return Array.isArray(la) && la.every((x) => typeof x === 'number') ? (la as number[]) : null;
}

function readResult(name: string): unknown {
  const path = join(RESULTS_DIR, `${name}.json`);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      only: { type: 'string' },
      'skip-run': { type: 'boolean', default: false },
      'timeout-min': { type: 'string', default: '30' },
    },
    allowPositionals: true,
    strict: false,
  });
  const only = typeof values.only === 'string' ? new Set(values.only.split(',').map((s) => s.trim())) : null;
  const timeoutMs = Number(values['timeout-min']) * 60_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error(`--timeout-min must be a positive number, got ${String(values['timeout-min'])}`);
  const all = discoverBenches();
  const files = all.filter((f) => !only || only.has(benchName(f)));
  if (files.length === 0) {
    console.error(only ? `no bench matches --only ${[...only].join(',')} (have: ${all.map(benchName).join(', ')})` : 'no bench/*.bench.ts found');
    return 1;
  }
  const runs: BenchRun[] = [];
  for (const file of all) {
    const name = benchName(file);
    if (values['skip-run'] || !files.includes(file)) {
      // Not run now: its last result (if any) still goes in the table, marked with its date.
      const path = join(RESULTS_DIR, `${name}.json`);
      const has = existsSync(path);
      runs.push({
        name,
        file,
        exitCode: null,
        signal: null,
        timedOut: false,
        seconds: 0,
        resultFile: has ? `bench/results/${name}.json` : null,
        stale: false,
        notRunResultAt: has ? statSync(path).mtime.toISOString() : null,
      });
      continue;
    }
    runs.push(await runOne(file, timeoutMs, positionals.map(String)));
  }

  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const r of runs) {
    if (!r.resultFile) {
      notes.push(`${r.name}: no result file (exit ${r.exitCode ?? r.signal ?? 'n/a'}); see bench/results/${r.name}.log`);
      continue;
    }
    try {
      const json = readResult(r.name);
      r.loadavg = loadavgOf(json);
      const rows = extractFigures(r.name, json);
      if (rows.length === 0) notes.push(`${r.name}: result file has no numeric figures`);
      figures.push(...rows);
    } catch (err) {
      notes.push(`${r.name}: unreadable result file (${(err as Error).message})`);
    }
    if (r.stale) notes.push(`${r.name}: result file was NOT rewritten by this run; its figures are from an earlier run`);
    if (r.exitCode !== 0 && r.notRunResultAt === undefined) notes.push(`${r.name}: exited ${r.timedOut ? 'after timeout' : (r.exitCode ?? r.signal)}`);
  }
  const missed = figures.filter((f) => f.pass === false);
  if (missed.length)
    notes.push(
      `${missed.length} figure(s) missed their target: ${missed.map((f) => `${f.bench}/${f.metric}${f.scenario ? ` (${f.scenario})` : ''}`).join(', ')}`,
    );

  const machine = machineInfo();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const summary = { machine, runs, figures, notes };
  writeFileSync(join(RESULTS_DIR, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  const md = renderMarkdown(machine, runs, figures, notes);
  writeFileSync(join(RESULTS_DIR, 'summary.md'), md);
  console.log('\n' + md);
  console.log(`wrote bench/results/summary.md and bench/results/summary.json (${figures.length} figures from ${runs.length} benches)`);
  const failedRuns = runs.filter((r) => r.notRunResultAt === undefined && (r.exitCode !== 0 || r.timedOut || !r.resultFile || r.stale));
  return failedRuns.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}
