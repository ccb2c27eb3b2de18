// The HDF5 worker's code (plain JS, run with `new Worker(src, { eval: true })`): h5wasm behind a message port,
// so that a corrupt file that aborts, corrupts or hangs the wasm HDF5 library never touches the caller.

export const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
let h5 = null;
let mod = null;
// Set when an HDF5 call failed after a file was opened: h5wasm may have leaked object ids, which keep the file
// open inside HDF5, and a later open of the same inode would see stale cached metadata. The client then restarts us.
let dirty = false;
async function load() {
  if (h5) return;
  mod = await import(workerData.h5wasmUrl);
  h5 = mod.default;
  await h5.ready;
  try { mod.Module.activate_throwing_error_handler(); } catch (e) { /* older h5wasm */ }
}
function plain(v) {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Float64Array.from(v, Number);
  if (ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(plain);
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
}
function dtypeOf(md) {
  if (!md) return 'other';
  switch (md.type) {
    case 0: return (md.signed ? 'int' : 'uint') + md.size * 8;
    case 1: return 'float' + md.size * 8;
    case 3: return 'string';
    case 6: return 'compound';
    case 8: {
      const mem = md.enum_type && md.enum_type.members ? Object.keys(md.enum_type.members) : [];
      return mem.length === 2 && mem.includes('TRUE') && mem.includes('FALSE') ? 'bool' : 'enum' + md.size * 8;
    }
    case 9: return md.vlen_type && md.vlen_type.type === 3 ? 'string' : 'vlen';
    default: return 'other';
  }
}
function readAttrs(obj) {
  const out = {};
  let names = [];
  try { names = Object.keys(obj.attrs); } catch (e) { if (e instanceof WebAssembly.RuntimeError) throw e; dirty = true; return out; }
  for (const n of names.slice(0, 1000)) {
    try { out[n] = plain(obj.attrs[n].value); } catch (e) { if (e instanceof WebAssembly.RuntimeError) throw e; dirty = true; }
  }
  return out;
}
function count(shape) { let n = 1; for (const d of shape) n *= d; return n; }
function scan(file, maxInline, maxNodes) {
  const f = new h5.File(file, 'r');
  let done = false;
  try {
    const nodes = [{ path: '/', kind: 'group', attrs: readAttrs(f) }];
    const stack = [['/', f, 0]];
    while (stack.length > 0) {
      const [path, g, depth] = stack.pop();
      let keys = [];
      try { keys = g.keys(); } catch (e) { if (e instanceof WebAssembly.RuntimeError) throw e; dirty = true; continue; }
      for (const k of keys) {
        if (nodes.length >= maxNodes) throw new Error('more than ' + maxNodes + ' objects');
        const p = path === '/' ? '/' + k : path + '/' + k;
        let e = null;
        try { e = g.get(k); } catch (err) { if (err instanceof WebAssembly.RuntimeError) throw err; dirty = true; }
        if (e instanceof h5.Group) {
          nodes.push({ path: p, kind: 'group', attrs: readAttrs(e) });
          if (depth < 64) stack.push([p, e, depth + 1]);
        } else if (e instanceof h5.Dataset) {
          const md = e.metadata;
          const shape = md.shape ? md.shape.map(Number) : null;
          const node = { path: p, kind: 'dataset', attrs: readAttrs(e), dtype: dtypeOf(md), shape, itemsize: md.size };
          if (shape && count(shape) * md.size <= maxInline && node.dtype !== 'compound' && node.dtype !== 'other' && node.dtype !== 'vlen') {
            try { node.value = plain(e.value); } catch (err) { if (err instanceof WebAssembly.RuntimeError) throw err; dirty = true; }
          }
          nodes.push(node);
        } else {
          nodes.push({ path: p, kind: 'other', attrs: {} });
        }
      }
    }
    nodes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    done = true;
    return nodes;
  } finally { if (!done) dirty = true; try { f.close(); } catch (e) { dirty = true; } }
}
function read(file, paths, maxBytes) {
  const f = new h5.File(file, 'r');
  let done = false;
  try {
    const out = {};
    for (const p of paths) {
      const e = f.get(p);
      if (!(e instanceof h5.Dataset)) throw new Error('no dataset ' + p);
      const md = e.metadata;
      if (!md.shape) throw new Error('dataset ' + p + ' has no data');
      const bytes = count(md.shape.map(Number)) * md.size;
      if (bytes > maxBytes) throw new Error('dataset ' + p + ' is too large (' + bytes + ' bytes)');
      out[p] = plain(e.value);
    }
    done = true;
    return out;
  } finally { if (!done) dirty = true; try { f.close(); } catch (e) { dirty = true; } }
}
function setAttrs(obj, attrs) {
  for (const [name, a] of Object.entries(attrs || {})) {
    if (a.dtype) obj.create_attribute(name, a.value, a.shape || null, a.dtype);
    else obj.create_attribute(name, a.value);
  }
}
function write(file, nodes) {
  const f = new h5.File(file, 'w');
  try {
    for (const n of nodes) {
      if (n.kind === 'group') {
        const g = n.path === '/' ? f : f.create_group(n.path);
        setAttrs(g, n.attrs);
      } else {
        const d = f.create_dataset({ name: n.path, data: n.data, shape: n.shape || null, dtype: n.dtype || null });
        setAttrs(d, n.attrs);
      }
    }
    f.flush();
  } catch (e) { dirty = true; throw e; } finally { f.close(); }
}
// HDF5's error stack, most specific entry last: '#006: .../H5Fsuper.c line 577 in H5F__super_read(): truncated file: ...'.
function summarise(text) {
  const lines = text.split('\n');
  const entries = lines.map((l) => /#\d+: .* in [A-Za-z0-9_]+\(\): (.*)$/.exec(l)).filter(Boolean).map((m) => m[1]);
  const msg = entries.length > 0 ? entries[entries.length - 1] : lines.find((l) => l.trim() !== '' && !/HDF5-DIAG/.test(l)) || lines[0];
  return msg.trim().slice(0, 300);
}
parentPort.on('message', async (msg) => {
  try {
    await load();
    let result;
    if (msg.op === 'scan') result = scan(msg.file, msg.maxInline, msg.maxNodes);
    else if (msg.op === 'read') result = read(msg.file, msg.paths, msg.maxBytes);
    else if (msg.op === 'write') result = write(msg.file, msg.nodes);
    else throw new Error('unknown op ' + msg.op);
    parentPort.postMessage({ id: msg.id, ok: true, result, dirty });
  } catch (e) {
    const fatal = e instanceof WebAssembly.RuntimeError || /Aborted|out of bounds|unreachable/.test(String(e && e.message));
    parentPort.postMessage({ id: msg.id, ok: false, fatal, dirty, message: summarise(String(e && e.message ? e.message : e)) });
  }
});
`;
