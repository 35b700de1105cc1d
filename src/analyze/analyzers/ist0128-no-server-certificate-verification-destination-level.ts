/**
 * IST0128 NoServerCertificateVerificationDestinationLevel: a DestinationRule originating TLS
 * (mode SIMPLE or MUTUAL) that gives the proxy nothing to verify the server's certificate with —
 * no `caCertificates` (and no `credentialName` on a workload-selected rule, whose Secret may carry
 * `ca.crt`) — or that turns verification off with `insecureSkipVerify`. IST0129 is the same check
 * per port (portLevelSettings).
 */
import type { ClientTLSSettings, DestinationRule } from '../../api/networking/destination-rule.ts';
import type { Resource } from '../../api/resource.ts';
import type { Analyzer } from '../analyzer.ts';
import { MSG } from '../messages.ts';

/** What is missing, or undefined when the server certificate is verified. */
export function verificationProblem(tls: ClientTLSSettings | undefined, dr: Resource<DestinationRule>): 'no-ca' | 'insecure' | undefined {
  const mode = tls?.mode;
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return undefined;
  if (tls!.insecureSkipVerify === true) return 'insecure';
  if (tls!.caCertificates) return undefined;
  if (tls!.credentialName && dr.spec?.workloadSelector) return undefined;
  return 'no-ca';
}

export function verificationHint(problem: 'no-ca' | 'insecure', host: string): string {
  if (problem === 'insecure') return `insecureSkipVerify: true disables the check; remove it and set caCertificates (or a credentialName Secret with ca.crt) so that a server impersonating ${host} is refused.`;
  return `Set tls.caCertificates to the CA bundle that signed ${host}'s certificate (and subjectAltNames to its names), so that the proxy refuses a server it cannot verify.`;
}

export const destinationLevelVerification: Analyzer = {
  name: 'destinationrule.CaCertificateAnalyzer',
  description: 'Checks that DestinationRules originating TLS verify the server certificate',
  messages: [MSG.NoServerCertificateVerificationDestinationLevel],
  analyze(ctx) {
    for (const dr of ctx.byKind<DestinationRule>('DestinationRule')) {
      const tls = dr.spec?.trafficPolicy?.tls;
      const problem = verificationProblem(tls, dr);
      if (!problem) continue;
      ctx.report(MSG.NoServerCertificateVerificationDestinationLevel, dr, [`${dr.metadata.namespace}/${dr.metadata.name}`, dr.metadata.namespace, tls!.mode, dr.spec.host], {
        hint: verificationHint(problem, dr.spec.host),
        at: { holder: tls, key: problem === 'insecure' ? 'insecureSkipVerify' : 'mode' },
        path: 'spec.trafficPolicy.tls',
      });
    }
  },
};
