/**
 * `/config_dump` in the shape of Envoy's admin output (ListenersConfigDump, ClustersConfigDump,
 * RoutesConfigDump, SecretsConfigDump, EndpointsConfigDump with `?include_eds`), showing exactly
 * the resources applied, each with the version it last changed in. Private keys are redacted.
 */
import type { ProxyResources, Secret } from '../../envoy/types.ts';
import { TYPE_URL } from '../../envoy/type-urls.ts';

const ADMIN = 'type.googleapis.com/envoy.admin.v3.';

interface Stamp {
  json: string;
  version: number;
  time: string;
}

/** Remembers, per resource, the version and time it last changed. */
export class ResourceVersions {
  private readonly stamps = new Map<string, Stamp>();

  record(resources: ProxyResources, version: number, time: string): void {
    const seen = new Set<string>();
    const kinds: [string, { name?: string; clusterName?: string }[]][] = [
      ['listener', resources.listeners],
      ['route', resources.routes],
      ['cluster', resources.clusters],
      ['endpoint', resources.endpoints],
      ['secret', resources.secrets],
    ];
    for (const [kind, list] of kinds) {
      for (const r of list) {
        const key = `${kind}/${r.name ?? r.clusterName}`;
        seen.add(key);
        const json = JSON.stringify(r);
        const prev = this.stamps.get(key);
        if (!prev || prev.json !== json) this.stamps.set(key, { json, version, time });
      }
    }
    for (const k of this.stamps.keys()) if (!seen.has(k)) this.stamps.delete(k);
  }

  stamp(kind: string, name: string): Stamp | undefined {
    return this.stamps.get(`${kind}/${name}`);
  }
}

function redact(s: Secret): Secret {
  if (!s.tlsCertificate?.privateKey) return s;
  const pk = s.tlsCertificate.privateKey;
  return { ...s, tlsCertificate: { ...s.tlsCertificate, privateKey: pk.filename ? { filename: pk.filename } : { inlineString: '[redacted]' } } };
}

export function configDump(resources: ProxyResources | undefined, versions: ResourceVersions, version: number, bootstrap: unknown, includeEds: boolean): unknown {
  const r = resources ?? { listeners: [], routes: [], clusters: [], endpoints: [], secrets: [] };
  const v = (kind: string, name: string): { versionInfo: string; lastUpdated: string | undefined } => {
    const st = versions.stamp(kind, name);
    return { versionInfo: String(st?.version ?? version), lastUpdated: st?.time };
  };
  const configs: unknown[] = [
    { '@type': ADMIN + 'BootstrapConfigDump', bootstrap },
    {
      '@type': ADMIN + 'ClustersConfigDump',
      versionInfo: String(version),
      dynamicActiveClusters: r.clusters.map((c) => ({ ...v('cluster', c.name), cluster: { '@type': TYPE_URL.cluster, ...c } })),
    },
    {
      '@type': ADMIN + 'ListenersConfigDump',
      versionInfo: String(version),
      dynamicListeners: r.listeners.map((l) => {
        const st = v('listener', l.name);
        return { name: l.name, activeState: { ...st, listener: { '@type': TYPE_URL.listener, ...l } } };
      }),
    },
    {
      '@type': ADMIN + 'RoutesConfigDump',
      dynamicRouteConfigs: r.routes.map((rc) => ({ ...v('route', rc.name), routeConfig: { '@type': TYPE_URL.route, ...rc } })),
    },
    {
      '@type': ADMIN + 'SecretsConfigDump',
      dynamicActiveSecrets: r.secrets.map((s) => ({ name: s.name, ...v('secret', s.name), secret: { '@type': TYPE_URL.secret, ...redact(s) } })),
    },
  ];
  if (includeEds) {
    configs.push({
      '@type': ADMIN + 'EndpointsConfigDump',
      dynamicEndpointConfigs: r.endpoints.map((e) => ({ ...v('endpoint', e.clusterName), endpointConfig: { '@type': TYPE_URL.endpoint, ...e } })),
    });
  }
  return { configs };
}
