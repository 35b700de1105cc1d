/**
 * IST0129 NoServerCertificateVerificationPortLevel: IST0128's check for each entry of
 * `trafficPolicy.portLevelSettings` that originates TLS without verifying the server.
 */
import type { DestinationRule } from '../../api/networking/destination-rule.ts';
import type { Analyzer } from '../analyzer.ts';
import { MSG } from '../messages.ts';
import { verificationHint, verificationProblem } from './ist0128-no-server-certificate-verification-destination-level.ts';

export const portLevelVerification: Analyzer = {
  name: 'destinationrule.PortLevelCaCertificateAnalyzer',
  description: 'Checks that per-port TLS settings of DestinationRules verify the server certificate',
  messages: [MSG.NoServerCertificateVerificationPortLevel],
  analyze(ctx) {
    for (const dr of ctx.byKind<DestinationRule>('DestinationRule')) {
      (dr.spec?.trafficPolicy?.portLevelSettings ?? []).forEach((p, i) => {
        const problem = verificationProblem(p?.tls, dr);
        if (!problem) return;
        const port = p.port?.number;
        ctx.report(MSG.NoServerCertificateVerificationPortLevel, dr, [`${dr.metadata.namespace}/${dr.metadata.name}`, dr.metadata.namespace, p.tls!.mode, dr.spec.host, `number:${port ?? 0}`], {
          hint: verificationHint(problem, `${dr.spec.host}:${port ?? '?'}`),
          at: { holder: p.tls, key: problem === 'insecure' ? 'insecureSkipVerify' : 'mode' },
          path: `spec.trafficPolicy.portLevelSettings[${i}].tls`,
        });
      });
    }
  },
};
