/**
 * WebSocket frame bytes built once and written to many sockets.
 *
 * A server-to-client text frame is unmasked (RFC 6455 §5.1), so its bytes are
 * identical for every recipient: FIN + opcode 1, a 7/16/64-bit length, then the
 * UTF-8 payload. We build it here (the same bytes ws's `Sender.frame` yields for
 * `{ fin: true, opcode: 1, mask: false, rsv1: false }`, which @types/ws does not
 * expose) and write the buffer to each socket ourselves. See broadcast notes in
 * org-hub.ts for why that is safe next to ws's own writes.
 */
import type { ServerFrame } from '../../shared/protocol.ts';

function headerLength(payloadLength: number): number {
  return payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
}

function writeHeader(buf: Buffer, offset: number, payloadLength: number): number {
  buf[offset] = 0x81; // FIN + text
  if (payloadLength < 126) {
    buf[offset + 1] = payloadLength;
    return offset + 2;
  }
  if (payloadLength < 65536) {
    buf[offset + 1] = 126;
    buf.writeUInt16BE(payloadLength, offset + 2);
    return offset + 4;
  }
  buf[offset + 1] = 127;
  buf.writeUInt32BE(Math.floor(payloadLength / 2 ** 32), offset + 2);
  buf.writeUInt32BE(payloadLength >>> 0, offset + 6);
  return offset + 10;
}

/** One text frame for `text`. */
export function textFrame(text: string): Buffer {
  const len = Buffer.byteLength(text);
  const buf = Buffer.allocUnsafe(headerLength(len) + len);
  buf.write(text, writeHeader(buf, 0, len), 'utf8');
  return buf;
}

export function controlFrame(frame: ServerFrame): Buffer {
  return textFrame(JSON.stringify(frame));
}

/** The event frame text for a stored event object JSON (`{"seq":…}` → `{"type":"event","seq":…}`). */
export function eventFrameText(eventJson: string): string {
  return `{"type":"event",${eventJson.slice(1)}`;
}

/**
 * Frames for a run of events, laid out back to back in ONE buffer so a socket
 * gets them with a single write. `ends[i]` is the end offset of event i's frame,
 * so a subset (for a service filter) can be sliced without re-encoding.
 */
export interface FrameBatch {
  buf: Buffer;
  ends: Uint32Array;
}

export function encodeEventBatch(jsons: readonly string[]): FrameBatch {
  const n = jsons.length;
  const texts = new Array<string>(n);
  const lens = new Uint32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const t = eventFrameText(jsons[i]);
    texts[i] = t;
    const len = Buffer.byteLength(t);
    lens[i] = len;
    total += headerLength(len) + len;
  }
  const buf = Buffer.allocUnsafe(total);
  const ends = new Uint32Array(n);
  let off = 0;
  for (let i = 0; i < n; i++) {
    off = writeHeader(buf, off, lens[i]);
    off += buf.write(texts[i], off, 'utf8');
    ends[i] = off;
  }
  return { buf, ends };
}

/** Concatenates the frames of the selected events of a batch. */
export function selectFrames(batch: FrameBatch, indexes: readonly number[]): Buffer {
  let total = 0;
  for (const i of indexes) total += batch.ends[i] - (i === 0 ? 0 : batch.ends[i - 1]);
  const out = Buffer.allocUnsafe(total);
  let off = 0;
  for (const i of indexes) {
    const start = i === 0 ? 0 : batch.ends[i - 1];
    off += batch.buf.copy(out, off, start, batch.ends[i]);
  }
  return out;
}
