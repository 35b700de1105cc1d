/**
 * The secrets one bundle can reference: `Secret` resources by name (what SDS would serve), plus
 * Istio's file-mounted SDS names (`file-cert:CERT~KEY`, `file-root:CA`) read from disk the way
 * istio-agent serves them. Everything is read when the bundle is built, never per connection.
 */
import type { CertificateValidationContext, Secret, TlsCertificate } from '../../envoy/types.ts';
import { readDataSource } from '../common/data-source.ts';
import { ConfigError } from '../config/config-error.ts';

export interface CertKeyPair {
  certChain: Buffer;
  privateKey: Buffer;
}

export interface ValidationMaterial {
  trustedCa?: Buffer;
  crl?: Buffer;
  context: CertificateValidationContext;
}

const FILE_CERT = 'file-cert:';
const FILE_ROOT = 'file-root:';

export class SecretStore {
  private readonly byName = new Map<string, Secret>();

  constructor(secrets: Secret[]) {
    for (const s of secrets) {
      if (!s || typeof s.name !== 'string' || s.name === '') throw new ConfigError('a secret has no name');
      if (this.byName.has(s.name)) throw new ConfigError(`duplicate secret "${s.name}"`);
      this.byName.set(s.name, s);
    }
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  raw(name: string): Secret | undefined {
    return this.byName.get(name);
  }

  /** The certificate/key pair of an SDS secret config name. */
  certificate(name: string): CertKeyPair {
    const s = this.byName.get(name);
    if (s) {
      if (!s.tlsCertificate) throw new ConfigError(`secret "${name}" has no tlsCertificate`);
      return loadCertificate(s.tlsCertificate, `secret "${name}"`);
    }
    if (name.startsWith(FILE_CERT)) {
      const [cert, key] = name.slice(FILE_CERT.length).split('~');
      if (!cert || !key) throw new ConfigError(`SDS name "${name}" must be file-cert:CERT~KEY`);
      return loadCertificate({ certificateChain: { filename: cert }, privateKey: { filename: key } }, `secret "${name}"`);
    }
    throw new ConfigError(`secret "${name}" referenced by tlsCertificateSdsSecretConfigs is not in the bundle`);
  }

  /** The validation context of an SDS secret config name. */
  validation(name: string): ValidationMaterial {
    const s = this.byName.get(name);
    if (s) {
      if (!s.validationContext) throw new ConfigError(`secret "${name}" has no validationContext`);
      return loadValidation(s.validationContext, `secret "${name}"`);
    }
    if (name.startsWith(FILE_ROOT)) {
      return loadValidation({ trustedCa: { filename: name.slice(FILE_ROOT.length) } }, `secret "${name}"`);
    }
    throw new ConfigError(`secret "${name}" referenced by validationContextSdsSecretConfig is not in the bundle`);
  }
}

export function loadCertificate(c: TlsCertificate, what: string): CertKeyPair {
  return {
    certChain: readDataSource(c.certificateChain, `${what} certificateChain`),
    privateKey: readDataSource(c.privateKey, `${what} privateKey`),
  };
}

export function loadValidation(v: CertificateValidationContext, what: string): ValidationMaterial {
  return {
    trustedCa: v.trustedCa ? readDataSource(v.trustedCa, `${what} trustedCa`) : undefined,
    crl: v.crl ? readDataSource(v.crl, `${what} crl`) : undefined,
    context: v,
  };
}

/** A stable text identifying the content of some secrets, so a reused object notices rotation. */
export function secretsFingerprint(store: SecretStore, names: string[]): string {
  return names.map((n) => `${n}=${JSON.stringify(store.raw(n) ?? null)}`).join(';');
}
