/**
 * A TLS ClientHello reader for the TLS inspector: from the first bytes of a connection it tells
 * TLS from plaintext and extracts SNI and the ALPN list, without consuming the bytes (the caller
 * puts them back). Never throws: malformed input is reported as such.
 */

export type ClientHelloResult =
  | { kind: 'need-more' }
  | { kind: 'not-tls' }
  | { kind: 'malformed' }
  | { kind: 'tls'; serverName: string; alpn: string[] };

const MAX_HELLO = 64 * 1024;

/** Joins the handshake payload of consecutive TLS records starting at offset 0. */
function handshakeBytes(buf: Buffer): Buffer | 'need-more' | 'not-tls' | 'malformed' {
  if (buf.length < 1) return 'need-more';
  if (buf[0] !== 0x16) return 'not-tls';
  if (buf.length < 3) return 'need-more';
  if (buf[1] !== 0x03 || buf[2] > 0x04) return 'not-tls';
  const parts: Buffer[] = [];
  let total = 0;
  let off = 0;
  let need = -1;
  while (true) {
    if (buf.length < off + 5) return 'need-more';
    if (buf[off] !== 0x16) return 'malformed';
    const len = buf.readUInt16BE(off + 3);
    if (buf.length < off + 5 + len) {
      // Allow parsing as soon as the handshake header and body fit, even mid-record.
      parts.push(buf.subarray(off + 5));
      total += buf.length - off - 5;
    } else {
      parts.push(buf.subarray(off + 5, off + 5 + len));
      total += len;
    }
    const joined = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    if (need < 0 && joined.length >= 4) {
      if (joined[0] !== 0x01) return 'malformed';
      need = 4 + joined.readUIntBE(1, 3);
      if (need > MAX_HELLO) return 'malformed';
    }
    if (need >= 0 && total >= need) return joined.subarray(0, need);
    if (buf.length < off + 5 + len) return 'need-more';
    off += 5 + len;
  }
}

export function parseClientHello(buf: Buffer): ClientHelloResult {
  const hs = handshakeBytes(buf);
  if (hs === 'need-more') return buf.length > MAX_HELLO ? { kind: 'malformed' } : { kind: 'need-more' };
  if (hs === 'not-tls') return { kind: 'not-tls' };
  if (hs === 'malformed') return { kind: 'malformed' };
  try {
    return readHello(hs);
  } catch {
    return { kind: 'malformed' };
  }
}

function readHello(b: Buffer): ClientHelloResult {
  let p = 4 + 2 + 32; // handshake header, legacy_version, random
  p += 1 + b[p]; // session id
  p += 2 + b.readUInt16BE(p); // cipher suites
  p += 1 + b[p]; // compression methods
  let serverName = '';
  const alpn: string[] = [];
  if (p + 2 > b.length) return { kind: 'tls', serverName, alpn };
  const end = p + 2 + b.readUInt16BE(p);
  p += 2;
  if (end > b.length) return { kind: 'malformed' };
  while (p + 4 <= end) {
    const type = b.readUInt16BE(p);
    const len = b.readUInt16BE(p + 2);
    const body = b.subarray(p + 4, p + 4 + len);
    if (body.length !== len) return { kind: 'malformed' };
    if (type === 0) serverName = readSni(body);
    else if (type === 16) readAlpn(body, alpn);
    p += 4 + len;
  }
  return { kind: 'tls', serverName, alpn };
}

function readSni(body: Buffer): string {
  let p = 2;
  while (p + 3 <= body.length) {
    const type = body[p];
    const len = body.readUInt16BE(p + 1);
    if (type === 0) return body.toString('latin1', p + 3, p + 3 + len).toLowerCase();
    p += 3 + len;
  }
  return '';
}

function readAlpn(body: Buffer, out: string[]): void {
  let p = 2;
  while (p < body.length) {
    const len = body[p];
    out.push(body.toString('latin1', p + 1, p + 1 + len));
    p += 1 + len;
  }
}

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** Envoy's HTTP inspector: `h2c`, `http/1.1`, `http/1.0`, 'need-more', or '' (not HTTP). */
export function sniffHttp(buf: Buffer): string {
  const n = Math.min(buf.length, H2_PREFACE.length);
  if (buf.subarray(0, n).equals(H2_PREFACE.subarray(0, n))) return n === H2_PREFACE.length ? 'h2c' : 'need-more';
  const lineEnd = buf.indexOf('\r\n');
  if (lineEnd < 0) return buf.length > 8192 ? '' : 'need-more';
  const line = buf.toString('latin1', 0, lineEnd);
  if (/^[A-Z]+ \S+ HTTP\/1\.0$/.test(line)) return 'http/1.0';
  if (/^[A-Z]+ \S+ HTTP\/1\.1$/.test(line)) return 'http/1.1';
  return '';
}

/** True when `buf` starts with (a prefix of) the HTTP/2 connection preface. */
export function startsWithH2Preface(buf: Buffer): boolean | 'need-more' {
  const n = Math.min(buf.length, H2_PREFACE.length);
  if (!buf.subarray(0, n).equals(H2_PREFACE.subarray(0, n))) return false;
  return n === H2_PREFACE.length ? true : 'need-more';
}
