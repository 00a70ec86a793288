/**
 * `npx tsx bench/renderer.bench.ts`: how fast a published event shows up on the
 * receptionist's screen, and whether the screen stays smooth under a burst.
 *
 * All real: the gateway process (demo data), the desk core in the browser host,
 * the built renderer in Debian Chromium, on the Activity view. Events are
 * published over HTTP keep-alive at 10 and 1,000 events/s.
 *
 * Per event:
 *   - t0: just before its POST /v2/realtime/publish (epoch ms, high resolution)
 *   - delivered: when the page's `window.frontdesk.onDelta` listener got it
 *     (the peer measured in the same run: the bridge without React/DOM work)
 *   - in DOM: when its row (`[data-event-id]`) entered the DOM (MutationObserver)
 *   - visible: the first painted frame in which the screen reflects the event. For
 *     an event whose row is laid out: the first frame after the row entered the DOM
 *     (a ResizeObserver notification the bench provokes in every such frame arrives
 *     after the frame's layout, before its paint). For EVERY delivered event,
 *     including those whose row is never painted (a 1,000/s batch holds more events
 *     than fit on screen; the older ones land below the fold of the virtualised
 *     list): the first frame after the Activity list's DOM changed following the
 *     event's delivery to the page — the frame that shows the list with that event
 *     applied (its row, or the list it moved down). Whichever comes first counts,
 *     and every published event must get one: "events visible / published" shows it.
 *     The Element Timing API would be the natural probe, but under a burst Chromium
 *     reports only a fraction of painted rows (376 of 3,000 with every row on
 *     screen), and not a random fraction.
 * Both processes read the same system clock (performance.timeOrigin + now()).
 * Frame times: requestAnimationFrame deltas and long tasks (PerformanceObserver)
 * during each burst. Responsiveness: during each burst the bench presses `?` and
 * Escape about three times a second and times key event → the frame that shows
 * the help dialog (same frame probe as the rows). The window is a 1920×1080 desk monitor.
 * FRONTDESK_BENCH_VIEWPORT=1440x3300 gives every event a row (heavier painting).
 * Also printed: the gateway's HTTP answer time as the publisher saw it, and the
 * CPU each process took while a scenario ran (from /proc: where latency queues on
 * 2 cores). FRONTDESK_BENCH_PROFILE=1 adds a V8 CPU profile of the page during
 * the burst (top self time, and bench/results/renderer-burst.cpuprofile).
 *
 * Targets: p99 < 50 ms at 10/s, < 100 ms at 1,000/s, no frame > 100 ms.
 * The burst runs --bursts times (3) after a 2 s warm-up at the same rate; each run
 * is a column and must meet the targets on its own.
 * Writes bench/results/renderer.json. Options: --seconds-slow 5 --seconds-fast 3 --bursts 3
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { Page } from 'playwright-core';
import type { PushPayloads } from '../shared/ipc.ts';
import { PUBLISH_PATH } from '../shared/protocol.ts';
import { chromiumAvailable } from '../test/helpers/chromium.ts';
import { DEMO, signIn, startDeskUnderTest, type DeskUnderTest } from '../test/e2e/desk-harness.ts';
import { startPageProfile } from './renderer/page-profile.ts';
import { cpuByKind, machineCpu, sampleTree } from './renderer/process-cpu.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const { values: argv } = parseArgs({
  options: {
    'seconds-slow': { type: 'string', default: '5' },
    'seconds-fast': { type: 'string', default: '3' },
    bursts: { type: 'string', default: '3' },
  },
});

interface Scenario {
  name: string;
  rate: number;
  seconds: number;
  targetP99Ms: number;
}

/** The burst runs several times in one session: on 2 shared cores one run is not a figure. */
const BURSTS = Math.max(1, Number(argv.bursts));
const SCENARIOS: Scenario[] = [
  { name: '10 events/s', rate: 10, seconds: Number(argv['seconds-slow']), targetP99Ms: 50 },
  ...Array.from({ length: BURSTS }, (_, i) => ({
    name: BURSTS === 1 ? '1,000 events/s' : `1,000 events/s #${i + 1}`,
    rate: 1000,
    seconds: Number(argv['seconds-fast']),
    targetP99Ms: 100,
  })),
];
const MAX_FRAME_TARGET_MS = 100;
/** A desk monitor; FRONTDESK_BENCH_VIEWPORT=1440x3300 makes every event of a batch get a row. */
const [VIEWPORT_WIDTH, VIEWPORT_HEIGHT] = (process.env.FRONTDESK_BENCH_VIEWPORT ?? '1920x1080').split('x').map(Number);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * The page-side recorders, as source text: tsx would wrap a real function in
 * helpers (`__name`) that do not exist in the page.
 */
const RECORDERS_JS = `(() => {
  if (window.__bench) return;
  const rec = { visible: {}, dom: {}, delivered: {}, stored: {}, reflected: {}, keys: [], frames: [], longTasks: [], recording: false };
  window.__bench = rec;
  const t = () => performance.timeOrigin + performance.now();
  // Delivered to the page, the list not yet changed since.
  let unreflected = [];
  window.frontdesk.onDelta((d) => {
    const at = t();
    for (const a of d.activity) {
      if (a.id in rec.delivered) continue;
      rec.delivered[a.id] = at;
      rec.stored[a.id] = Date.parse(a.at);
      unreflected.push(a.id);
    }
  });
  // A row is visible in the first frame that lays it out after it entered the DOM;
  // that frame paints it. When rows enter, a 1-px probe is resized, so the browser
  // delivers a ResizeObserver notification inside the next frame, after its layout
  // and before its paint: rows inserted before that point (between frames, or in a
  // requestAnimationFrame callback of the same frame, which is where the bridge
  // applies deltas) are painted by that frame.
  const probe = document.createElement('div');
  probe.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0;pointer-events:none;contain:strict';
  document.body.appendChild(probe);
  let waiting = [];
  let waitingKeys = [];
  let resizes = 0;
  new ResizeObserver(() => {
    const at = t();
    for (const id of waiting) if (!(id in rec.visible)) rec.visible[id] = at;
    for (const k of waitingKeys) k.shown = at;
    waiting = [];
    waitingKeys = [];
  }).observe(probe);
  // Responsiveness: '?' pressed during a burst → the frame that shows the help dialog.
  document.addEventListener('keydown', (e) => {
    if (rec.recording && e.key === '?') rec.keys.push({ at: performance.timeOrigin + e.timeStamp, shown: null });
  }, true);
  new MutationObserver((records) => {
    const at = t();
    // The Activity list changed after these events reached the page: the next frame
    // shows the list with them applied (their rows, or the rows they pushed down).
    if (unreflected.length > 0 && records.some((r) => r.type !== 'attributes' && r.target instanceof Node && r.target.isConnected && (r.target.closest ? r.target : r.target.parentElement)?.closest('[data-testid=activity-list]'))) {
      for (const id of unreflected) if (!(id in rec.reflected)) { rec.reflected[id] = at; waiting.push(id); }
      unreflected = [];
    }
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        const els = n.matches('[data-event-id]') ? [n] : Array.from(n.querySelectorAll('[data-event-id]'));
        for (const el of els) {
          const id = el.getAttribute('data-event-id');
          if (id && !(id in rec.dom)) { rec.dom[id] = at; waiting.push(id); }
        }
      }
      if (r.type === 'attributes' && r.target.matches('[data-testid=help-overlay][open]')) {
        const k = rec.keys[rec.keys.length - 1];
        if (k && k.shown === null && !waitingKeys.includes(k)) waitingKeys.push(k);
      }
    }
    // A new width each time (not a toggle: two toggles before one frame would
    // restore the size that frame last saw, and it would not notify).
    if (waiting.length || waitingKeys.length) probe.style.width = (++resizes % 1000) + 1 + 'px';
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['open'] });
  let last = 0;
  const loop = (ts) => {
    if (rec.recording && last > 0) rec.frames.push(ts - last);
    last = ts;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  try {
    new PerformanceObserver((list) => {
      if (!rec.recording) return;
      for (const e of list.getEntries()) rec.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  } catch {
    // no longtask entries: the frame deltas still show stalls
  }
})()`;

/** What the page recorders collected (epoch ms per event id, frame deltas, long tasks). */
interface PageRecord {
  visible: Record<string, number>;
  dom: Record<string, number>;
  delivered: Record<string, number>;
  /** When the Activity list's DOM first changed after the event reached the page. */
  reflected: Record<string, number>;
  /** The gateway's own `at` stamp (ms resolution): the event was stored. */
  stored: Record<string, number>;
  /** '?' key presses during the run: when the key event was created, and the frame that showed the help dialog. */
  keys: Array<{ at: number; shown: number | null }>;
  frames: number[];
  longTasks: number[];
}

/** When the desk core pushed each event to windows (this process, same clock). */
const deskPushedAt = new Map<string, number>();

async function setRecording(page: Page, on: boolean): Promise<void> {
  await page.evaluate((flag) => {
    const rec = (window as unknown as { __bench: { recording: boolean; frames: number[]; longTasks: number[]; keys: unknown[] } }).__bench;
    if (flag) {
      rec.frames = [];
      rec.longTasks = [];
      rec.keys = [];
    }
    rec.recording = flag;
  }, on);
}

/**
 * The publisher, as plain JS for a worker thread: in this process the desk core
 * (browser host) runs too, and 1,000 HTTP requests/s on its event loop would
 * delay its ingest — in the product the desk core has its process to itself.
 */
const PUBLISHER_JS = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const { url, token, orgId, rate, seconds, tag } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const now = () => performance.timeOrigin + performance.now();
const sent = [];
const failures = [];
const post = (i) => new Promise((resolve) => {
  const body = JSON.stringify({ orgId, service: 'bench', kind: 'bench.ping', data: { tag, i } });
  const t0 = now();
  const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token, 'content-length': Buffer.byteLength(body) } }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c) => (text += c));
    res.on('end', () => {
      if (res.statusCode === 200) sent.push([JSON.parse(text).id, t0, now()]);
      else failures.push(res.statusCode + ': ' + text);
      resolve();
    });
  });
  req.on('error', (err) => { failures.push(err.message); resolve(); });
  req.end(body);
});
(async () => {
  const total = Math.round(rate * seconds);
  const tickMs = rate >= 100 ? 10 : 1000 / rate;
  const perTick = rate * (tickMs / 1000);
  const started = now();
  const inflight = [];
  let issued = 0;
  while (issued < total) {
    // Catch up to the schedule (timers drift under load), never ahead of it.
    const due = Math.min(total, Math.floor(((now() - started) / tickMs + 1) * perTick));
    while (issued < due) inflight.push(post(issued++));
    await new Promise((r) => setTimeout(r, tickMs));
  }
  const issueSeconds = (now() - started) / 1000;
  await Promise.all(inflight);
  agent.destroy();
  parentPort.postMessage({ sent, failures, seconds: (now() - started) / 1000, issueSeconds });
})();
`;

/** Publishes `rate` events/s for `seconds` from a worker thread, each stamped just before its POST. */
async function publishAtRate(
  t: DeskUnderTest,
  sc: Scenario,
  tag: string,
): Promise<{ sent: Map<string, number>; acked: Map<string, number>; seconds: number; issueRate: number }> {
  const worker = new Worker(PUBLISHER_JS, {
    eval: true,
    workerData: { url: new URL(PUBLISH_PATH, t.gateway.url).href, token: t.gateway.serviceToken, orgId: DEMO.orgId, rate: sc.rate, seconds: sc.seconds, tag },
  });
  const result = await new Promise<{ sent: Array<[string, number, number]>; failures: string[]; seconds: number; issueSeconds: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  if (result.failures.length) throw new Error(`${result.failures.length} publishes failed, e.g. ${result.failures[0]}`);
  return {
    sent: new Map(result.sent.map(([id, t0]) => [id, t0])),
    acked: new Map(result.sent.map(([id, t0, t1]) => [id, t1 - t0])),
    seconds: result.seconds,
    issueRate: Math.round(sc.rate * sc.seconds) / result.issueSeconds,
  };
}

interface ScenarioResult {
  scenario: string;
  published: number;
  /** Requests sent per second (the schedule the publisher kept). */
  issueRate: number;
  /** Publishes the gateway accepted per second, until the last answer. */
  achievedRate: number;
  visible: number;
  visibleP50: number;
  visibleP99: number;
  visibleMax: number;
  deliveredP50: number;
  deliveredP99: number;
  /** Where the time goes, per stage (p50, p99): gateway stored it, desk pushed it, page got it. */
  stages: Record<string, [number, number]>;
  /** '?' pressed → help dialog shown (ms), and how many presses were measured. */
  keyP50: number;
  keyP99: number;
  keyMax: number;
  keys: number;
  /** Row inserted into the DOM (before the frame that paints it). */
  domP50: number;
  domP99: number;
  /** The gateway's HTTP answer (stored + fanned out) as the publisher saw it. */
  ackP50: number;
  ackP99: number;
  /** The renderer's own share: bridge delivery → painted row, per event. */
  renderP50: number;
  renderP99: number;
  maxFrameMs: number;
  p99FrameMs: number;
  longTasks: number;
  maxLongTaskMs: number;
  /** CPU ms per process kind while the scenario ran, and the wall time it ran for. */
  cpuMs: Record<string, number>;
  wallMs: number;
}

/** Only the first burst is profiled (FRONTDESK_BENCH_PROFILE). */
let profiled = false;

async function runScenario(t: DeskUnderTest, page: Page, sc: Scenario): Promise<ScenarioResult> {
  await setRecording(page, true);
  const profiler = process.env.FRONTDESK_BENCH_PROFILE && sc.rate >= 1000 && !profiled ? await startPageProfile(page) : null;
  if (profiler) profiled = true;
  const cpuBefore = sampleTree('bench process (desk core, publisher, playwright)');
  const machineBefore = machineCpu();
  const wallStart = performance.now();
  // During a burst the receptionist keeps working: open and close the help dialog
  // with the keyboard, about three times a second.
  let publishing = true;
  const typing = (async () => {
    if (sc.rate < 1000) return;
    while (publishing) {
      await page.keyboard.press('?');
      await new Promise((r) => setTimeout(r, 150));
      await page.keyboard.press('Escape');
      await new Promise((r) => setTimeout(r, 150));
    }
  })();
  const { sent, acked, seconds: elapsed, issueRate } = await publishAtRate(t, sc, sc.name).finally(() => (publishing = false));
  await typing;
  // CPU over the publishing window only (the wait below would dilute it).
  const cpuMs = cpuByKind(cpuBefore, sampleTree('bench process (desk core, publisher, playwright)'));
  const machineAfter = machineCpu();
  const wallMs = performance.now() - wallStart;
  const ours = Object.values(cpuMs).reduce((a, b) => a + b, 0);
  const machineBusy = machineAfter.busyMs - machineBefore.busyMs;
  // Work outside this bench (other builds, tests) competing for the same cores.
  cpuMs['other processes on the machine'] = Math.max(0, machineBusy - ours);
  cpuMs['idle (both cores)'] = Math.max(0, machineAfter.totalMs - machineBefore.totalMs - machineBusy);
  // Let the last batch land and paint: every event reached the page and the newest
  // one's row was painted (older rows of a big batch may stay below the fold).
  const deadline = Date.now() + 10_000;
  let rec: PageRecord;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const got = await page.evaluate(() => {
      const bench = (window as unknown as { __bench: PageRecord }).__bench;
      const top = document.querySelector('[data-testid=activity-list] [data-event-id]')?.getAttribute('data-event-id');
      return { bench, topPainted: top != null && top in bench.visible };
    });
    rec = got.bench;
    const undelivered = [...sent.keys()].filter((id) => !(id in rec.delivered)).length;
    if ((undelivered === 0 && got.topPainted) || Date.now() > deadline) break;
  }
  await setRecording(page, false);
  if (profiler) {
    const { profile, top, totalMs, idleMs } = await profiler.stop();
    const file = join(HERE, 'results', 'renderer-burst.cpuprofile');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    console.log(`\nPage CPU profile, ${sc.name}: ${Math.round(totalMs)} ms, idle ${Math.round(idleMs)} ms (${file}); top self time:`);
    console.table(top);
  }
  const vis: number[] = [];
  const del: number[] = [];
  const dom: number[] = [];
  const ren: number[] = [];
  for (const [id, t0] of sent) {
    if (id in rec.visible) vis.push(rec.visible[id] - t0);
    if (id in rec.delivered) del.push(rec.delivered[id] - t0);
    if (id in rec.visible && id in rec.dom) dom.push(rec.dom[id] - t0);
    if (id in rec.visible && id in rec.delivered) ren.push(rec.visible[id] - rec.delivered[id]);
  }
  const stage = {
    'publish → stored by gateway': [] as number[],
    'stored → pushed by desk core': [] as number[],
    'pushed → page bridge': [] as number[],
    'page bridge → visible': ren,
  };
  for (const [id, t0] of sent) {
    const stored = rec.stored[id];
    const pushed = deskPushedAt.get(id);
    if (stored !== undefined) stage['publish → stored by gateway'].push(stored - t0);
    if (stored !== undefined && pushed !== undefined) stage['stored → pushed by desk core'].push(pushed - stored);
    if (pushed !== undefined && id in rec.delivered) stage['pushed → page bridge'].push(rec.delivered[id] - pushed);
  }
  const keyLatency = rec.keys.flatMap((k) => (k.shown === null ? [] : [k.shown - k.at])).sort((a, b) => a - b);
  vis.sort((a, b) => a - b);
  del.sort((a, b) => a - b);
  dom.sort((a, b) => a - b);
  ren.sort((a, b) => a - b);
  const ack = [...acked.values()].sort((a, b) => a - b);
  const frames = [...rec.frames].sort((a, b) => a - b);
  return {
    scenario: sc.name,
    published: sent.size,
    issueRate,
    achievedRate: sent.size / elapsed,
    visible: vis.length,
    visibleP50: percentile(vis, 50),
    visibleP99: percentile(vis, 99),
    visibleMax: vis.at(-1) ?? NaN,
    deliveredP50: percentile(del, 50),
    deliveredP99: percentile(del, 99),
    stages: Object.fromEntries(
      Object.entries(stage).map(([name, xs]) => {
        const sorted = [...xs].sort((a, b) => a - b);
        return [name, [percentile(sorted, 50), percentile(sorted, 99)]];
      }),
    ),
    keyP50: percentile(keyLatency, 50),
    keyP99: percentile(keyLatency, 99),
    keyMax: keyLatency.at(-1) ?? NaN,
    keys: keyLatency.length,
    domP50: percentile(dom, 50),
    domP99: percentile(dom, 99),
    ackP50: percentile(ack, 50),
    ackP99: percentile(ack, 99),
    renderP50: percentile(ren, 50),
    renderP99: percentile(ren, 99),
    maxFrameMs: frames.at(-1) ?? NaN,
    p99FrameMs: percentile(frames, 99),
    longTasks: rec.longTasks.length,
    maxLongTaskMs: rec.longTasks.length ? Math.max(...rec.longTasks) : 0,
    cpuMs,
    wallMs,
  };
}

const r1 = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : n);

async function main(): Promise<void> {
  if (!chromiumAvailable()) {
    const msg = 'Chromium not found (/usr/bin/chromium or FRONTDESK_CHROMIUM): the renderer benchmark needs it';
    if (process.env.CI === 'true') throw new Error(msg);
    console.warn(`SKIPPING: ${msg}`);
    return;
  }
  // Debug logging of every publish would tax the gateway on this shared 2-core machine.
  const t = await startDeskUnderTest({ viewport: { width: VIEWPORT_WIDTH, height: VIEWPORT_HEIGHT }, gatewayArgs: ['--log-level', 'warn'] });
  const results: ScenarioResult[] = [];
  try {
    t.desk.core.onPush((channel, payload) => {
      if (channel !== 'desk:delta') return;
      const at = performance.timeOrigin + performance.now();
      for (const a of (payload as PushPayloads['desk:delta']).activity) if (!deskPushedAt.has(a.id)) deskPushedAt.set(a.id, at);
    });
    const page = await t.openPage('activity');
    await signIn(page);
    await page.locator('[data-testid=connection-state][data-state=live]').waitFor({ timeout: 30_000 });
    await page.getByTestId('view-activity').waitFor();
    await page.evaluate(RECORDERS_JS);
    // Warm up at the burst rate: the first seconds at 1,000/s cost the gateway twice
    // the CPU of later ones (V8 optimising the publish path), which is start-up,
    // not what a desk sees during the day. Measured: a first burst after a 100/s
    // warm-up had p99 87 ms with the gateway at 28 % of a core; after this one,
    // the first burst looked like the later ones (gateway 13-18 %).
    await runScenario(t, page, { name: 'warm-up', rate: 1000, seconds: 2, targetP99Ms: Infinity });
    for (const sc of SCENARIOS) {
      results.push(await runScenario(t, page, sc));
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await t.close();
  }

  console.log(
    `\nRenderer: publish → visible on screen (Activity view, ${VIEWPORT_WIDTH}×${VIEWPORT_HEIGHT}, real gateway + desk + Chromium; load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)\n`,
  );
  const rows: Record<string, (r: ScenarioResult) => number | string> = {
    'publish requests sent /s': (r) => r1(r.issueRate),
    'publishes accepted /s (to last answer)': (r) => r1(r.achievedRate),
    'events visible / published': (r) => `${r.visible} / ${r.published}`,
    'publish→visible p50 ms': (r) => r1(r.visibleP50),
    'publish→visible p99 ms': (r) => r1(r.visibleP99),
    'publish→visible max ms': (r) => r1(r.visibleMax),
    'publish→gateway ack p50 ms': (r) => r1(r.ackP50),
    'publish→gateway ack p99 ms': (r) => r1(r.ackP99),
    'peer: publish→bridge p50 ms': (r) => r1(r.deliveredP50),
    'peer: publish→bridge p99 ms': (r) => r1(r.deliveredP99),
    'publish→row in DOM p50 ms': (r) => r1(r.domP50),
    'publish→row in DOM p99 ms': (r) => r1(r.domP99),
    'ratio visible/bridge p99': (r) => r1(r.visibleP99 / r.deliveredP99),
    'renderer share: bridge→visible p50 ms': (r) => r1(r.renderP50),
    'renderer share: bridge→visible p99 ms': (r) => r1(r.renderP99),
    'max frame ms': (r) => r1(r.maxFrameMs),
    'p99 frame ms': (r) => r1(r.p99FrameMs),
    'key "?" → help shown p50 ms': (r) => r1(r.keyP50),
    'key "?" → help shown max ms': (r) => r1(r.keyMax),
    'key presses measured': (r) => r.keys,
    'long tasks (> 50 ms)': (r) => r.longTasks,
    'longest long task ms': (r) => r1(r.maxLongTaskMs),
  };
  console.table(Object.fromEntries(Object.entries(rows).map(([name, f]) => [name, Object.fromEntries(results.map((r) => [r.scenario, f(r)]))])));
  console.log('\nWhere the time goes, publish → visible by stage (p50 / p99 ms; the gateway stamps in whole ms):');
  const stageNames = Object.keys(results[0]?.stages ?? {});
  console.table(
    Object.fromEntries(stageNames.map((n) => [n, Object.fromEntries(results.map((r) => [r.scenario, `${r1(r.stages[n][0])} / ${r1(r.stages[n][1])}`]))])),
  );
  // Two cores shared by everything: the share of a core each part took tells where latency queues.
  const kinds = [...new Set(results.flatMap((r) => Object.keys(r.cpuMs)))];
  console.log('\nCPU while each scenario published (% of one core; 200 % = both cores busy):');
  console.table(
    Object.fromEntries(kinds.map((k) => [k, Object.fromEntries(results.map((r) => [r.scenario, Math.round(((r.cpuMs[k] ?? 0) / r.wallMs) * 100)]))])),
  );
  const figures = results.flatMap((r, i) => {
    const sc = SCENARIOS[i];
    return [
      {
        metric: 'publish→visible p50',
        scenario: r.scenario,
        value: r1(r.visibleP50),
        unit: 'ms',
        peers: { 'bridge delivery (no render)': r1(r.deliveredP50) },
        ratios: { 'visible / bridge': r1(r.visibleP50 / r.deliveredP50) },
      },
      {
        metric: 'publish→visible p99',
        scenario: r.scenario,
        value: r1(r.visibleP99),
        unit: 'ms',
        peers: { 'bridge delivery (no render)': r1(r.deliveredP99) },
        ratios: { 'visible / bridge': r1(r.visibleP99 / r.deliveredP99) },
        target: `< ${sc.targetP99Ms} ms`,
        pass: r.visibleP99 < sc.targetP99Ms,
      },
      { metric: 'bridge→visible p99 (renderer share)', scenario: r.scenario, value: r1(r.renderP99), unit: 'ms', peers: { p50: r1(r.renderP50) } },
      { metric: 'events visible', scenario: r.scenario, value: r.visible, unit: `of ${r.published}` },
      { metric: 'publish→gateway ack p99', scenario: r.scenario, value: r1(r.ackP99), unit: 'ms', peers: { p50: r1(r.ackP50) } },
      {
        metric: 'publish rate achieved',
        scenario: r.scenario,
        value: r1(r.achievedRate),
        unit: 'events/s',
        peers: { 'requests sent /s': r1(r.issueRate) },
        target: `${sc.rate} events/s`,
      },
      {
        metric: 'max frame time',
        scenario: r.scenario,
        value: r1(r.maxFrameMs),
        unit: 'ms',
        target: `< ${MAX_FRAME_TARGET_MS} ms`,
        pass: r.maxFrameMs < MAX_FRAME_TARGET_MS,
      },
      { metric: 'longest long task', scenario: r.scenario, value: r1(r.maxLongTaskMs), unit: 'ms' },
      ...(r.keys > 0
        ? [{ metric: 'key → help dialog shown, slowest', scenario: r.scenario, value: r1(r.keyMax), unit: 'ms', peers: { p50: r1(r.keyP50), presses: r.keys } }]
        : []),
    ];
  });
  const out = join(HERE, 'results', 'renderer.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ bench: 'renderer', at: new Date().toISOString(), machine: { cores: cpus().length, cpu: cpus()[0]?.model, loadavg: loadavg() }, viewport: { width: VIEWPORT_WIDTH, height: VIEWPORT_HEIGHT }, figures, results }, null, 2)}\n`,
  );
  const failed = figures.filter((f) => 'pass' in f && f.pass === false);
  console.log(
    `\n${failed.length === 0 ? 'All targets met.' : `Targets missed: ${failed.map((f) => `${f.metric} @ ${f.scenario} = ${f.value} ${f.unit}`).join('; ')}`}`,
  );
  console.log(`Wrote ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
