/**
 * `npm run icons`: draws the app icon and writes every file the installers need
 * into build-resources/ — icon.png (1024 px, Linux/AppImage/deb/rpm), icon.ico
 * (16–256 px, Windows NSIS/MSI) and icon.icns (16–1024 px, macOS) — with no
 * image tool: a small PNG encoder (node:zlib) and the ICO/ICNS containers, which
 * both accept PNG entries. The drawing is a rounded teal square with a white
 * bell (a reception desk's bell) on a white counter; deterministic, so running it
 * again changes nothing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { ROOT } from './project.ts';

const OUT = path.join(ROOT, 'build-resources');

// ---------------------------------------------------------------- PNG encoding
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** RGBA pixels (row-major) to a PNG file. */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------- drawing
type Rgba = [number, number, number, number];
const TEAL_TOP: Rgba = [20, 148, 140, 255];
const TEAL_BOTTOM: Rgba = [12, 94, 110, 255];
const WHITE: Rgba = [255, 255, 255, 255];

function insideRoundedSquare(x: number, y: number, r: number): boolean {
  const m = 0.06;
  const lo = m + r;
  const hi = 1 - m - r;
  const cx = Math.min(Math.max(x, lo), hi);
  const cy = Math.min(Math.max(y, lo), hi);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= m && x <= 1 - m && y >= m && y <= 1 - m;
}
/** The bell: a half-disc dome, a knob on top, and the counter below. Unit coordinates. */
function insideBell(x: number, y: number): boolean {
  const dome = y <= 0.64 && y >= 0.36 && (x - 0.5) ** 2 + ((y - 0.64) / 1.0) ** 2 <= 0.25 ** 2;
  const knob = (x - 0.5) ** 2 + (y - 0.33) ** 2 <= 0.045 ** 2;
  const stem = Math.abs(x - 0.5) <= 0.018 && y >= 0.33 && y <= 0.4;
  const counter = y >= 0.67 && y <= 0.73 && x >= 0.2 && x <= 0.8;
  return dome || knob || stem || counter;
}
function shade(x: number, y: number): Rgba | null {
  if (!insideRoundedSquare(x, y, 0.18)) return null;
  if (insideBell(x, y)) return WHITE;
  const t = y;
  return TEAL_TOP.map((c, i) => Math.round(c + (TEAL_BOTTOM[i]! - c) * t)) as Rgba;
}
/** Renders the icon at `size` px with 4×4 supersampling (smooth edges at 16 px too). */
export function renderIcon(size: number): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = shade((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size);
          if (!c) continue;
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const o = (y * size + x) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round(a / (S * S));
    }
  }
  return px;
}

// ---------------------------------------------------------------- containers
/** ICO with PNG entries (Windows Vista and later read them at every size). */
export function encodeIco(pngs: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

/** ICNS OSTypes holding PNG data, by pixel size. */
export const ICNS_TYPES: Record<number, string> = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
export function encodeIcns(pngs: { size: number; png: Buffer }[]): Buffer {
  const entries = pngs.map(({ size, png }) => {
    const head = Buffer.alloc(8);
    head.write(ICNS_TYPES[size]!, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const total = 8 + entries.reduce((s, e) => s + e.length, 0);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(total, 4);
  return Buffer.concat([head, ...entries]);
}

export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024];

function main(): void {
  const sizes = [...new Set([...ICO_SIZES, ...ICNS_SIZES])].sort((a, b) => a - b);
  const pngs = new Map(sizes.map((s) => [s, encodePng(s, renderIcon(s))]));
  const pick = (list: number[]) => list.map((size) => ({ size, png: pngs.get(size)! }));
  writeFileSync(path.join(OUT, 'icon.png'), pngs.get(1024)!);
  writeFileSync(path.join(OUT, 'icon.ico'), encodeIco(pick(ICO_SIZES)));
  writeFileSync(path.join(OUT, 'icon.icns'), encodeIcns(pick(ICNS_SIZES)));
  console.log(`wrote build-resources/icon.png (1024 px), icon.ico (${ICO_SIZES.join(', ')} px), icon.icns (${ICNS_SIZES.join(', ')} px)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(ROOT, 'scripts', 'make-icons.ts')) main();
