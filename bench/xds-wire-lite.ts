/**
 * A minimal DiscoveryRequest/DiscoveryResponse codec for the xDS benchmark's simulated Envoys, so a
 * thousand clients in one process cost little next to the server they measure (a real Envoy parses
 * in C++). Responses are scanned for version_info, type_url, nonce and the raw Any values only;
 * requests without a node are written by hand. The first request of a stream (it carries the node)
 * and anything unusual go through the real codec (src/envoy/xds-wire.ts), and so does the server.
 */
import type { DiscoveryRequest } from '../src/envoy/xds-wire.ts';
import { xdsWire } from '../src/envoy/xds-wire.ts';

export interface LiteResponse {
  versionInfo: string;
  typeUrl: string;
  nonce: string;
  /** Any.value of each resource. */
  values: Uint8Array[];
}

function varint(b: Uint8Array, pos: number): [number, number] {
  let v = 0;
  let shift = 0;
  for (;;) {
    const x = b[pos++];
    v += (x & 0x7f) * 2 ** shift;
    if (x < 0x80) return [v, pos];
    shift += 7;
  }
}

/** Calls `onField` with the byte range of every length-delimited field; other wire types are skipped. */
function scan(b: Uint8Array, onField: (field: number, start: number, end: number) => void): void {
  let pos = 0;
  while (pos < b.length) {
    let key: number;
    [key, pos] = varint(b, pos);
    const wire = key & 7;
    if (wire === 0) [, pos] = varint(b, pos);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      let len: number;
      [len, pos] = varint(b, pos);
      onField(key >>> 3, pos, pos + len);
      pos += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (b: Uint8Array, s: number, e: number) => Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8');

export function decodeResponseLite(b: Uint8Array): LiteResponse {
  const r: LiteResponse = { versionInfo: '', typeUrl: '', nonce: '', values: [] };
  scan(b, (f, s, e) => {
    if (f === 1) r.versionInfo = text(b, s, e);
    else if (f === 4) r.typeUrl = text(b, s, e);
    else if (f === 5) r.nonce = text(b, s, e);
    else if (f === 2) {
      const any = b.subarray(s, e);
      scan(any, (af, as, ae) => {
        if (af === 2) r.values.push(any.subarray(as, ae));
      });
    }
  });
  return r;
}

function pushString(parts: Buffer[], field: number, s: string): void {
  if (s === '') return;
  const body = Buffer.from(s, 'utf8');
  const head = [(field << 3) | 2];
  for (let n = body.length; ; n >>>= 7) {
    if (n < 0x80) {
      head.push(n);
      break;
    }
    head.push((n & 0x7f) | 0x80);
  }
  parts.push(Buffer.from(head), body);
}

export function encodeRequestLite(req: DiscoveryRequest): Buffer {
  if (req.node || req.errorDetail) return xdsWire.encodeRequest(req);
  const parts: Buffer[] = [];
  pushString(parts, 1, req.versionInfo);
  for (const n of req.resourceNames) pushString(parts, 3, n);
  pushString(parts, 4, req.typeUrl);
  pushString(parts, 5, req.responseNonce);
  return Buffer.concat(parts);
}
