/**
 * Desk commands and the other HTTP routes against the real gateway: commands
 * validated against the projected state (404/409/422/400), idempotent by key,
 * their events tagged causedBy and visible in the snapshot; publish with its
 * idempotency key; metrics in JSON and Prometheus text; JSON errors everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reservation, Room, Task } from '../../shared/domain.ts';
import { COMMANDS_PATH, METRICS_JSON_PATH, PUBLISH_PATH, SNAPSHOT_PATH, SnapshotResponseSchema } from '../../shared/protocol.ts';
import { DEMO_USERS, getJson, login, postJsonRoute, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { openStream } from '../helpers/stream-client.ts';

let gw: GatewayProcess;
let token: string;
let keyNo = 0;
const newKey = () => `test-key-${Date.now()}-${keyNo++}`;

interface State {
  seq: number;
  rooms: Room[];
  reservations: Reservation[];
  tasks: Task[];
}

beforeAll(async () => {
  gw = await startGateway();
  token = (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken;
});

afterAll(async () => {
  await gw?.stop();
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function snapshot(): Promise<State> {
  const { status, body } = await getJson(`${gw.url}${SNAPSHOT_PATH}`, token);
  expect(status).toBe(200);
  const snap = SnapshotResponseSchema.parse(body);
  const s = snap.state as unknown as Omit<State, 'seq'>;
  return { seq: snap.seq, rooms: s.rooms, reservations: s.reservations, tasks: s.tasks };
}

function command(body: unknown, key: string | null = newKey(), auth = token) {
  const headers: Record<string, string> = { authorization: `Bearer ${auth}` };
  if (key !== null) headers['idempotency-key'] = key;
  return postJsonRoute<{ events?: { seq: number; id: string }[]; error?: { code: string; message: string } }>(`${gw.url}${COMMANDS_PATH}`, body, headers);
}

describe('commands', () => {
  it('checks a guest in: events tagged with the key, projected into the snapshot, idempotent on replay', async () => {
    const before = await snapshot();
    const res = before.reservations.find((r) => r.status === 'booked' && r.roomId !== null)!;
    expect(res).toBeDefined();
    const stream = await openStream(gw.wsUrl, token);
    await stream.waitFor((f) => f.type === 'caught_up');

    const key = newKey();
    const first = await command({ type: 'check_in', reservationId: res.id }, key);
    expect(first.status).toBe(200);
    expect(first.body.events).toHaveLength(1);
    const [ev] = await stream.waitForEvents(1);
    expect(ev).toMatchObject({ seq: first.body.events![0].seq, id: first.body.events![0].id, kind: 'reservation.checked_in', causedBy: key });

    const after = await snapshot();
    expect(after.seq).toBe(before.seq + 1);
    expect(after.reservations.find((r) => r.id === res.id)?.status).toBe('in_house');
    expect(after.rooms.find((r) => r.id === res.roomId)?.status).toBe('occupied');

    const replay = await command({ type: 'check_in', reservationId: res.id }, key);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await snapshot()).seq).toBe(after.seq);

    const reused = await command({ type: 'check_out', reservationId: res.id }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error?.code).toBe('idempotency_key_reused');
    stream.close();
  });

  it('refuses business-rule conflicts with 409 and unknown entities with 404', async () => {
    const s = await snapshot();
    const booked = s.reservations.find((r) => r.status === 'booked')!;
    const occupied = s.rooms.find((r) => r.status === 'occupied')!;
    const dirty = s.rooms.find((r) => r.status === 'vacant_dirty')!;

    const notInHouse = await command({ type: 'check_out', reservationId: booked.id });
    expect(notInHouse.status).toBe(409);
    expect(notInHouse.body.error?.code).toBe('invalid_status');
    expect(notInHouse.body.error?.message).toBe(
      `Cannot check out ${booked.guestName} (confirmation ${booked.confirmation}): the reservation is booked and not checked in yet.`,
    );
    const toOccupied = await command({ type: 'check_in', reservationId: booked.id, roomId: occupied.id });
    expect(toOccupied.status).toBe(409);
    expect(toOccupied.body.error?.code).toBe('room_occupied');
    expect(toOccupied.body.error?.message).toMatch(new RegExp(`^Room ${occupied.number} is occupied`));
    const toDirty = await command({ type: 'check_in', reservationId: booked.id, roomId: dirty.id });
    expect(toDirty.body.error?.code).toBe('room_not_ready');
    expect(toDirty.body.error?.message).toBe(`Room ${dirty.number} has not been cleaned yet.`);
    const manualOccupied = await command({ type: 'set_room_status', roomId: dirty.id, status: 'occupied' });
    expect(manualOccupied.body.error?.code).toBe('invalid_transition');
    expect(manualOccupied.body.error?.message).toBe(`Room ${dirty.number} has no guest: a room becomes occupied only by checking a guest in to it.`);
    const missing = await command({ type: 'check_in', reservationId: 'res-does-not-exist' });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe('not_found');
    expect(missing.body.error?.message).toBe('The reservation res-does-not-exist does not exist at this hotel (it may have been removed).');
    const noRoom = await command({ type: 'assign_room', reservationId: booked.id, roomId: 'rm-999' });
    expect(noRoom.status).toBe(404);

    // A stored rejection is replayed as is.
    const key = newKey();
    const a = await command({ type: 'check_out', reservationId: booked.id }, key);
    const b = await command({ type: 'check_out', reservationId: booked.id }, key);
    expect(b.status).toBe(409);
    expect(b.body).toEqual(a.body);
    expect((await snapshot()).seq).toBe(s.seq);
  });

  it('takes a payment, completes a task and changes a room status', async () => {
    const s = await snapshot();
    const owing = s.reservations.find((r) => r.status === 'in_house' && r.balanceCents > 100)!;
    const pay = await command({ type: 'take_payment', reservationId: owing.id, amountCents: 100, method: 'card' });
    expect(pay.status).toBe(200);
    const task = s.tasks.find((t) => t.status === 'open')!;
    expect((await command({ type: 'complete_task', taskId: task.id })).status).toBe(200);
    const again = await command({ type: 'complete_task', taskId: task.id });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('task_done');
    expect(again.body.error?.message).toMatch(new RegExp(`^The task "${escapeRegExp(task.title)}".* is already done\\.$`));
    const dirty = s.rooms.find((r) => r.status === 'vacant_dirty')!;
    expect((await command({ type: 'set_room_status', roomId: dirty.id, status: 'vacant_clean' })).status).toBe(200);
    const same = await command({ type: 'set_room_status', roomId: dirty.id, status: 'vacant_clean' });
    expect(same.status).toBe(200);
    expect(same.body.events).toEqual([]);

    const after = await snapshot();
    expect(after.seq).toBe(s.seq + 3);
    expect(after.reservations.find((r) => r.id === owing.id)?.balanceCents).toBe(owing.balanceCents - 100);
    expect(after.tasks.find((t) => t.id === task.id)?.status).toBe('done');
    expect(after.rooms.find((r) => r.id === dirty.id)?.status).toBe('vacant_clean');
  });

  it('stamps an action with when it was taken (Frontdesk-Taken-At), trusts a desk clock only within bounds, refuses a malformed time', async () => {
    const taken = (body: unknown, takenAt: string) =>
      postJsonRoute<{ events?: unknown[]; error?: { code: string; message: string } }>(`${gw.url}${COMMANDS_PATH}`, body, {
        authorization: `Bearer ${token}`,
        'idempotency-key': newKey(),
        'frontdesk-taken-at': takenAt,
      });
    const open = (await snapshot()).tasks.filter((t) => t.status === 'open');
    expect(open.length).toBeGreaterThanOrEqual(3);
    // Queued offline two hours ago: the task was done then, not when the desk got back online.
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
    expect((await taken({ type: 'complete_task', taskId: open[0].id }, twoHoursAgo)).status).toBe(200);
    // A desk clock ahead of the gateway's: the gateway's own time instead, the action not lost.
    const before = Date.now();
    expect((await taken({ type: 'complete_task', taskId: open[1].id }, new Date(Date.now() + 3600_000).toISOString())).status).toBe(200);
    const bad = await taken({ type: 'complete_task', taskId: open[2].id }, 'yesterday at noon');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('bad_taken_at');

    const tasks = new Map((await snapshot()).tasks.map((t) => [t.id, t]));
    expect(tasks.get(open[0].id)?.completedAt).toBe(twoHoursAgo);
    const clamped = Date.parse(tasks.get(open[1].id)?.completedAt ?? '');
    expect(clamped).toBeGreaterThanOrEqual(before - 1000);
    expect(clamped).toBeLessThanOrEqual(Date.now());
    expect(tasks.get(open[2].id)?.status).toBe('open');
  });

  it('answers 400 without an Idempotency-Key, 400 for bad JSON, 422 for a bad command, 401 without a token', async () => {
    const noKey = await command({ type: 'check_out', reservationId: 'x' }, null);
    expect(noKey.status).toBe(400);
    expect(noKey.body.error?.code).toBe('missing_idempotency_key');
    const badJson = await fetch(`${gw.url}${COMMANDS_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': newKey(), 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const unknownType = await command({ type: 'teleport_guest', reservationId: 'x' });
    expect(unknownType.status).toBe(422);
    const negative = await command({ type: 'take_payment', reservationId: 'x', amountCents: -5, method: 'card' });
    expect(negative.status).toBe(422);
    const noToken = await postJsonRoute<{ error: { code: string } }>(
      `${gw.url}${COMMANDS_PATH}`,
      { type: 'check_out', reservationId: 'x' },
      { 'idempotency-key': 'k' },
    );
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.code).toBe('unauthorized');
  });
});

describe('publish and operational routes', () => {
  it('publishes with the service token only, validates known kinds, and dedupes by idempotency key', async () => {
    const body = { orgId: 'harbor-inn', service: 'pms', kind: 'test.publish', data: { a: 1 }, idempotencyKey: `pub-${Date.now()}` };
    const noAuth = await postJsonRoute(`${gw.url}${PUBLISH_PATH}`, body);
    expect(noAuth.status).toBe(401);
    const wrong = await postJsonRoute(`${gw.url}${PUBLISH_PATH}`, body, { authorization: `Bearer ${token}` });
    expect(wrong.status).toBe(401);
    const first = await publish(gw.url, body);
    const second = await publish(gw.url, body);
    expect(second).toEqual(first);
    const next = await publish(gw.url, { ...body, idempotencyKey: undefined });
    expect(next.seq).toBe(first.seq + 1);
    const badKnown = await postJsonRoute<{ error: { code: string } }>(
      `${gw.url}${PUBLISH_PATH}`,
      { orgId: 'harbor-inn', service: 'pms', kind: 'reservation.checked_in', data: { reservationId: 42 } },
      { authorization: `Bearer ${gw.serviceToken}` },
    );
    expect(badKnown.status).toBe(422);
    expect(badKnown.body.error.code).toBe('invalid_event_data');
    const badService = await postJsonRoute(`${gw.url}${PUBLISH_PATH}`, { ...body, service: 'Not A Service!' }, { authorization: `Bearer ${gw.serviceToken}` });
    expect(badService.status).toBe(422);
  });

  it('serves metrics as JSON and Prometheus text, health, and JSON 404/405', async () => {
    const m = await getJson<Record<string, number>>(`${gw.url}${METRICS_JSON_PATH}`);
    for (const k of ['connections', 'subscriptions', 'orgs', 'eventsPublished', 'eventsDelivered', 'slowConsumerDisconnects']) {
      expect(typeof m.body[k]).toBe('number');
    }
    expect(m.body.eventsPublished).toBeGreaterThan(0);
    const prom = await (await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${gw.serviceToken}` } })).text();
    expect(prom).toMatch(/^frontdesk_events_published_total \d+$/m);
    expect(prom).toMatch(/^frontdesk_upstream_subscriptions 0$/m);
    expect(prom).toContain('process_cpu_user_seconds_total');
    expect((await getJson(`${gw.url}/healthz`)).body).toEqual({ ok: true, mode: 'sqlite' });
    const nf = await getJson<{ error: { code: string } }>(`${gw.url}/nope`);
    expect(nf.status).toBe(404);
    expect(nf.body.error.code).toBe('not_found');
    const na = await postJsonRoute<{ error: { code: string } }>(`${gw.url}/healthz`, {});
    expect(na.status).toBe(405);
  });
});
