/**
 * IST0112 VirtualServiceDestinationPortSelectorRequired: a destination without `port` whose
 * service exposes several ports. Istio then guesses from the listener port, which is wrong for
 * requests arriving on any other port.
 */
import type { VirtualService } from '../../api/networking/virtual-service.ts';
import type { Analyzer } from '../analyzer.ts';
import { MSG } from '../messages.ts';
import { virtualServiceDestinations } from '../virtual-service-walk.ts';

export const destinationPortSelectorRequired: Analyzer = {
  name: 'virtualservice.DestinationPortAnalyzer',
  description: 'Checks that destinations of multi-port services name a port',
  messages: [MSG.VirtualServiceDestinationPortSelectorRequired],
  analyze(ctx) {
    for (const vs of ctx.byKind<VirtualService>('VirtualService')) {
      for (const ref of virtualServiceDestinations(vs)) {
        const d = ref.destination;
        if (!d.host || d.port?.number) continue;
        const svc = ctx.findService(d.host, vs.metadata.namespace);
        if (!svc || svc.ports.length < 2) continue;
        const ports = svc.ports.map((p) => p.port);
        const named = svc.ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ');
        ctx.report(MSG.VirtualServiceDestinationPortSelectorRequired, vs, [d.host, ports], {
          hint: `Add \`port: {number: N}\` to this destination with N one of ${named}.`,
          at: { holder: d, key: 'host' },
          path: `${ref.path}.port`,
        });
      }
    }
  },
};
