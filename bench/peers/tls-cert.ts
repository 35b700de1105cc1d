/**
 * A throw-away ECDSA P-256 server certificate for the HTTPS scenarios, generated at run time by the
 * openssl command: SANs `*.bench.local`, `localhost` and 127.0.0.1, valid for a day. Written as PEM
 * files (certificate, key, and both concatenated for HAProxy) into a directory.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from './env.ts';
import { HOST_SUFFIX } from './route-table.ts';

export interface CertFiles {
  cert: string;
  key: string;
  /** Certificate followed by key, the form HAProxy's `crt` takes. */
  combined: string;
}

/** Undefined when openssl is missing (the HTTPS scenario is then skipped with this hint). */
export function opensslMissing(): string | undefined {
  return findExecutable('openssl') ? undefined : 'openssl not found (apt-get install openssl): HTTPS scenarios need it to make their certificate';
}

export function generateCert(dir: string): CertFiles {
  const files: CertFiles = { cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), combined: join(dir, 'server.pem') };
  execFileSync(findExecutable('openssl')!, [
    'req', '-x509', '-nodes', '-days', '1',
    '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-keyout', files.key, '-out', files.cert,
    '-subj', `/CN=${HOST_SUFFIX}`,
    '-addext', `subjectAltName=DNS:*.${HOST_SUFFIX},DNS:localhost,IP:127.0.0.1`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(files.combined, readFileSync(files.cert, 'utf8') + readFileSync(files.key, 'utf8'), { mode: 0o600 });
  return files;
}
