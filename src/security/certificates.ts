/**
 * X.509 certificates for local use: a self-signed CA and leaf certificates it signs (ECDSA P-256,
 * SHA-256), PEM-encoded, built with @peculiar/x509 over WebCrypto. Used by the demo (`npm start`),
 * tests and benchmarks; the mesh CA of the security issue builds on the same functions.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface CertificateKeyPair {
  /** PEM certificate. */
  cert: string;
  /** PEM private key (PKCS#8). */
  key: string;
}

export interface IssuedCertificate extends CertificateKeyPair {
  /** PEM of the issuing CA (the trust anchor a client needs). */
  ca: string;
}

export interface CertificateAuthority extends CertificateKeyPair {
  issue(opts: LeafOptions): Promise<IssuedCertificate>;
}

export interface LeafOptions {
  commonName?: string;
  /** DNS names for the subjectAltName extension. */
  dnsNames?: string[];
  /** URI SANs, e.g. `spiffe://cluster.local/ns/default/sa/default`. */
  uris?: string[];
  ips?: string[];
  /** Validity in days (default 365). */
  days?: number;
  /** Usage: a server certificate, a client certificate, or both (default both). */
  usage?: 'server' | 'client' | 'both';
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function pemKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
}

const serial = (): string => '01' + randomBytes(15).toString('hex');

/** A self-signed CA certificate able to issue leaf certificates. */
export async function createCertificateAuthority(commonName = 'Sextant local CA', days = 3650): Promise<CertificateAuthority> {
  const keys = await keyPair();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}, O=sextant`,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + days * DAY),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const caPem = cert.toString('pem');
  const caKey = await pemKey(keys.privateKey);
  return {
    cert: caPem,
    key: caKey,
    issue: (opts) => issueLeaf(cert, keys.privateKey, caPem, opts),
  };
}

async function issueLeaf(ca: x509.X509Certificate, caKey: CryptoKey, caPem: string, o: LeafOptions): Promise<IssuedCertificate> {
  const keys = await keyPair();
  const now = Date.now();
  const names: x509.JsonGeneralName[] = [
    ...(o.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(o.uris ?? []).map((value) => ({ type: 'url' as const, value })),
    ...(o.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const usage = o.usage ?? 'both';
  const eku = usage === 'server' ? [x509.ExtendedKeyUsage.serverAuth] : usage === 'client' ? [x509.ExtendedKeyUsage.clientAuth] : [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${o.commonName ?? o.dnsNames?.[0] ?? 'sextant'}`,
    issuer: ca.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + (o.days ?? 365) * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension(eku, false),
      ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names, false)] : []),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
    ],
  });
  return { cert: cert.toString('pem'), key: await pemKey(keys.privateKey), ca: caPem };
}

/** A self-signed leaf certificate (its own CA), for one-off servers. */
export async function createSelfSignedCertificate(opts: LeafOptions): Promise<IssuedCertificate> {
  const ca = await createCertificateAuthority(`${opts.dnsNames?.[0] ?? 'sextant'} CA`);
  return ca.issue(opts);
}
