/**
 * Where the CPU went during a burst: user+system time of this process and every
 * descendant (gateway, Chromium's browser/renderer/GPU/utility processes), read
 * from /proc before and after. On a 2-core machine the publish→visible latency
 * under load is mostly queueing for a core, so this tells which part to slim.
 * Linux only; elsewhere it returns nothing (the bench still runs).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

interface ProcSample {
  pid: number;
  ppid: number;
  name: string;
  cpuMs: number;
}

function readProc(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields start after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(rest[1]);
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    // Chromium's zygote children rewrite their title into one space-separated string.
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    return { pid, ppid, name: classify(cmd), cpuMs: ((utime + stime) * 1000) / TICKS_PER_S };
  } catch {
    return null; // gone, or not Linux
  }
}

function classify(cmd: string[]): string {
  const exe = cmd[0] ?? '';
  const type = cmd.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (/chrom/i.test(exe)) {
    if (!type) return 'chromium browser';
    if (type === 'renderer') return 'chromium renderer (page)';
    if (type === 'gpu-process') return 'chromium gpu/compositor';
    return `chromium ${type}`;
  }
  if (cmd.some((a) => a.includes('server/cli.ts'))) return 'gateway';
  return exe.split('/').pop() ?? exe;
}

/** This process (labelled `self`) and its descendants, with cumulative CPU ms. */
export function sampleTree(selfLabel: string): Map<number, ProcSample> {
  const all = new Map<number, ProcSample>();
  let pids: number[] = [];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return all;
  }
  const byPid = new Map<number, ProcSample>();
  for (const pid of pids) {
    const s = readProc(pid);
    if (s) byPid.set(pid, s);
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) return true;
      const s = byPid.get(p);
      if (!s) return false;
      p = s.ppid;
    }
    return false;
  };
  for (const [pid, s] of byPid) {
    if (!isDescendant(pid)) continue;
    all.set(pid, pid === process.pid ? { ...s, name: selfLabel } : s);
  }
  return all;
}

/** CPU ms spent between two samples, summed by process kind. */
export function cpuByKind(before: Map<number, ProcSample>, after: Map<number, ProcSample>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pid, s] of after) {
    const spent = s.cpuMs - (before.get(pid)?.cpuMs ?? 0);
    if (spent <= 0) continue;
    out[s.name] = (out[s.name] ?? 0) + spent;
  }
  return out;
}

/** Busy and total CPU ms of the whole machine (all processes, ours or not). */
export function machineCpu(): { busyMs: number; totalMs: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
    return { busyMs: ((total - idle) * 1000) / TICKS_PER_S, totalMs: (total * 1000) / TICKS_PER_S };
  } catch {
    return { busyMs: NaN, totalMs: NaN };
  }
}
