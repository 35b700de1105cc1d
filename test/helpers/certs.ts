/**
 * Test certificates made at test time: an ECDSA P-256 CA and leaf certificates it signs (server
 * certificates with DNS SANs, client certificates with a SPIFFE URI SAN), as PEM strings, with
 * @peculiar/x509 over node:crypto's WebCrypto. Nothing is stored on disk unless a test writes it.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface Pem {
  cert: string;
  key: string;
}

export interface TestCa extends Pem {
  /** Issues a leaf certificate signed by this CA. */
  issue(opts: { commonName: string; dns?: string[]; uris?: string[]; ips?: string[]; client?: boolean }): Promise<Pem>;
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64.trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

let serial = 1;
function nextSerial(): string {
  serial++;
  return serial.toString(16).padStart(4, '0') + Math.floor(Math.random() * 0xffff).toString(16).padStart(4, '0');
}

export async function createCa(commonName = 'Sextant Test CA'): Promise<TestCa> {
  const keys = await keyPair();
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: `CN=${commonName}`,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 30 * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const caPem = ca.toString('pem');
  return {
    cert: caPem,
    key: await keyPem(keys.privateKey),
    async issue(opts) {
      const leafKeys = await keyPair();
      const names: x509.JsonGeneralName[] = [
        ...(opts.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
        ...(opts.uris ?? []).map((value) => ({ type: 'url' as const, value })),
        ...(opts.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
      ];
      const extensions: x509.Extension[] = [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([opts.client ? x509.ExtendedKeyUsage.clientAuth : x509.ExtendedKeyUsage.serverAuth]),
      ];
      if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: nextSerial(),
        subject: `CN=${opts.commonName}`,
        issuer: ca.subject,
        notBefore: new Date(now - DAY),
        notAfter: new Date(now + 30 * DAY),
        signingKey: keys.privateKey,
        publicKey: leafKeys.publicKey,
        signingAlgorithm: ALG,
        extensions,
      });
      return { cert: cert.toString('pem'), key: await keyPem(leafKeys.privateKey) };
    },
  };
}
