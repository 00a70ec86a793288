import { publish } from '../../test/helpers/gateway-process.ts';
import { benchEvent } from '../desk-ingest/events.ts';
const url = process.argv[2];
const n = Number(process.argv[3]);
let next = 0;
const w = async () => {
  while (next < n) {
    const i = next++;
    const e = benchEvent(1000 + i);
    await publish(url, {
      orgId: 'demo-hotel',
      service: e.service,
      kind: e.kind === 'room.created' || e.kind === 'reservation.created' ? 'spa.note' : e.kind,
      data: e.data,
    });
  }
};
await Promise.all(Array.from({ length: 24 }, w));
console.log('published');
