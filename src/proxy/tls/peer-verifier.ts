/**
 * Checks on a peer certificate beyond the chain of trust, from a CertificateValidationContext:
 * subject-alt-name matchers (typed and untyped), SHA-256 certificate hashes and SPKI pins.
 * Returns a reason string when the peer is refused, undefined when it passes.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import type { CertificateValidationContext } from '../../envoy/types.ts';
import { compileStringMatcher, type StringPredicate } from '../common/string-matcher.ts';

export type PeerVerifier = (cert: PeerCertificate | undefined) => string | undefined;

interface SanRule {
  type: string | undefined; // DNS, URI, EMAIL, IP Address; undefined = any
  match: StringPredicate;
}

const SAN_TYPES: Record<string, string> = { DNS: 'DNS', URI: 'URI', EMAIL: 'email', IP_ADDRESS: 'IP Address' };

function parseSans(altNames: string | undefined): { type: string; value: string }[] {
  if (!altNames) return [];
  return altNames.split(/,\s*/).map((part) => {
    const i = part.indexOf(':');
    return { type: part.slice(0, i), value: part.slice(i + 1) };
  });
}

/** Builds a verifier, or undefined when the context asks for nothing beyond the chain. */
export function compilePeerVerifier(v: CertificateValidationContext | undefined): PeerVerifier | undefined {
  if (!v) return undefined;
  const rules: SanRule[] = [];
  for (const m of v.matchSubjectAltNames ?? []) rules.push({ type: undefined, match: compileStringMatcher(m) });
  for (const t of v.matchTypedSubjectAltNames ?? []) rules.push({ type: SAN_TYPES[t.sanType] ?? t.sanType, match: compileStringMatcher(t.matcher) });
  const hashes = (v.verifyCertificateHash ?? []).map((h) => h.replace(/:/g, '').toLowerCase());
  const spkis = v.verifyCertificateSpki ?? [];
  if (rules.length === 0 && hashes.length === 0 && spkis.length === 0) return undefined;
  return (cert) => {
    if (!cert || !cert.raw) return 'peer presented no certificate';
    if (rules.length > 0) {
      const sans = parseSans(cert.subjectaltname);
      const ok = sans.some((san) => rules.some((r) => (r.type === undefined || r.type === san.type) && r.match(san.value)));
      if (!ok) return 'peer certificate subject alt names do not match';
    }
    if (hashes.length > 0 || spkis.length > 0) {
      const certHash = createHash('sha256').update(cert.raw).digest('hex');
      const hashOk = hashes.includes(certHash);
      let spkiOk = false;
      if (!hashOk && spkis.length > 0) {
        const der = new X509Certificate(cert.raw).publicKey.export({ type: 'spki', format: 'der' });
        spkiOk = spkis.includes(createHash('sha256').update(der).digest('base64'));
      }
      if (!hashOk && !spkiOk) return 'peer certificate hash/SPKI does not match';
    }
    return undefined;
  };
}
