/**
 * Every destination a VirtualService names — http/tls/tcp route destinations and http mirrors —
 * with where it is (`spec.http[0].route[1].destination`), so analyzers check each one once and
 * point at its line.
 */
import type { Destination, VirtualService } from '../api/networking/virtual-service.ts';
import type { Resource } from '../api/resource.ts';

export interface DestinationRef {
  destination: Destination;
  /** `http`, `tls`, `tcp` route destination, or an http `mirror`. */
  role: 'route' | 'mirror';
  path: string;
}

export function virtualServiceDestinations(r: Resource<VirtualService>): DestinationRef[] {
  const out: DestinationRef[] = [];
  const spec = r.spec ?? {};
  (spec.http ?? []).forEach((h, i) => {
    (h.route ?? []).forEach((d, j) => {
      if (d?.destination) out.push({ destination: d.destination, role: 'route', path: `spec.http[${i}].route[${j}].destination` });
    });
    if (h.mirror) out.push({ destination: h.mirror, role: 'mirror', path: `spec.http[${i}].mirror` });
    (h.mirrors ?? []).forEach((mp, j) => {
      if (mp?.destination) out.push({ destination: mp.destination, role: 'mirror', path: `spec.http[${i}].mirrors[${j}].destination` });
    });
  });
  for (const kind of ['tls', 'tcp'] as const) {
    (spec[kind] ?? []).forEach((t, i) => {
      (t.route ?? []).forEach((d, j) => {
        if (d?.destination) out.push({ destination: d.destination, role: 'route', path: `spec.${kind}[${i}].route[${j}].destination` });
      });
    });
  }
  return out;
}

/** The gateways a VirtualService binds, as written; absent means `mesh`. */
export function boundGateways(spec: VirtualService | undefined): string[] {
  const g = spec?.gateways ?? [];
  return g.length > 0 ? [...g] : ['mesh'];
}
