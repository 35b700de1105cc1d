/**
 * IST0138 GatewayDuplicateCertificate: two Gateways on the same workload (one's selector is a
 * subset of the other's) whose TLS servers use the same certificate — the same credentialName, or
 * the same serverCertificate and privateKey files. A browser then reuses one HTTP/2 connection for
 * both hosts, lands on the other server's route table and gets 404.
 */
import type { Gateway, ServerTLSSettings } from '../../api/networking/gateway.ts';
import type { Resource } from '../../api/resource.ts';
import type { Analyzer } from '../analyzer.ts';
import { nsName } from '../context.ts';
import { MSG } from '../messages.ts';

function certificateKey(tls: ServerTLSSettings | undefined): string | undefined {
  if (!tls) return undefined;
  if (tls.credentialName) return `credential:${tls.credentialName}`;
  if (tls.serverCertificate && tls.privateKey) return `files:${tls.serverCertificate}|${tls.privateKey}`;
  return undefined;
}

function selectorSubset(x: Record<string, string> | undefined, y: Record<string, string> | undefined): boolean {
  return Object.entries(x ?? {}).every(([k, v]) => y?.[k] === v);
}

export const gatewayDuplicateCertificate: Analyzer = {
  name: 'gateway.CertificateAnalyzer',
  description: 'Checks that Gateways on one workload do not share a certificate',
  messages: [MSG.GatewayDuplicateCertificate],
  analyze(ctx) {
    const byCert = new Map<string, Resource<Gateway>[]>();
    for (const gw of ctx.byKind<Gateway>('Gateway')) {
      const keys = new Set((gw.spec?.servers ?? []).map((s) => certificateKey(s?.tls)).filter((k): k is string => !!k));
      for (const k of keys) byCert.set(k, [...(byCert.get(k) ?? []), gw]);
    }
    const reported = new Set<string>();
    for (const [key, gws] of byCert) {
      if (gws.length < 2) continue;
      for (const cur of gws) {
        for (const other of gws) {
          if (other === cur || !selectorSubset(cur.spec?.selector, other.spec?.selector)) continue;
          const pair = `${nsName(cur)}|${nsName(other)}`;
          if (reported.has(pair)) continue;
          reported.add(pair);
          const what = key.startsWith('credential:') ? `credentialName ${key.slice(11)}` : `certificate file ${key.slice(6).split('|')[0]}`;
          ctx.report(MSG.GatewayDuplicateCertificate, cur, [[nsName(cur), nsName(other)]], {
            hint: `Both use ${what}; serve all hosts of this certificate from one Gateway server, or give each Gateway its own certificate.`,
          });
        }
      }
    }
  },
};
