// Hostile but well-formed files for the reader-cap tests and the fuzz test: decompression bombs (small files that
// inflate to far more than they hold), headers declaring impossible sizes, a DM file with a damaged tag label.

import { deflateRawSync, deflateSync } from 'node:zlib';

const u16 = (v: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };

/** A .npy header (v1) for `shape` float64, padded to 64 bytes as numpy writes it. */
export function npyHeader(shape: number[], closing = true): Buffer {
  let dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), ${closing ? '}' : ''}`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]), u16(dict.length), Buffer.from(dict, 'latin1')]);
}

/** A ZIP holding `name` deflated; `declared` (default the true size) is the inflated size the directory claims. */
export function zipOne(name: string, content: Buffer, declared = content.length): Buffer {
  const data = deflateRawSync(content, { level: 9 });
  const n = Buffer.from(name);
  const local = Buffer.concat([u32(0x04034b50), u16(20), u16(0), u16(8), u16(0), u16(0), u32(0), u32(data.length), u32(declared), u16(n.length), u16(0), n]);
  const central = Buffer.concat([u32(0x02014b50), u16(20), u16(20), u16(0), u16(8), u16(0), u16(0), u32(0), u32(data.length), u32(declared),
    u16(n.length), u16(0), u16(0), u16(0), u16(0), u32(0), u32(0), n]);
  const eocd = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(1), u16(1), u32(central.length), u32(local.length + data.length), u16(0)]);
  return Buffer.concat([local, data, central, eocd]);
}

/** An .npz whose one member inflates to an rows × cols float64 array of zeros (a few hundred KiB on disk). */
export function npzBomb(rows: number, cols: number): Buffer {
  return zipOne('bomb.npy', Buffer.concat([npyHeader([rows, cols]), Buffer.alloc(rows * cols * 8)]));
}

/** A little-endian TIFF of one deflate strip: width × height 8-bit zeros (or only `declaredOnly` the header claims). */
export function tiffDeflateBomb(width: number, height: number, declaredOnly = false): Buffer {
  const strip = deflateSync(declaredOnly ? Buffer.alloc(16) : Buffer.alloc(width * height), { level: 9 });
  const tags: [number, number, number][] = [ // tag, type (3 SHORT, 4 LONG), value
    [256, 4, width], [257, 4, height], [258, 3, 8], [259, 3, 8], [262, 3, 1], [273, 4, 0], [277, 3, 1], [278, 4, height], [279, 4, strip.length],
  ];
  const ifdOffset = 8;
  const ifdSize = 2 + tags.length * 12 + 4;
  const dataOffset = ifdOffset + ifdSize;
  const ifd = Buffer.alloc(ifdSize);
  ifd.writeUInt16LE(tags.length, 0);
  tags.forEach(([tag, type, value], i) => {
    const o = 2 + i * 12;
    ifd.writeUInt16LE(tag, o); ifd.writeUInt16LE(type, o + 2); ifd.writeUInt32LE(1, o + 4);
    if (type === 3) ifd.writeUInt16LE(value, o + 8); else ifd.writeUInt32LE(tag === 273 ? dataOffset : value, o + 8);
  });
  return Buffer.concat([Buffer.from([0x49, 0x49, 42, 0]), u32(ifdOffset), ifd, strip]);
}

/**
 * A copy of a DM3/DM4 file whose first data tag's label claims `extra` more bytes than it has: the label then runs
 * over the tag's %%%% marker into binary data, as in a file damaged in transfer.
 */
export function dmDamagedLabel(dm: Uint8Array, extra = 0x4000): Uint8Array {
  const b = dm.slice();
  const dv = new DataView(b.buffer);
  const wide = dv.getUint32(0, false) === 4 ? 8 : 0; // DM4 has an 8-byte entry size between label and marker
  for (let q = 0; q + 4 <= b.length; q++) {
    if (dv.getUint32(q, false) !== 0x25252525) continue;
    for (let len = 0; len < 256 && q - wide - len - 3 >= 0; len++) {
      const p = q - wide - len - 3;
      if (b[p] === 21 && dv.getUint16(p + 1, false) === len) {
        dv.setUint16(p + 1, Math.min(0xffff, len + extra), false);
        return b;
      }
    }
  }
  throw new Error('no data tag found');
}
