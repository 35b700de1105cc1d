/**
 * Test certificates: the test-facing shape (`createCa().issue({commonName, dns, client})`) over the
 * project's certificate module, src/security/certificates.ts (ECDSA P-256 via @peculiar/x509).
 */
import { createCertificateAuthority } from '../../src/security/certificates.ts';

export interface Pem {
  cert: string;
  key: string;
}

export interface TestCa extends Pem {
  /** Issues a leaf certificate signed by this CA (server usage unless `client`). */
  issue(opts: { commonName: string; dns?: string[]; uris?: string[]; ips?: string[]; client?: boolean }): Promise<Pem>;
}

export async function createCa(commonName = 'Sextant Test CA'): Promise<TestCa> {
  const ca = await createCertificateAuthority(commonName, 30);
  return {
    cert: ca.cert,
    key: ca.key,
    async issue(o) {
      const leaf = await ca.issue({ commonName: o.commonName, dnsNames: o.dns, uris: o.uris, ips: o.ips, days: 30, usage: o.client ? 'client' : 'server' });
      return { cert: leaf.cert, key: leaf.key };
    },
  };
}
