/**
 * IST0134 ServiceEntryAddressesRequired: a ServiceEntry port serving TCP (or no protocol) without
 * `addresses`. Plain TCP carries no host name, so the proxy can only tell such services apart by
 * destination IP; without one, all of them share the port's 0.0.0.0 listener and the first wins.
 * Not reported when the mesh config enables DNS capture with address auto-allocation.
 */
import type { ServiceEntry } from '../../api/networking/service-entry.ts';
import type { Analyzer } from '../analyzer.ts';
import type { AnalysisContext } from '../context.ts';
import { MSG } from '../messages.ts';

function autoAllocated(ctx: AnalysisContext): boolean {
  const md = ((ctx.mesh.raw.defaultConfig ?? {}) as { proxyMetadata?: Record<string, string> }).proxyMetadata ?? {};
  if (md.ISTIO_META_DNS_CAPTURE !== 'true') return false;
  return md.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || md.PILOT_ENABLE_IP_AUTOALLOCATE === 'true';
}

export const serviceEntryAddressesRequired: Analyzer = {
  name: 'serviceentry.Analyzer',
  description: 'Checks that ServiceEntries with TCP ports have addresses',
  messages: [MSG.ServiceEntryAddressesRequired],
  analyze(ctx) {
    const entries = ctx.byKind<ServiceEntry>('ServiceEntry');
    if (entries.length === 0 || autoAllocated(ctx)) return;
    for (const se of entries) {
      if ((se.spec?.addresses ?? []).length > 0) continue;
      (se.spec?.ports ?? []).forEach((p, i) => {
        if (p.protocol && p.protocol.toUpperCase() !== 'TCP') return;
        ctx.report(MSG.ServiceEntryAddressesRequired, se, [], {
          hint: `Port ${p.number}${p.name ? ` (${p.name})` : ''} is ${p.protocol ? 'TCP' : 'without protocol (treated as TCP)'}; add spec.addresses (a VIP or CIDR for ${(se.spec.hosts ?? []).join(', ')}), or set the port's protocol (HTTP, TLS, ...) if it is not plain TCP.`,
          at: { holder: se.spec.ports, key: i },
          path: `spec.ports[${i}]`,
        });
      });
    }
  },
};
