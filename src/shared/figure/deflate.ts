/** zlib stream (RFC 1950) of DEFLATE blocks (RFC 1951 §3.2.6): LZ77 over a 32 KiB window with hash chains and the fixed Huffman code; each block is stored raw instead whenever that is smaller. */

export interface DeflateOptions {
  /** 'fixed' (default): LZ77 + fixed Huffman (stored per block when smaller); 'stored': no compression at all. */
  readonly mode?: 'fixed' | 'stored';
  /** Hash-chain candidates examined per position (default 32): more is slower and smaller. */
  readonly maxChain?: number;
}

const WINDOW = 32768;
const WMASK = WINDOW - 1;
const HASH_BITS = 15;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const BLOCK = 65535;

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

function reverseBits(code: number, len: number): number {
  let r = 0;
  for (let i = 0; i < len; i++) r = (r << 1) | ((code >> i) & 1);
  return r;
}

// Fixed literal/length code (RFC 1951 §3.2.6), bit-reversed so it can be written LSB-first.
const LIT_CODE = new Uint16Array(288);
const LIT_BITS = new Uint8Array(288);
for (let s = 0; s < 288; s++) {
  const [code, bits] = s < 144 ? [0x30 + s, 8] : s < 256 ? [0x190 + s - 144, 9] : s < 280 ? [s - 256, 7] : [0xc0 + s - 280, 8];
  LIT_CODE[s] = reverseBits(code, bits);
  LIT_BITS[s] = bits;
}
const DIST_CODE = new Uint8Array(30);
for (let d = 0; d < 30; d++) DIST_CODE[d] = reverseBits(d, 5);
const LEN_INDEX = new Uint8Array(MAX_MATCH + 1); // match length → index into LEN_BASE
for (let i = 0; i < LEN_BASE.length; i++) {
  const end = i + 1 < LEN_BASE.length ? LEN_BASE[i + 1]! : MAX_MATCH + 1;
  for (let l = LEN_BASE[i]!; l < end; l++) LEN_INDEX[l] = i;
}
LEN_INDEX[MAX_MATCH] = 28;
const DIST_INDEX = new Uint8Array(WINDOW + 1); // distance → index into DIST_BASE
for (let i = 0; i < DIST_BASE.length; i++) {
  const end = i + 1 < DIST_BASE.length ? DIST_BASE[i + 1]! : WINDOW + 1;
  for (let d = DIST_BASE[i]!; d < end; d++) DIST_INDEX[d] = i;
}

class BitWriter {
  buf: Uint8Array;
  pos = 0;
  private bits = 0;
  private nbits = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(64, capacity));
  }
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
  /** Writes the low `n` (≤ 16) bits of value, LSB first. */
  write(value: number, n: number): void {
    this.bits |= value << this.nbits;
    this.nbits += n;
    if (this.nbits >= 8) {
      this.ensure(3);
      while (this.nbits >= 8) {
        this.buf[this.pos++] = this.bits & 0xff;
        this.bits >>>= 8;
        this.nbits -= 8;
      }
    }
  }
  align(): void {
    if (this.nbits > 0) this.write(0, 8 - this.nbits);
  }
  bytes(src: Uint8Array, start: number, end: number): void {
    this.ensure(end - start);
    this.buf.set(src.subarray(start, end), this.pos);
    this.pos += end - start;
  }
  finish(): Uint8Array {
    this.align();
    return this.buf.slice(0, this.pos);
  }
}

function writeStored(w: BitWriter, data: Uint8Array, start: number, end: number, final: boolean): void {
  let p = start;
  do {
    const len = Math.min(0xffff, end - p);
    w.write(final && p + len >= end ? 1 : 0, 1);
    w.write(0, 2);
    w.align();
    w.write(len & 0xffff, 16);
    w.write(~len & 0xffff, 16);
    w.bytes(data, p, p + len);
    p += len;
  } while (p < end);
}

/** Raw DEFLATE (RFC 1951) of data, no zlib wrapper. */
export function deflateRaw(data: Uint8Array, options: DeflateOptions = {}): Uint8Array {
  const n = data.length;
  const w = new BitWriter((n >> 1) + 1024);
  if (options.mode === 'stored') {
    writeStored(w, data, 0, n, true);
    return w.finish();
  }
  if (n === 0) {
    w.write(1, 1);
    w.write(1, 2);
    w.write(LIT_CODE[256]!, 7);
    return w.finish();
  }
  const maxChain = Math.max(1, Math.floor(options.maxChain ?? 32));
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const prev = new Int32Array(WINDOW);
  const tokLen = new Uint16Array(BLOCK + 1); // 0 = literal
  const tokVal = new Uint16Array(BLOCK + 1); // literal byte or distance
  const hashAt = (p: number): number => ((data[p]! << 10) ^ (data[p + 1]! << 5) ^ data[p + 2]!) & ((1 << HASH_BITS) - 1);
  const insert = (p: number): void => {
    const h = hashAt(p);
    prev[p & WMASK] = head[h]!;
    head[h] = p;
  };

  let pos = 0;
  while (pos < n) {
    const blockStart = pos;
    let ntok = 0;
    let cost = 3 + 7; // header + end-of-block
    while (pos < n && pos - blockStart < BLOCK) {
      let bestLen = 0;
      let bestDist = 0;
      if (pos + MIN_MATCH <= n) {
        const maxLen = Math.min(MAX_MATCH, n - pos);
        let cand = head[hashAt(pos)]!;
        let chain = maxChain;
        while (cand >= 0 && pos - cand <= WINDOW && chain-- > 0) {
          if (data[cand + bestLen] === data[pos + bestLen]) {
            let l = 0;
            while (l < maxLen && data[cand + l] === data[pos + l]) l++;
            if (l > bestLen) {
              bestLen = l;
              bestDist = pos - cand;
              if (l >= maxLen) break;
            }
          }
          const next = prev[cand & WMASK]!;
          if (next >= cand) break; // slot reused by a newer position: chain ends
          cand = next;
        }
        insert(pos);
      }
      if (bestLen >= MIN_MATCH) {
        const li = LEN_INDEX[bestLen]!;
        const di = DIST_INDEX[bestDist]!;
        cost += LIT_BITS[257 + li]! + LEN_EXTRA[li]! + 5 + DIST_EXTRA[di]!;
        tokLen[ntok] = bestLen;
        tokVal[ntok++] = bestDist;
        for (let q = pos + 1; q < pos + bestLen && q + MIN_MATCH <= n; q++) insert(q);
        pos += bestLen;
      } else {
        const b = data[pos]!;
        cost += LIT_BITS[b]!;
        tokLen[ntok] = 0;
        tokVal[ntok++] = b;
        pos++;
      }
    }
    const final = pos >= n;
    const len = pos - blockStart;
    const storedCost = Math.ceil(len / 0xffff) * (3 + 7 + 32) + 8 * len;
    if (storedCost < cost) {
      writeStored(w, data, blockStart, pos, final);
      continue;
    }
    w.write(final ? 1 : 0, 1);
    w.write(1, 2); // BTYPE 01: fixed Huffman
    for (let t = 0; t < ntok; t++) {
      const l = tokLen[t]!;
      if (l === 0) {
        const b = tokVal[t]!;
        w.write(LIT_CODE[b]!, LIT_BITS[b]!);
        continue;
      }
      const li = LEN_INDEX[l]!;
      w.write(LIT_CODE[257 + li]!, LIT_BITS[257 + li]!);
      if (LEN_EXTRA[li]) w.write(l - LEN_BASE[li]!, LEN_EXTRA[li]!);
      const d = tokVal[t]!;
      const di = DIST_INDEX[d]!;
      w.write(DIST_CODE[di]!, 5);
      if (DIST_EXTRA[di]) w.write(d - DIST_BASE[di]!, DIST_EXTRA[di]!);
    }
    w.write(LIT_CODE[256]!, 7);
  }
  return w.finish();
}

/** Adler-32 checksum (RFC 1950 §8.2). */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(data.length, i + 5552);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** zlib stream: CMF 0x78 (deflate, 32 KiB window), FLG 0x9C (or 0x01 when stored), raw DEFLATE, big-endian Adler-32. Inflatable by any zlib (PNG IDAT, PDF FlateDecode). */
export function zlibCompress(data: Uint8Array, options: DeflateOptions = {}): Uint8Array {
  const raw = deflateRaw(data, options);
  const out = new Uint8Array(raw.length + 6);
  out[0] = 0x78;
  out[1] = options.mode === 'stored' ? 0x01 : 0x9c;
  out.set(raw, 2);
  const a = adler32(data);
  out[raw.length + 2] = a >>> 24;
  out[raw.length + 3] = (a >>> 16) & 0xff;
  out[raw.length + 4] = (a >>> 8) & 0xff;
  out[raw.length + 5] = a & 0xff;
  return out;
}
