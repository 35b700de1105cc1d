/**
 * PEM checks for TLS material in Secrets, with node:crypto: every certificate block parses as
 * X.509, the private key parses, and the key belongs to the leaf certificate. Messages name the
 * Secret key they are about.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export interface ParsedCertificates {
  certificates: X509Certificate[];
  problem?: string;
}

/** Parses a PEM bundle (leaf first, then intermediates, or a CA bundle). */
export function parseCertificates(pem: string, key: string): ParsedCertificates {
  const blocks = pem.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) {
    return { certificates: [], problem: `${key} holds no PEM certificate (expected a "-----BEGIN CERTIFICATE-----" block)${pem.includes('PRIVATE KEY') ? '; it looks like a private key' : ''}` };
  }
  const certificates: X509Certificate[] = [];
  for (let i = 0; i < blocks.length; i++) {
    try {
      certificates.push(new X509Certificate(blocks[i]));
    } catch (e) {
      return { certificates, problem: `${key}: certificate ${i + 1} of ${blocks.length} cannot be parsed: ${reason(e)}` };
    }
  }
  return { certificates };
}

export interface ParsedKey {
  key?: KeyObject;
  problem?: string;
}

export function parsePrivateKey(pem: string, key: string): ParsedKey {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    return { problem: `${key} holds no PEM private key (expected a "-----BEGIN PRIVATE KEY-----" block)${pem.includes('BEGIN CERTIFICATE') ? '; it looks like a certificate' : ''}` };
  }
  try {
    return { key: createPrivateKey(pem) };
  } catch (e) {
    return { problem: `${key}: the private key cannot be parsed: ${reason(e)}` };
  }
}

/** Whether the leaf certificate's public key pairs with the private key. */
export function keyMatchesCertificate(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

/** A warning for a leaf certificate outside its validity period at `now`. */
export function validityProblem(cert: X509Certificate, key: string, now: Date): string | undefined {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (now > to) return `${key}: the certificate expired on ${to.toISOString()}`;
  if (now < from) return `${key}: the certificate is not valid before ${from.toISOString()}`;
  return undefined;
}

function reason(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/^error:[0-9A-F]+:/i, '').trim() || 'invalid data';
}
