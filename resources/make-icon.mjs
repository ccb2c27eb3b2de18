#!/usr/bin/env node
// Writes resources/icon.png (512×512 RGBA): a rounded dark tile with a lattice
// of atom columns that shade from HAADF grey into an elemental-map colour.
// Built-ins only: the PNG is assembled by hand (signature, IHDR, IDAT, IEND).
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}
function png(width, height, rgba) {
  // Each row: filter type 2 ("Up", byte minus the byte above), which makes the
  // smooth image compress well.
  const stride = width * 4;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 2;
    for (let i = 0; i < stride; i++) {
      const above = y > 0 ? rgba[(y - 1) * stride + i] : 0;
      raw[y * (stride + 1) + 1 + i] = (rgba[y * stride + i] - above) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const clamp01 = (v) => Math.min(1, Math.max(0, v));
const rgba = Buffer.alloc(SIZE * SIZE * 4);
const margin = 24, radius = 96, spacing = 58, sigma = 11;
const bg = [22, 24, 29], grey = [235, 235, 235], map = [255, 140, 40];
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    // Rounded-square mask with a one-pixel soft edge.
    const qx = Math.max(Math.abs(x + 0.5 - SIZE / 2) - (SIZE / 2 - margin - radius), 0);
    const qy = Math.max(Math.abs(y + 0.5 - SIZE / 2) - (SIZE / 2 - margin - radius), 0);
    const alpha = clamp01(radius - Math.hypot(qx, qy) + 0.5);
    // Gaussian atom columns on a square lattice centred on the tile.
    const dx = ((x - SIZE / 2 + spacing / 2) % spacing + spacing) % spacing - spacing / 2;
    const dy = ((y - SIZE / 2 + spacing / 2) % spacing + spacing) % spacing - spacing / 2;
    const atom = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
    const t = clamp01((x - y) / SIZE + 0.5); // grey (bottom-left) → colour (top-right)
    const i = 4 * (y * SIZE + x);
    for (let c = 0; c < 3; c++) {
      const fg = grey[c] * (1 - t) + map[c] * t;
      rgba[i + c] = Math.round(bg[c] * (1 - atom) + fg * atom);
    }
    rgba[i + 3] = Math.round(255 * alpha);
  }
}

const out = new URL('./icon.png', import.meta.url);
writeFileSync(out, png(SIZE, SIZE, rgba));
console.log(`wrote ${out.pathname}`);
