/**
 * The hosts' answer to a dead or frozen renderer: log and reload; a hang gets a
 * grace period and is then killed and reloaded; a clean exit is left alone; a
 * renderer that keeps crashing is reloaded a bounded number of times, then the
 * host gives up once and says why. The log lines go through real pino.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RendererRecovery } from '../../main/core/renderer-recovery.ts';

function setup(o: { hangGraceMs?: number } = {}) {
  const lines: { msg: string; level: number }[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({ write: (c: Buffer, _e, cb) => (lines.push(JSON.parse(c.toString()) as { msg: string; level: number }), cb()) }),
  );
  const calls: string[] = [];
  let t = 0;
  const r = new RendererRecovery(
    'primary:today',
    { reload: () => calls.push('reload'), kill: () => calls.push('kill'), giveUp: (m) => calls.push(`giveUp: ${m}`) },
    log,
    {
      maxReloads: 3,
      windowMs: 60_000,
      hangGraceMs: o.hangGraceMs ?? 30,
      now: () => t,
    },
  );
  return { r, calls, lines, advance: (ms: number) => (t += ms) };
}

describe('renderer recovery', () => {
  it('reloads after a crash and logs it; ignores a clean exit', () => {
    const { r, calls, lines } = setup();
    r.gone('clean-exit', 0);
    expect(calls).toEqual([]);
    r.gone('crashed', 139);
    expect(calls).toEqual(['reload']);
    expect(lines.map((l) => l.msg)).toEqual(['renderer gone', 'renderer crashed: reloading the window']);
  });

  it('gives a hang its grace period, then kills and reloads; recovering in time cancels it', async () => {
    const { r, calls, lines } = setup({ hangGraceMs: 40 });
    r.unresponsive();
    r.responsive();
    await new Promise((res) => setTimeout(res, 80));
    expect(calls).toEqual([]);
    r.unresponsive();
    r.unresponsive(); // repeated notices do not stack timers
    await new Promise((res) => setTimeout(res, 80));
    expect(calls).toEqual(['kill', 'reload']);
    expect(lines.map((l) => l.msg)).toContain('renderer still not responding: restarting it');
  });

  it('stops reloading a renderer that keeps crashing, says so once, and stays stopped', () => {
    const { r, calls, advance } = setup();
    for (let i = 0; i < 5; i++) r.gone('crashed');
    expect(calls).toEqual(['reload', 'reload', 'reload', 'giveUp: renderer crashed: reloaded 3 times within 60 s, not reloading again']);
    advance(61_000);
    r.gone('crashed');
    expect(calls.length).toBe(4);
  });
});
