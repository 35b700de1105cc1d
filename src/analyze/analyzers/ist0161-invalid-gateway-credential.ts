/**
 * IST0161 InvalidGatewayCredential: the Secret a Gateway server's credentialName names exists (in
 * the gateway workload's namespace) but Istio cannot serve it: no `cert`/`key` or
 * `tls.crt`/`tls.key` pair with content, a certificate that does not parse, or one outside its
 * validity period (Istio's ExtractCertInfo and ValidateCertificate). The gateway then has no
 * certificate for those hosts and TLS handshakes fail.
 */
import type { Gateway } from '../../api/networking/gateway.ts';
import type { Resource } from '../../api/resource.ts';
import { parseCertificates, parsePrivateKey, validityProblem } from '../../config/validate/k8s-pem.ts';
import type { Analyzer } from '../analyzer.ts';
import { gatewayWorkloadNamespace } from '../gateway-workloads.ts';
import { MSG } from '../messages.ts';

function secretValue(secret: Resource, key: string): string | undefined {
  const sd = secret.body?.stringData as Record<string, string> | undefined;
  if (sd && typeof sd[key] === 'string') return sd[key];
  const d = secret.body?.data as Record<string, string> | undefined;
  if (d && typeof d[key] === 'string') return Buffer.from(d[key], 'base64').toString('utf8');
  return undefined;
}

/** Why Istio cannot serve this Secret as a server certificate, or undefined. */
export function credentialProblem(secret: Resource, now: Date = new Date()): string | undefined {
  const pairs: [string, string][] = [
    ['cert', 'key'],
    ['tls.crt', 'tls.key'],
  ];
  const pair = pairs.find(([c, k]) => secretValue(secret, c) && secretValue(secret, k));
  if (!pair) {
    const keys = [...Object.keys(secret.body?.data ?? {}), ...Object.keys(secret.body?.stringData ?? {})];
    return `it has no non-empty cert/key or tls.crt/tls.key pair (keys: ${keys.length ? keys.join(', ') : 'none'})`;
  }
  const certs = parseCertificates(secretValue(secret, pair[0])!, pair[0]);
  if (certs.problem) return certs.problem;
  const key = parsePrivateKey(secretValue(secret, pair[1])!, pair[1]);
  if (key.problem) return key.problem;
  for (const c of certs.certificates) {
    const p = validityProblem(c, pair[0], now);
    if (p) return p;
  }
  return undefined;
}

export const invalidGatewayCredential: Analyzer = {
  name: 'gateway.SecretAnalyzer',
  description: "Checks a gateway's referenced secrets for correctness",
  messages: [MSG.InvalidGatewayCredential],
  analyze(ctx) {
    if (!ctx.hasWorkloads || ctx.byKind('Secret').length === 0) return;
    for (const gw of ctx.byKind<Gateway>('Gateway')) {
      const ns = gatewayWorkloadNamespace(ctx, gw);
      if (!ns) continue;
      (gw.spec?.servers ?? []).forEach((s, i) => {
        const cn = s?.tls?.credentialName;
        if (!cn) return;
        const secret = ctx.secret(ns, cn);
        if (!secret) return;
        const problem = credentialProblem(secret);
        if (!problem) return;
        ctx.report(MSG.InvalidGatewayCredential, gw, [gw.metadata.name, gw.metadata.namespace], {
          hint: `Secret ${ns}/${cn}: ${problem}; store the PEM certificate chain under tls.crt and its private key under tls.key (type kubernetes.io/tls).`,
          at: { holder: s.tls, key: 'credentialName' },
          path: `spec.servers[${i}].tls.credentialName`,
        });
      });
    }
  },
};
