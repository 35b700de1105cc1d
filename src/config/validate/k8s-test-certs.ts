/**
 * Test helper: real self-signed X.509 certificates and keys (PEM) for the Secret and mesh config
 * tests, built with a minimal DER encoder and signed by node:crypto (ECDSA P-256, SHA-256).
 */
import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

const DAY = 86_400_000;

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const stack = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) stack.unshift((v & 0x7f) | 0x80);
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
};
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s));
const time = (d: Date): Buffer => {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(s.slice(2))) : tlv(0x18, Buffer.from(s));
};
const name = (cn: string): Buffer => seq(tlv(0x31, seq(oid('2.5.4.3'), utf8(cn))));
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

export interface TestCert {
  certPem: string;
  keyPem: string;
}

const pem = (label: string, der: Buffer): string => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

/** A self-signed certificate for `cn`, valid from `notBefore` for `days` days, with a fresh key (or `key`). */
export function makeCert(cn: string, notBefore = new Date(Date.now() - DAY), days = 30, key?: KeyObject): TestCert {
  const privateKey = key ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, Buffer.from([1])),
    ECDSA_SHA256,
    name(cn),
    seq(time(notBefore), time(new Date(notBefore.getTime() + days * DAY))),
    name(cn),
    spki,
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = seq(tbs, ECDSA_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { certPem: pem('CERTIFICATE', cert), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export const b64 = (s: string): string => Buffer.from(s).toString('base64');
